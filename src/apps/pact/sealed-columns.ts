import type { SealedColumn } from '../../platform/crypto/index.js';

/** Pact's TenantVault ciphertext: the private half of each tenant's chain checkpoint key (sealed by kid). */
export const SEALED_PACT_COLUMNS = [{ table: 'pact_checkpoint_keys', column: 'private_key_sealed', idColumn: 'kid' }] as const satisfies readonly SealedColumn[];

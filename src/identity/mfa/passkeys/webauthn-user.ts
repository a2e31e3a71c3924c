import { COSEALG } from '@simplewebauthn/server/helpers';
import type { Queryable } from '../../../platform/db/index.js';

/** ES256 first (every platform authenticator), then EdDSA, then RS256 (Windows Hello). */
export const PASSKEY_ALGORITHMS: number[] = [COSEALG.ES256, COSEALG.EdDSA, COSEALG.RS256];

/**
 * The WebAuthn user handle: the user id's 16 bytes. It is opaque and carries no personal data,
 * as the spec asks, and a discoverable credential returns it so the handle can be cross-checked.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

export function userHandleBase64url(userId: string): string {
  return Buffer.from(userHandleOf(userId)).toString('base64url');
}

/** The user's registered credentials, oldest first, as the descriptors the ceremony options list. */
export async function credentialDescriptorsOf(db: Queryable, userId: string): Promise<{ id: string; transports: string[] }[]> {
  const { rows } = await db.query<{ credential_id: string; transports: string[] }>(
    'SELECT credential_id, transports FROM passkeys WHERE user_id = $1 ORDER BY created_at',
    [userId],
  );
  return rows.map((row) => ({ id: row.credential_id, transports: row.transports }));
}

export { decryptField, DecryptionError, encryptField, needsReencryption, resealField } from './field-encryption.js';
export type { FieldContext } from './field-encryption.js';
export { generateKeySpec, parseKeyring } from './keyring.js';
export type { Keyring, MasterKey } from './keyring.js';
export { loadKeyring } from './load-keyring.js';
export { createTenantVault } from './tenant-vault.js';
export type { OpenedField, SensitiveFieldRef, TenantVault } from './tenant-vault.js';

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** Where a ciphertext belongs. Bound in as AAD, so a value copied to another row, column or tenant fails to decrypt. */
export interface FieldContext {
  readonly tenantId: string | null;
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

const VERSION = 'v1';

function aad(context: FieldContext): Buffer {
  return Buffer.from(['bsns', VERSION, context.tenantId ?? '-', context.table, context.column, context.rowId].join('|'));
}

/**
 * AES-256-GCM with a random 96-bit IV and the full 128-bit tag. The output names the key
 * that made it: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export function encryptField(keyring: Keyring, plaintext: string, context: FieldContext): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.active.key, iv, { authTagLength: 16 });
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keyring.active.id, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** The one place in the code base that decrypts (enforced by check:security-invariants). */
export function decryptField(keyring: Keyring, sealed: string, context: FieldContext): string {
  const [version, keyId, ivPart, bodyPart, extra] = sealed.split('.');
  if (version !== VERSION || !keyId || !ivPart || !bodyPart || extra !== undefined) throw new DecryptionError('Not a bsns ciphertext');
  const key = keyring.byId.get(keyId);
  if (!key) throw new DecryptionError(`Unknown key id ${keyId}: is BSNS_MASTER_KEYS missing a retired key?`);
  const iv = Buffer.from(ivPart, 'base64url');
  const body = Buffer.from(bodyPart, 'base64url');
  if (iv.length !== 12 || body.length < 16) throw new DecryptionError('Malformed ciphertext');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(aad(context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('Ciphertext failed authentication (wrong key, tampered, or moved from another field)');
  }
}

const BYTES_MAGIC = Buffer.from('BSB1', 'latin1');

/**
 * The same AES-256-GCM sealing for bytes (a PDF): `BSB1`, the key id's length (one byte) and
 * UTF-8 text, the 12-byte IV, then ciphertext and the 16-byte tag. The AAD binds it as a field's.
 */
export function encryptBytes(keyring: Keyring, plaintext: Buffer, context: FieldContext): Buffer {
  const iv = randomBytes(12);
  const keyId = Buffer.from(keyring.active.id, 'utf8');
  const cipher = createCipheriv('aes-256-gcm', keyring.active.key, iv, { authTagLength: 16 });
  cipher.setAAD(aad(context));
  return Buffer.concat([BYTES_MAGIC, Buffer.from([keyId.length]), keyId, iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The key id a sealed blob's header names (`dk<version>`), or null when it is not one. */
export function sealedBytesKeyId(sealed: Buffer): string | null {
  if (sealed.length < 5 || !sealed.subarray(0, 4).equals(BYTES_MAGIC)) return null;
  return sealed.subarray(5, 5 + sealed[4]!).toString('utf8');
}

export function decryptBytes(keyring: Keyring, sealed: Buffer, context: FieldContext): Buffer {
  const keyId = sealedBytesKeyId(sealed);
  if (keyId === null) throw new DecryptionError('Not a bsns sealed blob');
  const idLength = sealed[4]!;
  const key = keyring.byId.get(keyId);
  if (!key) throw new DecryptionError(`Unknown key id ${keyId}: is BSNS_MASTER_KEYS missing a retired key?`);
  const iv = sealed.subarray(5 + idLength, 17 + idLength);
  const body = sealed.subarray(17 + idLength);
  if (iv.length !== 12 || body.length < 16) throw new DecryptionError('Malformed sealed blob');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(aad(context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw new DecryptionError('Sealed blob failed authentication (wrong key, tampered, or moved from another place)');
  }
}

/** Whether a stored value was sealed under a key other than the active one (rotation progress). */
export function needsReencryption(keyring: Keyring, sealed: string): boolean {
  return sealed.split('.')[1] !== keyring.active.id;
}

/**
 * Re-seals a value under the active key (master-key rotation). Lives here so that decryption
 * stays inside this module; the plaintext never leaves the function.
 */
export function resealField(keyring: Keyring, sealed: string, context: FieldContext): string {
  return encryptField(keyring, decryptField(keyring, sealed, context), context);
}

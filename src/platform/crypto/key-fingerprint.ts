import { createHmac } from 'node:crypto';
import type { Keyring } from './keyring.js';

const LABEL = 'bsns key fingerprint v1';

/**
 * A fingerprint identifies a key without revealing it: an HMAC-SHA256 of a fixed label under
 * the key, truncated to 128 bits. It cannot be reversed, and it is useless for decryption.
 */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update(LABEL).digest('base64url').slice(0, 22);
}

/** Key id → fingerprint for every master key of the keyring (what `config/key-fingerprints.json` records). */
export function keyringFingerprints(keyring: Keyring): Map<string, string> {
  return new Map([...keyring.byId.values()].map((key) => [key.id, keyFingerprint(key.key)]));
}

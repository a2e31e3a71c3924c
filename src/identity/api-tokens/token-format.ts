import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 43 base62 characters carry 256 bits: at least 32 random bytes, as issue 8 asks. */
const SECRET_LENGTH = 43;
/** A CRC32 (at most 4294967295) in base62 fits in six characters. */
const CHECKSUM_LENGTH = 6;

export type CredentialPrefix = 'pat_' | 'bsk_';

function base62(value: number, width: number): string {
  let text = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) text = BASE62[rest % 62] + text;
  return text.padStart(width, '0');
}

function checksumOf(prefix: string, secret: string): string {
  return base62(crc32(prefix + secret), CHECKSUM_LENGTH);
}

/**
 * A new credential text, GitHub style: prefix, 43 random base62 characters, then a CRC32 of
 * the two in six base62 characters. The prefix lets secret scanners find a leaked one; the
 * checksum lets the server refuse a typo or a made-up token without asking the database.
 */
export function mintCredentialText(prefix: CredentialPrefix): string {
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += BASE62[randomInt(62)];
  return prefix + secret + checksumOf(prefix, secret);
}

/** True when the text has the prefix, the shape and a matching checksum: only then is it worth a lookup. */
export function hasValidChecksum(text: string, prefix: CredentialPrefix): boolean {
  if (text.length !== prefix.length + SECRET_LENGTH + CHECKSUM_LENGTH || !text.startsWith(prefix)) return false;
  const secret = text.slice(prefix.length, prefix.length + SECRET_LENGTH);
  if (!/^[0-9A-Za-z]+$/.test(secret)) return false;
  return text.slice(prefix.length + SECRET_LENGTH) === checksumOf(prefix, secret);
}

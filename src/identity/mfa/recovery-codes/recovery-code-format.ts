import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base32: no i, l, o or u, so a code read off paper cannot be mistyped into another. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_BYTES = 10; // 80 bits: 16 characters of 5 bits
const CODE_LENGTH = 16;
const GROUP = 4;

/** A fresh code from the CSPRNG, written `xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCode(): string {
  let bits = BigInt(`0x${randomBytes(CODE_BYTES).toString('hex')}`);
  let chars = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    chars = ALPHABET[Number(bits & 31n)]! + chars;
    bits >>= 5n;
  }
  return chars.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * The canonical form that is hashed: case, dashes and spaces ignored, and the letters people
 * confuse with digits (o, i, l) read as the digits. Null when it cannot be a recovery code.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  if (compact.length !== CODE_LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return compact;
}

/** SHA-256 suffices without a salt: each code carries 80 random bits, out of reach of any dictionary. */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

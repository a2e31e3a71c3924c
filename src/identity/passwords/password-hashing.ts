import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at the OWASP Password Storage Cheat Sheet's first recommended setting
 * (19 MiB, 2 iterations, 1 lane). Raising these only needs a new hash on next sign-in.
 */
export const ARGON2_PARAMETERS = Object.freeze({ algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

// A hash of a random password, verified when the account does not exist, so an unknown
// email costs the same time as a wrong password and timing reveals nothing.
let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash, or against a dummy hash when there is none,
 * always spending one argon2id verification.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** Whether a stored hash was made with weaker parameters than today's (rehash after sign-in). */
export function needsRehash(storedHash: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!match) return true;
  return Number(match[1]) < ARGON2_PARAMETERS.memoryCost || Number(match[2]) < ARGON2_PARAMETERS.timeCost;
}

/**
 * The attack: someone who watches a user type a TOTP code (shoulder-surfing, a phishing proxy,
 * a logged request) replays it, fires it from many connections at once hoping two land before
 * the "used" mark, or uses an older code after a newer one; someone with a database dump reads
 * the TOTP secrets or recovery codes out of it, or moves a ciphertext to a row they control; a
 * stolen recovery code is spent twice in parallel. Each must fail, in the database itself.
 */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/identity-factories.js';
import { testMfaDeps } from '../../../test/support/mfa-test-deps.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { decryptField } from '../../platform/crypto/index.js';
import type { Platform } from '../../platform/open-platform.js';
import { confirmTotpEnrollment, generateRecoveryCodes, remainingRecoveryCodes, startTotpEnrollment, useRecoveryCode, verifyTotp } from './index.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(() => platform.close());

const STEP_MS = 30_000;
const PARALLEL = 8;

function codeAt(secretBase32: string, instant: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), timestamp: instant.getTime() });
}

async function enrolledUser() {
  const deps = testMfaDeps(platform);
  const user = await createTestUser(platform.identityDb);
  const enrollment = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
  const { recoveryCodes } = await confirmTotpEnrollment(deps, { userId: user.id, factorId: enrollment.factorId, code: codeAt(enrollment.secretBase32, deps.clock.now()) });
  return { deps, user, secret: enrollment.secretBase32, factorId: enrollment.factorId, recoveryCodes };
}

describe('TOTP replay', () => {
  it('refuses the same code the second time', async () => {
    const { deps, user, secret } = await enrolledUser();
    deps.clock.advance(STEP_MS);
    const code = codeAt(secret, deps.clock.now());
    expect(await verifyTotp(deps, { userId: user.id, code })).toBe(true);
    expect(await verifyTotp(deps, { userId: user.id, code })).toBe(false);
    deps.clock.advance(STEP_MS / 2); // still inside the window for that step
    expect(await verifyTotp(deps, { userId: user.id, code })).toBe(false);
  });

  it('refuses the code that confirmed the enrollment as a sign-in code', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const enrollment = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    const code = codeAt(enrollment.secretBase32, deps.clock.now());
    await confirmTotpEnrollment(deps, { userId: user.id, factorId: enrollment.factorId, code });
    expect(await verifyTotp(deps, { userId: user.id, code })).toBe(false);
  });

  it(`lets exactly one of ${PARALLEL} parallel verifications of one code through`, async () => {
    const { deps, user, secret } = await enrolledUser();
    deps.clock.advance(STEP_MS);
    const code = codeAt(secret, deps.clock.now());
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => verifyTotp(deps, { userId: user.id, code })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an older step once a newer one was accepted, though it is inside the window', async () => {
    const { deps, user, secret } = await enrolledUser();
    deps.clock.advance(2 * STEP_MS);
    const now = deps.clock.now();
    const older = codeAt(secret, new Date(now.getTime() - STEP_MS));
    // The older code is otherwise valid at this instant: only replay protection can refuse it.
    expect(TOTP.validate({ token: older, secret: Secret.fromBase32(secret), timestamp: now.getTime(), window: 1 })).toBe(-1);
    expect(await verifyTotp(deps, { userId: user.id, code: codeAt(secret, now) })).toBe(true);
    expect(await verifyTotp(deps, { userId: user.id, code: older })).toBe(false);
  });
});

describe('TOTP secrets at rest', () => {
  it('stores the secret only as ciphertext bound to its row', async () => {
    const { deps, user, secret, factorId } = await enrolledUser();
    const { rows } = await platform.identityDb.query<Record<string, unknown>>('SELECT * FROM totp_factors WHERE id = $1', [factorId]);
    const stored = JSON.stringify(rows[0]);
    const raw = Secret.fromBase32(secret);
    for (const form of [secret, secret.toLowerCase(), raw.hex, Buffer.from(raw.bytes).toString('base64'), Buffer.from(raw.bytes).toString('base64url')]) {
      expect(stored).not.toContain(form);
    }
    const sealed = rows[0]!.secret_encrypted as string;
    expect(decryptField(deps.keyring, sealed, { tenantId: null, table: 'totp_factors', column: 'secret_encrypted', rowId: factorId })).toBe(secret);
    expect(user.id).toBe(rows[0]!.user_id);
  });

  it("refuses to use a secret copied into another user's factor row", async () => {
    const victim = await enrolledUser();
    const attacker = await enrolledUser();
    const { rows } = await platform.identityDb.query<{ secret_encrypted: string }>('SELECT secret_encrypted FROM totp_factors WHERE id = $1', [victim.factorId]);
    await platform.identityDb.query('UPDATE totp_factors SET secret_encrypted = $2 WHERE id = $1', [attacker.factorId, rows[0]!.secret_encrypted]);
    attacker.deps.clock.advance(STEP_MS);
    const code = codeAt(victim.secret, attacker.deps.clock.now());
    // One keyring for both, so only the AAD (table, column, row) can make decryption fail.
    expect(attacker.deps.keyring).toBe(victim.deps.keyring);
    await expect(verifyTotp(attacker.deps, { userId: attacker.user.id, code })).rejects.toThrow(/failed authentication/);
  });
});

describe('recovery codes', () => {
  it('are single use', async () => {
    const { deps, user, recoveryCodes } = await enrolledUser();
    const [code] = recoveryCodes;
    expect(await useRecoveryCode(deps, { userId: user.id, code: code! })).toBe(true);
    expect(await useRecoveryCode(deps, { userId: user.id, code: code! })).toBe(false);
    expect(await remainingRecoveryCodes(deps, { userId: user.id })).toBe(9);
  });

  it(`let exactly one of ${PARALLEL} parallel uses of one code through`, async () => {
    const { deps, user, recoveryCodes } = await enrolledUser();
    const code = recoveryCodes[3]!;
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => useRecoveryCode(deps, { userId: user.id, code })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await remainingRecoveryCodes(deps, { userId: user.id })).toBe(9);
  });

  it('are stored only as hashes', async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const { rows } = await platform.identityDb.query('SELECT * FROM recovery_codes WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
  });

  it("work only for their own user, and die when the set is regenerated", async () => {
    const owner = await enrolledUser();
    const thief = await createTestUser(platform.identityDb);
    expect(await useRecoveryCode(owner.deps, { userId: thief.id, code: owner.recoveryCodes[0]! })).toBe(false);
    const fresh = await generateRecoveryCodes(owner.deps, { userId: owner.user.id });
    expect(fresh.some((code) => owner.recoveryCodes.includes(code))).toBe(false);
    expect(await useRecoveryCode(owner.deps, { userId: owner.user.id, code: owner.recoveryCodes[0]! })).toBe(false);
    expect(await useRecoveryCode(owner.deps, { userId: owner.user.id, code: fresh[0]! })).toBe(true);
  });

  it('accept the code however it is typed, and nothing close to it', async () => {
    const { deps, user, recoveryCodes } = await enrolledUser();
    const code = recoveryCodes[0]!;
    expect(await useRecoveryCode(deps, { userId: user.id, code: ` ${code.toUpperCase().replace(/-/g, ' ')} ` })).toBe(true);
    const neighbour = recoveryCodes[1]!;
    const lastChar = neighbour.at(-1) === '0' ? '1' : '0';
    expect(await useRecoveryCode(deps, { userId: user.id, code: neighbour.slice(0, -1) + lastChar })).toBe(false);
    expect(await useRecoveryCode(deps, { userId: user.id, code: neighbour.replace(/-/g, '') })).toBe(true);
  });
});

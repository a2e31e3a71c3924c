import { Secret, TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../test/support/identity-factories.js';
import { testMfaDeps } from '../../../../test/support/mfa-test-deps.js';
import { openTestPlatform } from '../../../../test/support/test-platform.js';
import type { Platform } from '../../../platform/open-platform.js';
import { confirmTotpEnrollment, hasSecondFactor, listFactors, removeTotp, startTotpEnrollment, totpQrSvg, verifyTotp } from '../index.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(() => platform.close());

const STEP_MS = 30_000;

function codeAt(secretBase32: string, instant: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), timestamp: instant.getTime() });
}

async function enrolledUser() {
  const deps = testMfaDeps(platform);
  const user = await createTestUser(platform.identityDb);
  const enrollment = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
  const { recoveryCodes } = await confirmTotpEnrollment(deps, { userId: user.id, factorId: enrollment.factorId, code: codeAt(enrollment.secretBase32, deps.clock.now()) });
  return { deps, user, enrollment, recoveryCodes };
}

describe('TOTP enrollment', () => {
  it('hands out a 160-bit secret in an otpauth URI naming the issuer and account', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const enrollment = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    expect(Secret.fromBase32(enrollment.secretBase32).bytes).toHaveLength(20);
    const parsed = URI.parse(enrollment.otpauthUri);
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed).toMatchObject({ issuer: deps.rp.name, label: user.email, digits: 6, period: 30, algorithm: 'SHA1' });
    expect(parsed.secret.base32).toBe(enrollment.secretBase32);
    expect(await hasSecondFactor(deps, user.id)).toBe(false);
  });

  it('confirms with a current code and returns ten recovery codes once', async () => {
    const { deps, user, enrollment, recoveryCodes } = await enrolledUser();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    const factors = await listFactors(deps, user.id);
    expect(factors.totp?.factorId).toBe(enrollment.factorId);
    expect(factors.recoveryCodesRemaining).toBe(10);
    expect(await hasSecondFactor(deps, user.id)).toBe(true);
  });

  it('refuses a wrong confirmation code and leaves the factor unconfirmed', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const enrollment = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    const stale = codeAt(enrollment.secretBase32, new Date(deps.clock.now().getTime() - 5 * STEP_MS));
    await expect(confirmTotpEnrollment(deps, { userId: user.id, factorId: enrollment.factorId, code: stale })).rejects.toMatchObject({ code: 'mfa.invalid_code' });
    expect((await listFactors(deps, user.id)).totp).toBeNull();
    expect(await hasSecondFactor(deps, user.id)).toBe(false);
  });

  it('replaces a pending enrollment with a new one', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const first = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    const second = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    expect(second.secretBase32).not.toBe(first.secretBase32);
    const now = deps.clock.now();
    await expect(confirmTotpEnrollment(deps, { userId: user.id, factorId: first.factorId, code: codeAt(first.secretBase32, now) })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
    await confirmTotpEnrollment(deps, { userId: user.id, factorId: second.factorId, code: codeAt(second.secretBase32, now) });
    const { rows } = await platform.identityDb.query('SELECT id FROM totp_factors WHERE user_id = $1', [user.id]);
    expect(rows).toEqual([{ id: second.factorId }]);
  });

  it('refuses a second authenticator app while one is confirmed', async () => {
    const { deps, user } = await enrolledUser();
    await expect(startTotpEnrollment(deps, { userId: user.id, accountName: user.email })).rejects.toMatchObject({ code: 'mfa.totp_already_enrolled' });
  });

  it("will not confirm another user's pending factor", async () => {
    const deps = testMfaDeps(platform);
    const owner = await createTestUser(platform.identityDb);
    const intruder = await createTestUser(platform.identityDb);
    const enrollment = await startTotpEnrollment(deps, { userId: owner.id, accountName: owner.email });
    const code = codeAt(enrollment.secretBase32, deps.clock.now());
    await expect(confirmTotpEnrollment(deps, { userId: intruder.id, factorId: enrollment.factorId, code })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
  });
});

describe('TOTP verification', () => {
  it('accepts a fresh code and refuses a wrong one', async () => {
    const { deps, user, enrollment } = await enrolledUser();
    deps.clock.advance(STEP_MS);
    const code = codeAt(enrollment.secretBase32, deps.clock.now());
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await verifyTotp(deps, { userId: user.id, code: wrong })).toBe(false);
    expect(await verifyTotp(deps, { userId: user.id, code: 'abcdef' })).toBe(false);
    expect(await verifyTotp(deps, { userId: user.id, code })).toBe(true);
    expect((await listFactors(deps, user.id)).totp?.lastUsedAt).toEqual(deps.clock.now());
  });

  it('forgives one step of clock drift either way, but not two', async () => {
    const { deps, user, enrollment } = await enrolledUser();
    deps.clock.advance(10 * STEP_MS);
    const at = (steps: number) => codeAt(enrollment.secretBase32, new Date(deps.clock.now().getTime() + steps * STEP_MS));
    expect(await verifyTotp(deps, { userId: user.id, code: at(-2) })).toBe(false);
    expect(await verifyTotp(deps, { userId: user.id, code: at(-1) })).toBe(true);
    expect(await verifyTotp(deps, { userId: user.id, code: at(+2) })).toBe(false);
    expect(await verifyTotp(deps, { userId: user.id, code: at(+1) })).toBe(true);
  });

  it('accepts codes typed with spaces', async () => {
    const { deps, user, enrollment } = await enrolledUser();
    deps.clock.advance(STEP_MS);
    const code = codeAt(enrollment.secretBase32, deps.clock.now());
    expect(await verifyTotp(deps, { userId: user.id, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toBe(true);
  });

  it('knows nothing of unconfirmed factors or other users', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const pending = await startTotpEnrollment(deps, { userId: user.id, accountName: user.email });
    expect(await verifyTotp(deps, { userId: user.id, code: codeAt(pending.secretBase32, deps.clock.now()) })).toBe(false);
    const other = await enrolledUser();
    other.deps.clock.advance(STEP_MS);
    expect(await verifyTotp(deps, { userId: user.id, code: codeAt(other.enrollment.secretBase32, other.deps.clock.now()) })).toBe(false);
  });
});

describe('TOTP removal', () => {
  it("removes the user's own factor, and only theirs", async () => {
    const { deps, user, enrollment } = await enrolledUser();
    const stranger = await createTestUser(platform.identityDb);
    await expect(removeTotp(deps, { userId: stranger.id, factorId: enrollment.factorId })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
    expect(await hasSecondFactor(deps, user.id)).toBe(true);
    await removeTotp(deps, { userId: user.id, factorId: enrollment.factorId });
    expect(await hasSecondFactor(deps, user.id)).toBe(false);
    deps.clock.advance(STEP_MS);
    expect(await verifyTotp(deps, { userId: user.id, code: codeAt(enrollment.secretBase32, deps.clock.now()) })).toBe(false);
    await expect(removeTotp(deps, { userId: user.id, factorId: enrollment.factorId })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
  });
});

describe('totpQrSvg', () => {
  it('renders the URI as an SVG document', async () => {
    const a = await totpQrSvg('otpauth://totp/bsns:a%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=bsns');
    const b = await totpQrSvg('otpauth://totp/bsns:b%40example.test?secret=JBSWY3DPEHPK3PXQ&issuer=bsns');
    expect(a.startsWith('<svg')).toBe(true);
    expect(a).toContain('<path');
    expect(a).not.toBe(b);
  });
});

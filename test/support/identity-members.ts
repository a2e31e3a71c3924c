import { randomBytes, randomUUID } from 'node:crypto';
import { TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { Queryable } from '../../src/platform/db/index.js';
import { hashPassword } from '../../src/identity/passwords/password-hashing.js';
import { createTestUser } from './identity-factories.js';
import type { SuiteClient } from './suite-client.js';

/** The password of every member made here; hashed once per test process (argon2id is slow on purpose). */
export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface TestMember {
  readonly id: string;
  readonly email: string;
  readonly tenantId: string;
}

export interface TestMemberOptions {
  /** End of the MFA grace window; defaults to seven days after `clock.now()`. */
  readonly graceUntil?: Date;
  readonly role?: 'owner' | 'admin' | 'member';
  readonly disabledAt?: Date | null;
}

/**
 * A verified user who belongs to a fresh tenant (identity side; launch mirrors it to the business
 * database), ready to sign in with `TEST_PASSWORD`. Skips the sign-up mail round trip.
 */
export async function createTestMember(db: Queryable, clock: Clock, options: TestMemberOptions = {}): Promise<TestMember> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const now = clock.now();
  const user = await createTestUser(db, {
    passwordHash: await passwordHash,
    emailVerifiedAt: now,
    mfaGraceUntil: options.graceUntil ?? new Date(now.getTime() + 7 * 24 * 3600_000),
    disabledAt: options.disabledAt ?? null,
  });
  const { rows } = await db.query<{ id: string }>('INSERT INTO tenants (name, created_by) VALUES ($1, $2) RETURNING id', [
    `Tenant ${randomUUID().slice(0, 8)}`,
    user.id,
  ]);
  const tenantId = rows[0]!.id;
  await db.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenantId, user.id, options.role ?? 'owner']);
  return { ...user, tenantId };
}

/** A client address no other test (or earlier run, for Redis) uses: its own IPv6 /64. */
export function uniqueTestAddress(): string {
  const [a, b] = [randomBytes(2).toString('hex'), randomBytes(2).toString('hex')];
  return `2001:db8:${a}:${b}::1`;
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}

/** A six-digit code that no step of the acceptance window (±1 step) would take. */
export function wrongTotpCode(secret: string, at: Date, offset = 1): string {
  const valid = new Set([-30_000, 0, 30_000].map((delta) => totpCode(secret, new Date(at.getTime() + delta))));
  for (let candidate = offset; ; candidate++) {
    const code = String((Number(totpCode(secret, at)) + candidate * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

export async function signIn(client: SuiteClient, email: string, password = TEST_PASSWORD) {
  const response = await client.post('/api/v1/auth/sign-in', { email, password });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { mfa: { state: string; graceEndsAt: string } };
}

/** Enrols and confirms TOTP through the API (needs a fresh sign-in); the session is MFA-satisfied after. */
export async function enrollTotp(client: SuiteClient, clock: Clock): Promise<{ factorId: string; secret: string; recoveryCodes: string[] }> {
  const enroll = await client.post('/api/v1/auth/totp/enroll');
  expect(enroll.statusCode, enroll.body).toBe(200);
  const { factorId, secret } = enroll.json() as { factorId: string; secret: string };
  const confirm = await client.post('/api/v1/auth/totp/confirm', { code: totpCode(secret, clock.now()) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  return { factorId, secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes };
}

/** The id of the session the client holds (readable even while MFA is pending). */
export async function currentSessionId(client: SuiteClient): Promise<string> {
  const response = await client.get('/api/v1/auth/session');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { session: { id: string } }).session.id;
}

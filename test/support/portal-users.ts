import { randomUUID } from 'node:crypto';
import { TOTP } from 'otpauth';
import { hashPassword } from '../../src/identity/passwords/password-hashing.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { createTestUser } from './identity-factories.js';
import type { SuiteClient } from './suite-client.js';

export const PORTAL_TEST_PASSWORD = 'portal test password 1';

/**
 * A verified user who owns a fresh tenant, created in the database directly (sign-up through the
 * API is rate limited per address, and these tests are about what comes after it).
 */
export async function createTenantOwner(platform: Platform, options: { mfaGraceUntil: Date; tenantName?: string }) {
  const user = await createTestUser(platform.identityDb, {
    passwordHash: await hashPassword(PORTAL_TEST_PASSWORD),
    emailVerifiedAt: platform.clock.now(),
    mfaGraceUntil: options.mfaGraceUntil,
  });
  const tenantName = options.tenantName ?? `Portal ${randomUUID().slice(0, 8)}`;
  const { rows } = await platform.identityDb.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [tenantName]);
  const tenantId = rows[0]!.id;
  await platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, user.id]);
  return { ...user, tenantId, tenantName };
}

export function totpCode(secret: string, clock: Clock): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: clock.now().getTime() });
}

/** Signs the client in with the test password and returns the MFA state the API reported. */
export async function signIn(client: SuiteClient, email: string): Promise<string> {
  const response = await client.post('/api/v1/auth/sign-in', { email, password: PORTAL_TEST_PASSWORD });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { mfa: { state: string } }).mfa.state;
}

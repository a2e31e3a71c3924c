import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { grantPlatformGroup } from '../../src/identity/platform-groups/index.js';
import type { PlatformGroup } from '../../src/platform/access/platform-permissions.js';
import type { ManualClock } from '../../src/platform/clock.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { createTestMember, enrollTotp, signIn, totpCode, uniqueTestAddress, type TestMember } from './identity-members.js';
import { SuiteClient } from './suite-client.js';

export interface PlatformAdmin extends TestMember {
  /** A session that has proven TOTP, carrying the admin's platform groups. */
  readonly browser: SuiteClient;
  readonly totpSecret: string;
}

/**
 * A member granted `group` the way `bsns admin grant` does, with an authenticator app, signed in
 * on a fresh session that passed MFA (platform postures demand it). No group: an ordinary member
 * with MFA done, for the refusals.
 */
export async function platformAdmin(app: FastifyInstance, platform: Pick<Platform, 'identityDb'>, clock: ManualClock, group: PlatformGroup | null): Promise<PlatformAdmin> {
  const member = await createTestMember(platform.identityDb, clock);
  if (group) await grantPlatformGroup(platform.identityDb, clock, member.email, group);
  const enrolling = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(enrolling, member.email);
  const { secret } = await enrollTotp(enrolling, clock);
  const browser = await mfaVerifiedClient(app, clock, member.email, secret);
  return { ...member, browser, totpSecret: secret };
}

/** A new session for `email` that proved its TOTP factor. */
export async function mfaVerifiedClient(app: FastifyInstance, clock: ManualClock, email: string, secret: string): Promise<SuiteClient> {
  const client = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(client, email);
  clock.advance(30_000); // a fresh TOTP step: a code is accepted once
  const verified = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock.now()) });
  expect(verified.statusCode, verified.body).toBe(200);
  return client;
}

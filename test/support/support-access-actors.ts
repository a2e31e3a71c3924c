import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.js';
import type { Queryable } from '../../src/platform/db/index.js';
import { createTestMember, enrollTotp, signIn, totpCode, uniqueTestAddress, type TestMember } from './identity-members.js';
import { SuiteClient } from './suite-client.js';

export interface TestPlatformAdmin extends TestMember {
  /** A session of theirs that proved TOTP just now (platform postures demand it). */
  readonly client: SuiteClient;
  readonly totpSecret: string;
}

/**
 * A platform admin in `group` (what `bsns admin grant` writes) with a TOTP factor, signed in with
 * MFA proven. Their own tenant comes with them, as for any member.
 */
export async function createPlatformAdmin(app: FastifyInstance, db: Queryable, clock: ManualClock, group = 'SUPER_ADMIN'): Promise<TestPlatformAdmin> {
  const member = await createTestMember(db, clock);
  await db.query(`INSERT INTO platform_group_members (user_id, group_name, granted_at, granted_by) VALUES ($1, $2, $3, 'cli')`, [member.id, group, clock.now()]);
  const enrolling = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(enrolling, member.email);
  const { secret } = await enrollTotp(enrolling, clock);
  return { ...member, client: await signInWithTotp(app, clock, member.email, secret), totpSecret: secret };
}

/** A new browser session for `email` that completed TOTP (a fresh step, since a code is accepted once). */
export async function signInWithTotp(app: FastifyInstance, clock: ManualClock, email: string, secret: string): Promise<SuiteClient> {
  const client = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(client, email);
  clock.advance(30_000);
  const verified = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock.now()) });
  expect(verified.statusCode, verified.body).toBe(200);
  return client;
}

/** A signed-in member (owner by default) of a fresh tenant, in the enrolment grace window. */
export async function signedInMember(app: FastifyInstance, db: Queryable, clock: ManualClock, role: 'owner' | 'admin' | 'member' = 'owner'): Promise<TestMember & { client: SuiteClient }> {
  const member = await createTestMember(db, clock, { role });
  const client = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return { ...member, client };
}

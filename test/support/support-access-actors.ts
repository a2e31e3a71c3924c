import type { FastifyInstance } from 'fastify';
import type { PlatformGroup } from '../../src/platform/access/platform-permissions.js';
import type { ManualClock } from '../../src/platform/clock.js';
import type { IdentityDb } from '../../src/platform/db/index.js';
import { createTestMember, signIn, uniqueTestAddress, type TestMember } from './identity-members.js';
import { mfaVerifiedClient, platformAdmin } from './platform-admins.js';
import { SuiteClient } from './suite-client.js';

export interface TestPlatformAdmin extends TestMember {
  /** A session of theirs that proved TOTP just now (platform postures demand it). */
  readonly client: SuiteClient;
  readonly totpSecret: string;
}

/**
 * A platform admin in `group` (granted as `bsns admin grant` does) with a TOTP factor, signed in
 * with MFA proven (`platformAdmin`, under the name the support access tests use). Their own
 * tenant comes with them, as for any member.
 */
export async function createPlatformAdmin(app: FastifyInstance, db: IdentityDb, clock: ManualClock, group: PlatformGroup = 'SUPER_ADMIN'): Promise<TestPlatformAdmin> {
  const admin = await platformAdmin(app, { identityDb: db }, clock, group);
  return { ...admin, client: admin.browser };
}

/** A new browser session for `email` that completed TOTP (a fresh step, since a code is accepted once). */
export const signInWithTotp = mfaVerifiedClient;

/** A signed-in member (owner by default) of a fresh tenant, in the enrolment grace window. */
export async function signedInMember(app: FastifyInstance, db: IdentityDb, clock: ManualClock, role: 'owner' | 'admin' | 'member' = 'owner'): Promise<TestMember & { client: SuiteClient }> {
  const member = await createTestMember(db, clock, { role });
  const client = new SuiteClient(app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return { ...member, client };
}

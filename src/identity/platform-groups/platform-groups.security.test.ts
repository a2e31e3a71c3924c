/**
 * Attack story: an ordinary user (or someone who just signed up) wants the platform admin's
 * view: they call `GET /api/v1/admin/audit` and hope a platform posture lets them through.
 * Platform groups are granted only at the operator's shell (`bsns admin grant`), every change
 * leaves an audit entry, and a revoked admin's next session carries nothing. A typo in the group
 * or the address is refused with a message, never a partial grant.
 */
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../../../test/support/cli-process.js';
import { createTestMember, enrollTotp, signIn, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { testEnv } from '../../../test/support/test-platform.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

/** A new session for `email`; with a TOTP secret, MFA is completed too (platform postures demand it). */
async function freshClient(email: string, totpSecret?: string): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, email);
  if (totpSecret) {
    clock.advance(30_000); // a fresh TOTP step: a code is accepted once
    const verified = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(totpSecret, clock.now()) });
    expect(verified.statusCode, verified.body).toBe(200);
  }
  return client;
}

const bsns = (...args: string[]) => runCli(args, cliEnv(testEnv()));

describe('platform groups', () => {
  it('refuses the admin audit API to a user in no group, grants it through the CLI only, and audits each change', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const before = await freshClient(member.email);
    const { secret } = await enrollTotp(before, clock);
    const refused = await before.get('/api/v1/admin/audit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('auth.permission_denied');

    const granted = await bsns('admin', 'grant', member.email, 'support_admin');
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    const listed = await bsns('admin', 'list');
    expect(listed.stdout).toMatch(new RegExp(`SUPPORT_ADMIN[^\\n]*\\n(?:  .*\\n)*  ${member.email.replace(/[.]/g, '\\.')}`));

    const inGrace = await freshClient(member.email);
    expect((await inGrace.get('/api/v1/admin/audit')).json().error.code).toBe('auth.mfa_required');
    const admin = await freshClient(member.email, secret);
    const page = await admin.get(`/api/v1/admin/audit?action=platform.group.granted&limit=5`);
    expect(page.statusCode).toBe(200);
    const entry = (page.json().entries as Array<{ actor: { type: string }; target: { id: string }; metadata: { group: string } }>).find(
      (candidate) => candidate.target.id === member.id,
    );
    expect(entry).toMatchObject({ actor: { type: 'cli' }, metadata: { group: 'SUPPORT_ADMIN' } });

    expect((await bsns('admin', 'revoke', member.email, 'SUPPORT_ADMIN')).code).toBe(0);
    const after = await freshClient(member.email, secret);
    expect((await after.get('/api/v1/admin/audit')).statusCode).toBe(403);
    const { rows } = await suite.platform.identityDb.query<{ action: string }>(
      "SELECT action FROM platform_audit_log WHERE target_id = $1 AND action LIKE 'platform.group.%' ORDER BY seq",
      [member.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['platform.group.granted', 'platform.group.revoked']);
  });

  it('refuses an unknown group or address with a message and grants nothing', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const badGroup = await bsns('admin', 'grant', member.email, 'ROOT');
    expect(badGroup.code).toBe(1);
    expect(badGroup.stderr).toContain('Unknown platform group "ROOT"');
    const nobody = await bsns('admin', 'grant', `nobody-${member.id}@example.test`, 'SUPER_ADMIN');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No user with the email');
    expect(nobody.stderr).not.toMatch(/^\s+at /m);
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM platform_group_members WHERE user_id = $1', [member.id]);
    expect(rows).toHaveLength(0);
  });
});

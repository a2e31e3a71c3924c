/**
 * Attack story: someone holding a stolen password guesses second-factor codes, or a tenant admin
 * quietly invites an outsider who joins. Both must leave an entry in the platform audit log that
 * the operator reads at `/admin/audit`: a failed MFA attempt with its method and address, an
 * invitation sent and accepted with the tenant and role (never the code, never the address).
 */
import { describe, expect, it } from 'vitest';
import { createTestMember, enrollTotp, signIn, uniqueTestAddress, wrongTotpCode } from '../../test/support/identity-members.js';
import { waitForMailTokens } from '../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../test/support/suite-client.js';
import { useTestSuite } from '../../test/support/test-suite.js';
import { ManualClock } from '../platform/clock.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

async function entries(action: string, tenantOrActor: string) {
  const { rows } = await suite.platform.identityDb.query<{ actor_id: string; target_type: string; target_id: string; tenant_id: string | null; metadata: Record<string, unknown>; client_address: string | null }>(
    'SELECT actor_id, target_type, target_id, tenant_id, metadata, client_address FROM platform_audit_log WHERE action = $1 AND (actor_id = $2 OR tenant_id::text = $2) ORDER BY seq',
    [action, tenantOrActor],
  );
  return rows;
}

describe('identity security events in the audit log', () => {
  it('records a failed MFA attempt with its method and address, and not the code', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const enrolling = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(enrolling, member.email);
    const { secret } = await enrollTotp(enrolling, clock);
    const guesser = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(guesser, member.email);
    const wrong = wrongTotpCode(secret, clock.now());
    expect((await guesser.post('/api/v1/auth/mfa/verify', { code: wrong })).json().error.code).toBe('mfa.invalid_code');
    const failed = await entries('auth.mfa.failed', member.id);
    expect(failed).toEqual([expect.objectContaining({ target_type: 'user', target_id: member.id, metadata: { method: 'otp' }, client_address: guesser.remoteAddress })]);
    expect(JSON.stringify(failed)).not.toContain(wrong);
  });

  it('records an invitation sent and accepted, with tenant and role but no address', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const invitee = await createTestMember(suite.platform.identityDb, clock);
    const ownerClient = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(ownerClient, owner.email);
    expect((await ownerClient.post('/api/v1/tenant/invitations', { email: invitee.email, role: 'member' })).statusCode).toBe(201);
    const [token] = await waitForMailTokens(invitee.email, 'You are invited');
    const inviteeClient = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(inviteeClient, invitee.email);
    expect((await inviteeClient.post('/api/v1/auth/invitations/accept', { token })).statusCode).toBe(200);

    const sent = await entries('tenant.invitation.sent', owner.tenantId);
    expect(sent).toEqual([expect.objectContaining({ actor_id: owner.id, target_type: 'invitation', tenant_id: owner.tenantId, metadata: { role: 'member' } })]);
    const accepted = await entries('tenant.invitation.accepted', owner.tenantId);
    expect(accepted).toEqual([expect.objectContaining({ actor_id: invitee.id, target_id: sent[0]!.target_id, metadata: { role: 'member' } })]);
    expect(JSON.stringify([...sent, ...accepted])).not.toContain(invitee.email);
  });
});

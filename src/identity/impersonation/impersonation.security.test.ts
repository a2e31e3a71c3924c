/**
 * Attack stories for support access (impersonation, SPEC control 18):
 * - a support session used past its time box, or after it was ended, still reads tenant data;
 * - an impersonator reveals a customer's SSN or plants a factor of their own;
 * - an ordinary user, or an admin without a second factor proven, enters a tenant;
 * - support asks for a longer time box than the hour allowed;
 * - with approval required, support gets in before the tenant says yes, after it said no, after
 *   the request expired, or through an admin of another tenant who "approves" it.
 * Every start, approval, denial and end leaves an audit entry, and the tenant sees what was done.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createPlatformAdmin, signedInMember } from '../../../test/support/support-access-actors.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

/** Another browser holding the same cookies: starting support access replaces that browser's session. */
function sameBrowser(client: SuiteClient): SuiteClient {
  const copy = new SuiteClient(suite.app);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

function sessionJwt(client: SuiteClient) {
  const token = [...client.cookies.values()].find((value) => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(value));
  return decodeJwt(token!);
}

async function setup() {
  const db = suite.platform.identityDb;
  const admin = await createPlatformAdmin(suite.app, db, clock);
  const owner = await signedInMember(suite.app, db, clock);
  return { admin, owner };
}

async function startSupport(admin: SuiteClient, tenantId: string, minutes = 15) {
  const support = sameBrowser(admin);
  const started = await support.post('/api/v1/admin/impersonation', { tenantId, reason: 'Customer ticket 4711: import fails', minutes });
  return { support, started };
}

async function auditActions(eventId: string): Promise<string[]> {
  const { rows } = await suite.platform.identityDb.query<{ action: string }>("SELECT action FROM platform_audit_log WHERE target_type = 'impersonation' AND target_id = $1 ORDER BY seq", [eventId]);
  return rows.map((row) => row.action);
}

describe('support access', () => {
  it('starts at once with an act claim, records what support does, and refuses every request past its time box', async () => {
    const { admin, owner } = await setup();
    const { support, started } = await startSupport(admin.client, owner.tenantId, 15);
    expect(started.statusCode, started.body).toBe(201);
    const { event } = started.json();
    expect(started.json()).toMatchObject({ started: true, event: { status: 'active', tenantId: owner.tenantId, actorId: admin.id } });
    const claims = sessionJwt(support);
    expect(claims).toMatchObject({ sub: admin.id, tid: owner.tenantId, act: { sub: admin.id }, imp: event.id, mfa_at: null });
    expect(claims.pgroups).toBeUndefined();

    expect((await support.get('/launch/records')).statusCode).toBe(303);
    const created = await support.post('/api/v1/records/people', { name: 'Added by support' });
    expect(created.statusCode, created.body).toBe(201);

    const actions = await owner.client.get(`/api/v1/tenant/support-access/events/${event.id}/actions`);
    expect(actions.statusCode, actions.body).toBe(200);
    expect(actions.json().items).toEqual([expect.objectContaining({ method: 'POST', route: '/api/v1/records/people', statusCode: 201 })]);

    // Past the time box: the token lifetime was capped, and the event is checked on refresh and on every request.
    clock.advance(15 * 60_000 + 1_000);
    const late = await support.get('/api/v1/records/people');
    expect(late.statusCode).toBe(401);
    expect((await support.post('/api/v1/records/people', { name: 'Too late' })).statusCode).toBe(401);
    const listed = await owner.client.get('/api/v1/tenant/support-access/events');
    expect(listed.json().items[0]).toMatchObject({ id: event.id, status: 'ended' });
    expect(await auditActions(event.id)).toEqual(['impersonation.started']);
  });

  it('refuses an ended impersonation on the very next request, though its token has not expired', async () => {
    const { admin, owner } = await setup();
    const { support, started } = await startSupport(admin.client, owner.tenantId);
    const { event } = started.json();
    expect((await support.get('/launch/records')).statusCode).toBe(303);
    expect((await support.get('/api/v1/records/people')).statusCode).toBe(200);

    const ended = await admin.client.post(`/api/v1/admin/impersonation/${event.id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended' });
    expect((await support.get('/api/v1/records/people')).statusCode).toBe(401);
    expect((await admin.client.post(`/api/v1/admin/impersonation/${event.id}/end`)).json().error.code).toBe('impersonation.already_ended');
    expect(await auditActions(event.id)).toEqual(['impersonation.started', 'impersonation.ended']);
  });

  it('refuses the support session on the next request once its admin loses the permission', async () => {
    const { admin, owner } = await setup();
    const { support } = await startSupport(admin.client, owner.tenantId);
    expect((await support.get('/api/v1/auth/session')).statusCode).toBe(200);
    await suite.platform.identityDb.query('DELETE FROM platform_group_members WHERE user_id = $1', [admin.id]);
    expect((await support.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('ends the event when the support session signs out', async () => {
    const { admin, owner } = await setup();
    const { support, started } = await startSupport(admin.client, owner.tenantId);
    expect((await support.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    const event = await admin.client.get('/api/v1/admin/impersonation?limit=5');
    expect(event.json().items.find((item: { id: string }) => item.id === started.json().event.id)).toMatchObject({ status: 'ended' });
  });

  it('ends from the banner button of the support session itself', async () => {
    const { admin, owner } = await setup();
    const { support, started } = await startSupport(admin.client, owner.tenantId);
    const beforeEnd = sameBrowser(support);
    const ended = await support.post('/api/v1/impersonation/end');
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await beforeEnd.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect(await auditActions(started.json().event.id)).toEqual(['impersonation.started', 'impersonation.ended']);
  });

  it('refuses reveals of sensitive fields and every factor or account change to an impersonator', async () => {
    const { admin, owner } = await setup();
    expect((await owner.client.get('/launch/records')).statusCode).toBe(303);
    const person = await owner.client.post('/api/v1/records/people', { name: 'Has an SSN', ssn: '234-56-7890' });
    expect(person.statusCode, person.body).toBe(201);
    const { support } = await startSupport(admin.client, owner.tenantId);

    const reveal = await support.post(`/api/v1/records/entries/${person.json().id}/reveal`, { field: 'ssn' });
    expect(reveal.statusCode, reveal.body).toBe(403);
    expect(reveal.json().error.code).toBe('auth.impersonation_forbidden');

    const attempts: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/auth/totp/enroll'],
      ['POST', '/api/v1/auth/recovery-codes'],
      ['POST', '/api/v1/auth/passkeys/registration/options'],
      ['DELETE', `/api/v1/auth/totp/${admin.id}`],
      ['POST', '/api/v1/auth/password/change', { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase 42' }],
      ['POST', '/api/v1/auth/email-change', { newEmail: 'support-takeover@example.test' }],
      ['POST', '/api/v1/account/tokens', { name: 'backdoor', scopes: ['records:read'], expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString() }],
      ['PATCH', '/api/v1/tenant/support-access', { needsApproval: false }],
      // Moving the support session to the admin's own tenant (or any other) would leave the time box's tenant.
      ['POST', '/api/v1/auth/tenants/switch', { tenantId: admin.tenantId }],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await support.request({ method, url, ...(payload ? { payload: payload as object } : {}) });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(403);
      expect(response.json().error.code, `${method} ${url}`).toBe('auth.impersonation_forbidden');
    }
    // Platform powers stay outside too: the support session cannot start another impersonation.
    const nested = await support.post('/api/v1/admin/impersonation', { tenantId: owner.tenantId, reason: 'nested', minutes: 5 });
    expect(nested.statusCode).toBe(403);
  });

  it('refuses a non-admin, an admin without MFA proven in the session, and a time box over 60 minutes', async () => {
    const { admin, owner } = await setup();
    const body = { tenantId: owner.tenantId, reason: 'Looking around', minutes: 10 };
    const member = await signedInMember(suite.app, suite.platform.identityDb, clock);
    expect((await member.client.post('/api/v1/admin/impersonation', body)).statusCode).toBe(403);
    // MFA proven, a platform group, but not one that may impersonate.
    const billing = await createPlatformAdmin(suite.app, suite.platform.identityDb, clock, 'BILLING_ADMIN');
    const refused = await billing.client.post('/api/v1/admin/impersonation', body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('auth.permission_denied');

    const passwordOnly = new SuiteClient(suite.app);
    expect((await passwordOnly.post('/api/v1/auth/sign-in', { email: admin.email, password: 'correct horse battery staple' })).statusCode).toBe(200);
    const noMfa = await passwordOnly.post('/api/v1/admin/impersonation', body);
    expect(noMfa.statusCode).toBe(403);
    expect(noMfa.json().error.code).toBe('auth.mfa_required');

    for (const minutes of [61, 0, 600, 1.5]) {
      const tooLong = await admin.client.post('/api/v1/admin/impersonation', { ...body, minutes });
      expect(tooLong.statusCode, `${minutes} minutes`).toBe(400);
      expect(tooLong.json().error.code).toBe('request.invalid');
    }
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      expect((await admin.client.post('/api/v1/admin/impersonation', { ...body, reason })).statusCode).toBe(400);
    }
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM impersonation_events WHERE tenant_id = $1', [owner.tenantId]);
    expect(rows).toHaveLength(0);
  });

  it('with approval required, starts nothing before approval, never after a denial or expiry, and never on another tenant’s approval', async () => {
    const { admin, owner } = await setup();
    const other = await signedInMember(suite.app, suite.platform.identityDb, clock, 'owner');
    const memberOnly = await signedInMember(suite.app, suite.platform.identityDb, clock, 'member');
    expect((await owner.client.request({ method: 'PATCH', url: '/api/v1/tenant/support-access', payload: { needsApproval: true } })).statusCode).toBe(200);

    const { support, started } = await startSupport(admin.client, owner.tenantId, 20);
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ started: false, event: { status: 'requested' } });
    const request = started.json().event.id as string;
    // The browser kept the admin's own session: no support session exists yet.
    expect(sessionJwt(support).imp).toBeUndefined();
    expect((await support.post(`/api/v1/admin/impersonation/${request}/start`)).json().error.code).toBe('impersonation.not_startable');

    // An owner of another tenant, and a plain member of this one, cannot answer it.
    expect((await other.client.post(`/api/v1/tenant/support-access/events/${request}/approve`)).json().error.code).toBe('impersonation.not_found');
    expect((await memberOnly.client.post(`/api/v1/tenant/support-access/events/${request}/approve`)).statusCode).toBe(403);
    expect((await other.client.get(`/api/v1/tenant/support-access/events/${request}/actions`)).statusCode).toBe(404);

    const denied = await owner.client.post(`/api/v1/tenant/support-access/events/${request}/deny`);
    expect(denied.json()).toMatchObject({ status: 'denied' });
    expect((await support.post(`/api/v1/admin/impersonation/${request}/start`)).json().error.code).toBe('impersonation.not_startable');
    expect((await owner.client.post(`/api/v1/tenant/support-access/events/${request}/approve`)).json().error.code).toBe('impersonation.not_pending');

    // A request nobody answers within a day expires.
    const expiring = (await startSupport(admin.client, owner.tenantId)).started.json().event.id as string;
    clock.advance(24 * 3600_000 + 1_000);
    expect((await owner.client.get('/api/v1/tenant/support-access/events')).json().items.find((item: { id: string }) => item.id === expiring)).toMatchObject({ status: 'expired' });
    expect((await owner.client.post(`/api/v1/tenant/support-access/events/${expiring}/approve`)).json().error.code).toBe('impersonation.not_pending');

    // Approved: the admin starts within the approval window, and the time box runs from the start.
    const admin2 = await createPlatformAdmin(suite.app, suite.platform.identityDb, clock);
    const owner2 = await signedInMember(suite.app, suite.platform.identityDb, clock);
    expect((await owner2.client.request({ method: 'PATCH', url: '/api/v1/tenant/support-access', payload: { needsApproval: true } })).statusCode).toBe(200);
    const asked = (await startSupport(admin2.client, owner2.tenantId, 5)).started.json().event.id as string;
    expect((await owner2.client.post(`/api/v1/tenant/support-access/events/${asked}/approve`)).json()).toMatchObject({ status: 'approved' });
    const supportBrowser = sameBrowser(admin2.client);
    const begun = await supportBrowser.post(`/api/v1/admin/impersonation/${asked}/start`);
    expect(begun.statusCode, begun.body).toBe(200);
    expect(begun.json()).toMatchObject({ started: true, event: { status: 'active' } });
    expect(sessionJwt(supportBrowser)).toMatchObject({ act: { sub: admin2.id }, imp: asked });
    expect(await auditActions(asked)).toEqual(['impersonation.requested', 'impersonation.approved', 'impersonation.started']);
    expect(await auditActions(request)).toEqual(['impersonation.requested', 'impersonation.denied']);

    // An approval nobody uses within its window expires too.
    const late = (await startSupport(admin2.client, owner2.tenantId, 5)).started.json().event.id as string;
    await owner2.client.post(`/api/v1/tenant/support-access/events/${late}/approve`);
    clock.advance(61 * 60_000);
    const refused = await sameBrowser(admin2.client).post(`/api/v1/admin/impersonation/${late}/start`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('impersonation.not_startable');
  });
});

/**
 * The pages of support access render for the people they are for: the admin's list and start
 * form, the banner on every page of every app during an impersonation, and the tenant's support
 * access and audit log pages (owners and admins; a member sees the empty state).
 */
import { describe, expect, it } from 'vitest';
import { createPlatformAdmin, signedInMember } from '../../../test/support/support-access-actors.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

function page(client: SuiteClient, url: string) {
  return client.request({ method: 'GET', url, headers: { accept: 'text/html' } });
}

describe('support access pages', () => {
  it('shows the admin the events, the tenant its history and actions, and the banner on every app during one', async () => {
    const admin = await createPlatformAdmin(suite.app, suite.platform.identityDb, clock);
    const owner = await signedInMember(suite.app, suite.platform.identityDb, clock);

    const empty = await page(owner.client, '/tenant/support-access');
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.body).toContain('Support has never asked for or used access to this tenant.');
    expect(empty.body).toContain('No request is waiting for an answer.');

    const support = new SuiteClient(suite.app);
    for (const [name, value] of admin.client.cookies) support.cookies.set(name, value);
    const started = await support.post('/api/v1/admin/impersonation', { tenantId: owner.tenantId, reason: 'Ticket 12: labels vanish', minutes: '30' });
    expect(started.statusCode, started.body).toBe(201);
    expect((await support.get('/launch/records')).statusCode).toBe(303);
    expect((await support.post('/api/v1/records/people', { name: 'Via support' })).statusCode).toBe(201);

    for (const url of ['/records/', '/']) {
      const shown = await page(support, url);
      expect(shown.statusCode, `${url}: ${shown.body.slice(0, 300)}`).toBe(200);
      expect(shown.body, url).toContain('data-support-access');
      expect(shown.body, url).toContain(`Support access by <strong>${admin.email}</strong>`);
    }
    // The admin pages need the admin's own session: the support session carries no platform powers.
    expect((await page(support, '/admin/impersonation')).statusCode).toBe(403);

    const listed = await page(admin.client, '/admin/impersonation');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.body).toContain('Ticket 12: labels vanish');
    expect(listed.body).toContain('In progress');
    expect(listed.body).not.toContain('data-support-access');
    // From the admin tenant page's link, the start form names the tenant already.
    expect((await page(admin.client, `/admin/impersonation?tenant=${owner.tenantId}`)).body).toMatch(new RegExp(`id="impersonation-tenant"[^>]*value="${owner.tenantId}"`));
    const eventId = started.json().event.id as string;
    const detail = await page(admin.client, `/admin/impersonation/${eventId}`);
    expect(detail.body).toContain('POST /api/v1/records/people');

    const history = await page(owner.client, '/tenant/support-access');
    expect(history.body).toContain(admin.email);
    expect(history.body).toContain('In progress');
    const actions = await page(owner.client, `/tenant/support-access/${eventId}`);
    expect(actions.statusCode).toBe(200);
    expect(actions.body).toContain('POST /api/v1/records/people');

    const audit = await page(owner.client, '/tenant/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('impersonation.started');
    expect(audit.body).toContain(admin.email);

    const member = await signedInMember(suite.app, suite.platform.identityDb, clock, 'member');
    expect((await page(member.client, '/tenant/audit')).body).toContain('Only owners and admins of the active tenant see its audit log.');
    // Without a second factor proven, the admin pages send a browser to MFA first.
    const refused = await page(member.client, '/admin/impersonation');
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toMatch(/^\/mfa/);
  });
});

describe('in host mode', () => {
  const hosted = useTestSuite({ clock, env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' } });

  it('answers the admin part at auth.<domain>/admin only, sending a signed-out browser to the portal sign-in', async () => {
    const html = { accept: 'text/html' };
    const onAuth = await hosted.app.inject({ method: 'GET', url: '/admin/impersonation', headers: { ...html, host: 'auth.example.com' } });
    expect(onAuth.statusCode).toBe(303);
    expect(onAuth.headers.location).toMatch(/^\/sign-in\?return_to=%2Fadmin%2Fimpersonation/);
    for (const host of ['records.example.com', 'example.com']) {
      expect((await hosted.app.inject({ method: 'GET', url: '/admin/impersonation', headers: { ...html, host } })).statusCode, host).toBe(404);
    }
  });
});

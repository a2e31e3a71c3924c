import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createTenantOwner, signIn, totpCode } from '../../../test/support/portal-users.js';
import { SuiteClient, waitForMail } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const DAY_MS = 24 * 3600_000;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const suite = useTestSuite({ clock });

function browse(client: SuiteClient, url: string) {
  return client.request({ method: 'GET', url, headers: HTML });
}

/** What the CSP and the accessibility rules demand of every page, checked on its markup. */
function expectWellFormedPage(html: string): void {
  expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
  expect(html).toMatch(/<main id="main"/);
  expect(html).toMatch(/<h1[ >]/);
  // No inline script, inline style or inline handler: the CSP would block them.
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/<style[\s>]/);
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  // Every visible control has a label pointing at it.
  for (const [, tag, attributes] of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    if (/type="(hidden|submit)"/.test(attributes!)) continue;
    const id = /\sid="([^"]+)"/.exec(attributes!)?.[1];
    expect(id, `${tag} without id: ${attributes}`).toBeDefined();
    expect(html).toContain(`<label for="${id}"`);
  }
}

async function grantedOwner(graceDays = 7) {
  const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + graceDays * DAY_MS) });
  const client = new SuiteClient(suite.app);
  return { owner, client, state: await signIn(client, owner.email) };
}

describe('the public pages', () => {
  it.each(['/sign-in', '/sign-up', '/forgot-password', '/verify-email?token=abcdefghijklmnopqrstuvwxyz', '/reset-password?token=abcdefghijklmnopqrstuvwxyz', '/invitations/accept?token=abcdefghijklmnopqrstuvwxyz'])(
    '%s renders accessible HTML without inline script or style',
    async (url) => {
      const response = await browse(new SuiteClient(suite.app), url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expectWellFormedPage(response.body);
    },
  );

  it('serves the hashed script and stylesheet the pages name, cached for good', async () => {
    const page = (await browse(new SuiteClient(suite.app), '/sign-in')).body;
    const script = /<script type="module" src="(\/assets\/portal-[0-9a-f]{16}\.js)">/.exec(page)?.[1];
    const style = /<link rel="stylesheet" href="(\/assets\/portal-[0-9a-f]{16}\.css)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await suite.app.inject({ method: 'GET', url: script! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toContain('/api/v1/auth/passkeys/authentication/options');
    const css = await suite.app.inject({ method: 'GET', url: style! });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain(':focus-visible');
    expect((await suite.app.inject({ method: 'GET', url: '/assets/portal-0000000000000000.js' })).statusCode).toBe(404);
  });

  it('does not spend a verification token when the link is opened', async () => {
    const client = new SuiteClient(suite.app);
    const email = `pages-${crypto.randomUUID()}@example.test`;
    expect((await client.post('/api/v1/auth/sign-up', { email, password: 'a long enough password', tenantName: 'Pages' })).statusCode).toBe(202);
    const mail = await waitForMail(email, 'Confirm your email');
    const link = /http:\/\/localhost:3000(\/verify-email\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    const token = new URL(link!, 'http://localhost').searchParams.get('token')!;
    const page = await browse(client, link!);
    expect(page.body).toContain(`value="${token}"`);
    expect((await browse(client, link!)).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
  });

  it('lists the development mailbox and shows a message as text with its suite link', async () => {
    const sender = new SuiteClient(suite.app);
    const email = `mailbox-${crypto.randomUUID()}@example.test`;
    await sender.post('/api/v1/auth/password/forgot', { email });
    await sender.post('/api/v1/auth/sign-up', { email, password: 'a long enough password', tenantName: 'Mail' });
    // The mailbox answers a loopback peer only (mailbox-loopback.security.test.ts); inject sends Host from the URL.
    const client = new SuiteClient(suite.app, 'http://localhost:3000', '127.0.0.1');
    await waitForMail(email, 'Confirm your email');
    const list = await browse(client, 'http://localhost:3000/dev/mail');
    expectWellFormedPage(list.body);
    const id = new RegExp(`href="/dev/mail/([^"]+)">Confirm your email address for bsns</a></p><p class="item-meta">To ${email}`).exec(list.body)?.[1];
    expect(id).toBeDefined();
    const message = await browse(client, `http://localhost:3000/dev/mail/${id}`);
    expect(message.statusCode).toBe(200);
    expect(message.body).toMatch(/<a href="http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]+">/);
    expect((await browse(client, 'http://localhost:3000/dev/mail/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });
});

describe('signed-in pages and MFA navigation', () => {
  it('sends an anonymous browser to sign-in and back, but answers an API client with its error', async () => {
    const client = new SuiteClient(suite.app);
    const page = await browse(client, '/account/security?tab=sessions');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?return_to=%2Faccount%2Fsecurity%3Ftab%3Dsessions');
    // Not a navigation: a plain 401, no redirect.
    expect((await client.get('/account/security')).statusCode).toBe(401);
    const launch = await browse(client, '/launch/records');
    expect(launch.statusCode).toBe(303);
    expect(launch.headers.location).toBe('/sign-in?return_to=%2Flaunch%2Frecords');
    const api = await client.get('/launch/records');
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('auth.required');
  });

  it('shows the launcher with a grace banner, and the security, tenants and members pages', async () => {
    const { owner, client, state } = await grantedOwner(3);
    expect(state).toBe('grace');
    const home = await browse(client, '/');
    expect(home.statusCode).toBe(200);
    expectWellFormedPage(home.body);
    expect(home.body).toContain('before <strong>5 March 2026</strong>');
    expect(home.body).toContain('href="/launch/records"');
    expect(home.body).toContain('href="/launch/pact"');
    expect(home.body).not.toContain('Coming in a later release.');
    for (const href of ['/security', '/status', '/api/docs']) expect(home.body).toContain(`<a href="${href}">`);

    const security = await browse(client, '/account/security');
    expectWellFormedPage(security.body);
    expect(security.body).toContain('No passkeys yet.');
    expect(security.body).toContain('No other sessions are signed in.');
    expect(security.body).toContain('autocomplete="current-password"');

    const tenants = await browse(client, '/tenants');
    expectWellFormedPage(tenants.body);
    expect(tenants.body).toContain(`${owner.tenantName}<span class="badge">Current</span>`);

    const members = await browse(client, '/tenant/members');
    expectWellFormedPage(members.body);
    expect(members.body).toContain(owner.email);
    expect(members.body).toContain('No pending invitations.');
    expect(members.body).toContain('data-api="/api/v1/tenant/invitations"');
  });

  it('sends a user who owes MFA to the challenge, from pages and from a launch link', async () => {
    const { owner, client } = await grantedOwner();
    const { secret } = (await client.post('/api/v1/auth/totp/enroll')).json();
    expect((await client.post('/api/v1/auth/totp/confirm', { code: totpCode(secret, clock) })).statusCode).toBe(200);
    await client.post('/api/v1/auth/sign-out');
    expect(await signIn(client, owner.email)).toBe('required');

    expect((await browse(client, '/')).headers.location).toBe('/mfa');
    expect((await browse(client, '/launch/records')).headers.location).toBe('/mfa?return_to=%2Flaunch%2Frecords');
    expect((await client.get('/launch/records')).statusCode).toBe(403);
    expect((await browse(client, '/mfa/setup')).headers.location).toBe('/mfa?return_to=%2Fmfa%2Fsetup');

    const challenge = await browse(client, '/mfa?return_to=%2Flaunch%2Frecords');
    expect(challenge.statusCode).toBe(200);
    expectWellFormedPage(challenge.body);
    expect(challenge.body).toContain('autocomplete="one-time-code"');
    expect(challenge.body).toContain('data-next="/launch/records"');

    clock.advance(30_000);
    expect((await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock) })).statusCode).toBe(200);
    expect((await browse(client, '/mfa?return_to=%2Ftenants')).headers.location).toBe('/tenants');
    expect((await browse(client, '/')).statusCode).toBe(200);
  });

  it('sends a user past the grace window without a factor to enrolment', async () => {
    const { client, state } = await grantedOwner(-1);
    expect(state).toBe('enroll');
    expect((await browse(client, '/')).headers.location).toBe('/mfa');
    expect((await browse(client, '/mfa')).headers.location).toBe('/mfa/setup');
    const setup = await browse(client, '/mfa/setup');
    expect(setup.statusCode).toBe(200);
    expectWellFormedPage(setup.body);
    expect(setup.body).toContain('needs a second sign-in step');
    expect(setup.body).toContain('data-api="/api/v1/auth/totp/enroll"');
  });
});

/**
 * The attack: get into an app without everything the launch gate demands. Someone with a stolen
 * password (MFA still `required`) goes straight to `/launch/records`; a user whose enrolment grace
 * ran out keeps using a token issued inside the window; someone probes app names the portal does
 * not serve; a member removed from the tenant keeps launching on their old session; a tenant
 * that switched an app off still gets in. Each must be refused, never answered with a redirect
 * into the app.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestMember, enrollTotp, signIn, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { appUrl } from '../launch/suite-apps.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../sessions/session-token.js';

const clock = new ManualClock();

const suite = useTestSuite({ clock });

const TOKEN_LIFETIME_MS = SESSION_TOKEN_TTL_SECONDS * 1000;

function newClient(): SuiteClient {
  return new SuiteClient(suite.app, undefined, uniqueTestAddress());
}

function expectRefused(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(response.headers.location).toBeUndefined();
}

/** A member whose session has proven MFA (TOTP enrolled in this session). */
async function satisfiedMember() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const client = newClient();
  await signIn(client, member.email);
  const totp = await enrollTotp(client, clock);
  expect((await client.get('/launch/records')).statusCode).toBe(303);
  return { member, client, totp };
}

describe('MFA at the launch gate', () => {
  it('refuses a password-only session of a user who has a second factor, until MFA is done', async () => {
    const { member, totp } = await satisfiedMember();
    const stolen = newClient();
    expect((await signIn(stolen, member.email)).mfa.state).toBe('required');
    for (const app of ['records', 'pact']) expectRefused(await stolen.get(`/launch/${app}`), 403, 'auth.mfa_required');
    // Refreshing the token changes nothing: the session row has no MFA proof.
    clock.advance(TOKEN_LIFETIME_MS + 10_000);
    expectRefused(await stolen.get('/launch/records'), 403, 'auth.mfa_required');

    // Control: the same session launches once it proves the factor.
    const verify = await stolen.post('/api/v1/auth/mfa/verify', { code: totpCode(totp.secret, clock.now()) });
    expect(verify.statusCode, verify.body).toBe(200);
    expect((await stolen.get('/launch/records')).statusCode).toBe(303);
  });

  it('sends a browser navigation that owes MFA to the MFA page, never into the app', async () => {
    const { member } = await satisfiedMember();
    const stolen = newClient();
    await signIn(stolen, member.email);
    const navigation = await stolen.request({ method: 'GET', url: '/launch/records', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(navigation.statusCode).toBe(303);
    const location = new URL(String(navigation.headers.location), suite.platform.config.publicUrl);
    expect(location.origin).toBe(suite.platform.config.publicUrl);
    expect(location.pathname).toBe('/mfa');
    expect(String(navigation.headers.location)).not.toContain(appUrl(suite.platform.config, 'records'));
  });

  it('refuses a session whose grace window is over and which has no factor (enroll)', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() - 1000) });
    const client = newClient();
    expect((await signIn(client, member.email)).mfa.state).toBe('enroll');
    expectRefused(await client.get('/launch/records'), 403, 'auth.mfa_required');
  });

  it('refuses a grace token once the grace window has ended, though the token has not expired', async () => {
    const graceUntil = new Date(clock.now().getTime() + 2 * 60_000);
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil });
    const client = newClient();
    expect((await signIn(client, member.email)).mfa.state).toBe('grace');
    expect((await client.get('/launch/records')).statusCode).toBe(303);

    // One second before the end the token still launches; one second after, it does not.
    clock.set(new Date(graceUntil.getTime() - 1000));
    expect((await client.get('/launch/records')).statusCode).toBe(303);
    clock.set(new Date(graceUntil.getTime() + 1000));
    expect(clock.now().getTime()).toBeLessThan(graceUntil.getTime() - 2 * 60_000 + TOKEN_LIFETIME_MS);
    expectRefused(await client.get('/launch/records'), 403, 'auth.mfa_required');

    // After a refresh the token itself says `enroll`.
    clock.advance(TOKEN_LIFETIME_MS + 10_000);
    expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe('enroll');
    expectRefused(await client.get('/launch/records'), 403, 'auth.mfa_required');
  });
});

describe('which app', () => {
  it('answers 404 for an app the suite does not have, however it is spelt', async () => {
    const { client } = await satisfiedMember();
    for (const name of ['nope', 'Records', 'RECORDS', 'records.evil.example', '__proto__', 'constructor', 'toString', 'records%20']) {
      expectRefused(await client.get(`/launch/${name}`), 404, 'auth.unknown_app');
    }
    // A NUL never reaches the lookup: the input guard refuses it (safe-text.security.test.ts).
    expectRefused(await client.get('/launch/records%00'), 400, 'request.invalid');
    // Spellings the URL parser or router resolves elsewhere (404, or `/launch/..` is the portal's
    // home), or to the real app, where the real checks run: only that may redirect into an app.
    for (const path of ['/launch/', '/launch/%2e%2e', '/launch/records/../../admin', '/launch/records/x', '/launch//records', '/launch/records/']) {
      const response = await client.get(path);
      const location = response.headers.location;
      if (location === undefined) expect(response.statusCode, path).not.toBe(303);
      else expect([path, location]).toEqual([expect.stringMatching(/^\/launch\/+records\/?$/), appUrl(suite.platform.config, 'records')]);
    }
  });

  it('refuses an app the tenant switched off, and notices a switch-off within the access cache lifetime', async () => {
    const { member, client } = await satisfiedMember();
    expect((await client.get('/launch/records')).statusCode).toBe(303);
    await suite.platform.identityDb.query('INSERT INTO tenant_disabled_apps (tenant_id, app) VALUES ($1, $2)', [member.tenantId, 'records']);
    clock.advance(31_000);
    expectRefused(await client.get('/launch/records'), 403, 'auth.app_not_available');
  });

  it('launches pact like records: its pages are served, so no tile leads to a 404', async () => {
    const { client } = await satisfiedMember();
    const response = await client.get('/launch/pact');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/\/pact\/$/);
    expect((await client.get(response.headers.location as string)).statusCode).toBe(200);
  });

  it('refuses an app disabled before the first launch', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.identityDb.query('INSERT INTO tenant_disabled_apps (tenant_id, app) VALUES ($1, $2)', [member.tenantId, 'records']);
    const client = newClient();
    await signIn(client, member.email);
    await enrollTotp(client, clock);
    expectRefused(await client.get('/launch/records'), 403, 'auth.app_not_available');
  });
});

describe('membership', () => {
  it('refuses a member removed from the tenant once their token has refreshed', async () => {
    const { member, client } = await satisfiedMember();
    await suite.platform.identityDb.query('DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2', [member.tenantId, member.id]);
    clock.advance(TOKEN_LIFETIME_MS + 10_000);
    const session = await client.get('/api/v1/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().tenant).toBeNull();
    expectRefused(await client.get('/launch/records'), 403, 'auth.tenant_required');
  });

  it('refuses a user whose account was disabled once their token has refreshed, without a server error', async () => {
    const { member, client } = await satisfiedMember();
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [member.id, clock.now()]);
    clock.advance(TOKEN_LIFETIME_MS + 10_000);
    expectRefused(await client.get('/launch/records'), 401, 'auth.required');
    expectRefused(await client.get('/api/v1/auth/session'), 401, 'auth.required');
    const { rows } = await suite.platform.identityDb.query<{ revoked: boolean }>('SELECT bool_and(revoked_at IS NOT NULL) AS revoked FROM sessions WHERE user_id = $1', [member.id]);
    expect(rows[0]!.revoked).toBe(true);
  });

  it('launches nothing without a session at all', async () => {
    expectRefused(await suite.app.inject({ method: 'GET', url: '/launch/records' }), 401, 'auth.required');
  });
});

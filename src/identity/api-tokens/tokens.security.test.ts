/**
 * The attack: get hold of, or make up, a personal access token and use it beyond its grant.
 * Mallory reads every route hoping one echoes a token back, or scans a database copy as a
 * superuser for token texts; she mints a token for another user, or with no session at all
 * (a stolen token minting more); she sprays made-up `pat_` strings, hoping to load the database;
 * she uses a records-read token to write; and she keeps using a token after it expired, after
 * its owner revoked it, after her account was disabled or after she left the tenant. Each must
 * fail: no text anywhere but the one creation answer (only its SHA-256 at rest), a refused mint,
 * no database query for a bad checksum, a 403 for a missing scope, a 401 on the very next request.
 */
import pg from 'pg';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { bearer, mintToken, signedInMember } from '../../../test/support/api-token-holders.js';
import { createTestMember } from '../../../test/support/identity-members.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { hashSecret } from '../sessions/session-store.js';
import { createApiToken } from './create-api-token.js';
import { hasValidChecksum, mintCredentialText } from './token-format.js';
import { createTenantMirror } from '../../platform/tenancy/index.js';

const clock = new ManualClock(new Date('2031-03-04T05:06:07Z'));
const suite = useTestSuite({ clock });

afterEach(() => vi.restoreAllMocks());

const member = (options?: Parameters<typeof signedInMember>[2]) => signedInMember(suite.app, suite.platform, options);
const readLabels = (secret: string) => suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(secret) });

describe('a token text', () => {
  it('appears in the creation answer only: no GET route of its owner or tenant echoes it or its hash', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['records:read', 'labels:read'], { name: 'ci export' });
    expect(secret).toMatch(/^pat_[0-9A-Za-z]{49}$/);
    const hash = hashSecret(secret);
    const getRoutes = suite.routes.filter((route) => route.method === 'GET' && !route.url.includes(':') && !route.url.includes('*'));
    expect(getRoutes.map((route) => route.url)).toContain('/api/v1/account/tokens');
    for (const route of getRoutes) {
      for (const response of [await owner.browser.get(route.url), await suite.app.inject({ method: 'GET', url: route.url, headers: bearer(secret) })]) {
        expect(response.body, route.url).not.toContain(secret);
        expect(response.body, route.url).not.toContain(hash);
        expect(response.body, route.url).not.toContain(secret.slice(4, 20));
      }
    }
  });

  it('is nowhere in the identity database, and its SHA-256 only in api_tokens (superuser scan)', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['labels:read']);
    expect((await readLabels(secret)).statusCode).toBe(200); // use it, so last-used columns are written too
    const superuser = new URL(inject('testDatabases').adminUrl);
    superuser.pathname = new URL(suite.platform.databaseUrls.identity).pathname;
    const client = new pg.Client({ connectionString: superuser.toString() });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      const holding: string[] = [];
      for (const { table_name: table } of tables) {
        const { rows } = await client.query<{ text: string }>(`SELECT t::text AS text FROM ${client.escapeIdentifier(table)} t`);
        expect(rows.some((row) => row.text.includes(secret.slice(4))), table).toBe(false);
        if (rows.some((row) => row.text.includes(hashSecret(secret)))) holding.push(table);
      }
      expect(holding).toEqual(['api_tokens']);
    } finally {
      await client.end();
    }
  });
});

describe('minting', () => {
  it('needs a signed-in session: no cookie, or a token in place of one, is refused', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['records:read', 'records:write', 'labels:read', 'labels:write']);
    const body = { name: 'more', scopes: ['records:read'], expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString() };
    expect((await suite.app.inject({ method: 'POST', url: '/api/v1/account/tokens', payload: body })).statusCode).toBe(401);
    const withToken = await suite.app.inject({ method: 'POST', url: '/api/v1/account/tokens', payload: body, headers: bearer(secret) });
    expect(withToken.statusCode).toBe(401);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/account/tokens', headers: bearer(secret) })).statusCode).toBe(401);
  });

  it('for another user or tenant is refused: the body cannot name an owner, and the token is always the caller’s', async () => {
    const mallory = await member();
    const victim = await member();
    const expiresAt = new Date(clock.now().getTime() + 86_400_000).toISOString();
    for (const extra of [{ userId: victim.id }, { tenantId: victim.tenantId }, { user_id: victim.id }]) {
      const response = await mallory.browser.post('/api/v1/account/tokens', { name: 'x', scopes: ['records:read'], expiresAt, ...extra });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [victim.id]);
    expect(rows).toHaveLength(0);
  });

  it('may name another of the caller’s own tenants, and never one they do not belong to', async () => {
    const owner = await member();
    const other = await member();
    const expiresAt = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const foreign = await owner.browser.post('/api/v1/account/tokens', { name: 'x', scopes: ['labels:read'], expiresAt, tenantId: other.tenantId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('api_token.tenant_not_member');
    // Once a member of the second tenant too, the owner may mint for it without switching to it.
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [other.tenantId, owner.id]);
    const minted = await owner.browser.post('/api/v1/account/tokens', { name: 'x', scopes: ['labels:read'], expiresAt, tenantId: other.tenantId });
    expect(minted.statusCode, minted.body).toBe(201);
    const { rows } = await suite.platform.identityDb.query<{ tenant_id: string; user_id: string }>('SELECT tenant_id, user_id FROM api_tokens WHERE id = $1', [minted.json().token.id]);
    expect(rows).toEqual([{ tenant_id: other.tenantId, user_id: owner.id }]);
  });

  it('needs an expiry within a year and scopes from the closed list', async () => {
    const owner = await member();
    const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();
    const cases = [
      { name: 'x', scopes: ['records:read'] },
      { name: 'x', scopes: ['records:read'], expiresAt: inDays(366) },
      { name: 'x', scopes: ['records:read'], expiresAt: inDays(-1) },
      { name: 'x', scopes: ['admin:all'], expiresAt: inDays(1) },
      { name: 'x', scopes: [], expiresAt: inDays(1) },
    ];
    for (const body of cases) expect((await owner.browser.post('/api/v1/account/tokens', body)).statusCode, JSON.stringify(body)).toBe(400);
    expect((await owner.browser.post('/api/v1/account/tokens', { name: 'x', scopes: ['records:read'], expiresAt: inDays(365) })).statusCode).toBe(201);
  });

  it('needs a name that is not blank once trimmed: a 400 naming the field, never a database error', async () => {
    const owner = await member();
    const expiresAt = new Date(clock.now().getTime() + 86_400_000).toISOString();
    for (const name of ['', '   ', '\t', '\u2028', '\uFEFF']) {
      const response = await owner.browser.post('/api/v1/account/tokens', { name, scopes: ['records:read'], expiresAt });
      expect([response.statusCode, response.json().error.code], JSON.stringify(name)).toEqual([400, 'request.invalid']);
    }
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [owner.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('a made-up or mistyped token', () => {
  it('is refused before any database query when its checksum fails', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['labels:read']);
    const typo = secret.slice(0, 10) + (secret[10] === 'a' ? 'b' : 'a') + secret.slice(11);
    const forged = mintCredentialText('pat_').slice(0, -6) + '000000';
    expect(hasValidChecksum(typo, 'pat_')).toBe(false);
    const identityQueries = vi.spyOn(suite.platform.identityDb, 'query');
    const identityTransactions = vi.spyOn(suite.platform.identityDb, 'transaction');
    const tenantUnits = vi.spyOn(suite.platform.businessDb, 'withTenant');
    for (const text of [typo, forged, 'pat_', 'pat_short', `${secret}x`]) {
      const response = await readLabels(text);
      expect(response.statusCode, text).toBe(401);
      expect(response.json().error.code).toBe('auth.required');
    }
    expect(identityQueries).toHaveBeenCalledTimes(0);
    expect(identityTransactions).toHaveBeenCalledTimes(0);
    expect(tenantUnits).toHaveBeenCalledTimes(0);
    // The control: a well-formed token that exists nowhere does reach the database.
    expect((await readLabels(mintCredentialText('pat_'))).statusCode).toBe(401);
    expect(identityQueries).toHaveBeenCalledTimes(1);
  });
});

describe('scopes', () => {
  it('are enforced per route: a read token cannot write, a labels token cannot read records', async () => {
    const owner = await member();
    const { secret: labelsRead } = await mintToken(owner, ['labels:read']);
    expect((await readLabels(labelsRead)).statusCode).toBe(200);
    const write = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name: 'vip' }, headers: bearer(labelsRead) });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('auth.scope_required');
    const people = await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(labelsRead) });
    expect(people.json().error.code).toBe('auth.scope_required');
    const { secret: labelsWrite } = await mintToken(owner, ['labels:write']);
    expect((await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name: 'vip' }, headers: bearer(labelsWrite) })).statusCode).toBe(201);
  });

  it('judge a request by the credential it carries: a bad bearer beside a valid session cookie is refused, not let in as the session', async () => {
    const owner = await member();
    expect((await owner.browser.get('/api/v1/records/labels')).statusCode).toBe(200);
    const bad = await owner.browser.request({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(mintCredentialText('pat_')) });
    expect(bad.statusCode).toBe(401);
    const service = await owner.browser.request({ method: 'GET', url: '/api/v1/records/labels', headers: { authorization: 'Bearer something-else' } });
    expect(service.statusCode).toBe(401);
  });

  it('never reach a session-only route: revealing a sensitive field needs a fresh factor a token never has', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['records:read', 'records:write']);
    const person = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'Ada', ssn: '123-45-6789' }, headers: bearer(secret) });
    expect(person.statusCode, person.body).toBe(201);
    const reveal = await suite.app.inject({ method: 'POST', url: `/api/v1/records/entries/${person.json().id}/reveal`, payload: { field: 'ssn' }, headers: bearer(secret) });
    expect(reveal.statusCode).toBe(401);
    expect(reveal.body).not.toContain('123-45-6789');
  });
});

describe('the next request after', () => {
  it('expiry is refused', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['labels:read'], { expiresAt: new Date(clock.now().getTime() + 60_000) });
    expect((await readLabels(secret)).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await readLabels(secret)).statusCode).toBe(401);
  });

  it('revocation by its owner is refused, and audited once', async () => {
    const owner = await member();
    const { secret, id } = await mintToken(owner, ['labels:read']);
    expect((await readLabels(secret)).statusCode).toBe(200);
    expect((await owner.browser.request({ method: 'DELETE', url: `/api/v1/account/tokens/${id}` })).statusCode).toBe(204);
    expect((await readLabels(secret)).statusCode).toBe(401);
    expect((await owner.browser.request({ method: 'DELETE', url: `/api/v1/account/tokens/${id}` })).statusCode).toBe(204);
    expect(await revocationsAudited(id)).toEqual([{ actor_id: owner.id, tenant_id: owner.tenantId }]);
  });

  it("revocation by the tenant's admin is refused; another tenant's admin, or a plain member, can neither list nor revoke it", async () => {
    const admin = await member();
    const colleague = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [admin.tenantId, colleague.id]);
    const expiresAt = new Date(clock.now().getTime() + 86_400_000);
    const { token, secret } = await createApiToken({ db: suite.platform.identityDb, clock, quotas: suite.platform.quotas, mirrorTenant: createTenantMirror(suite.platform.businessDb) }, { userId: colleague.id, tenantId: admin.tenantId }, { name: 'sync', scopes: ['labels:read'], expiresAt });
    expect((await readLabels(secret)).statusCode).toBe(200);

    const outsider = await member();
    expect((await outsider.browser.get('/api/v1/tenant/tokens')).json().tokens).toEqual([]);
    expect((await outsider.browser.request({ method: 'DELETE', url: `/api/v1/tenant/tokens/${token.id}` })).statusCode).toBe(404);
    const plain = await member({ role: 'member' });
    expect((await plain.browser.get('/api/v1/tenant/tokens')).statusCode).toBe(403);
    expect((await readLabels(secret)).statusCode).toBe(200);

    const listed = (await admin.browser.get('/api/v1/tenant/tokens')).json().tokens as Array<{ id: string; userId: string }>;
    expect(listed.map((row) => [row.id, row.userId])).toContainEqual([token.id, colleague.id]);
    expect((await admin.browser.request({ method: 'DELETE', url: `/api/v1/tenant/tokens/${token.id}` })).statusCode).toBe(204);
    expect((await readLabels(secret)).statusCode).toBe(401);
    expect(await revocationsAudited(token.id)).toEqual([{ actor_id: admin.id, tenant_id: admin.tenantId }]);
  });

  async function revocationsAudited(tokenId: string): Promise<Array<{ actor_id: string; tenant_id: string }>> {
    const { rows } = await suite.platform.identityDb.query<{ actor_id: string; tenant_id: string }>(
      "SELECT actor_id, tenant_id FROM platform_audit_log WHERE action = 'api_token.revoked' AND target_id = $1",
      [tokenId],
    );
    return rows;
  }

  it('the user is disabled, or leaves the tenant, is refused', async () => {
    const owner = await member();
    const { secret } = await mintToken(owner, ['labels:read']);
    expect((await readLabels(secret)).statusCode).toBe(200);
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [owner.id, clock.now()]);
    expect((await readLabels(secret)).statusCode).toBe(401);
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [owner.id]);
    expect((await readLabels(secret)).statusCode).toBe(200);
    await suite.platform.identityDb.query('DELETE FROM memberships WHERE user_id = $1', [owner.id]);
    expect((await readLabels(secret)).statusCode).toBe(401);
  });
});

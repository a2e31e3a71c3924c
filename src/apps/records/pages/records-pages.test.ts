import { describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../../test/support/test-suite.js';

const HTML = { accept: 'text/html' };

function expectNoInlineCode(html: string): void {
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
}

describe('on one origin, under /records', () => {
  const suite = useTestSuite({ resolvers: testResolvers });

  function page(url: string, tenantId: string | null) {
    return suite.app.inject({ method: 'GET', url, headers: { ...HTML, ...(tenantId ? testPrincipalHeader({ tenantId }) : {}) } });
  }

  it('renders the home page with the page kit: its own hashed bundle, an empty state, no inline code', async () => {
    const tenant = await createTestTenant(suite.platform, 'Pages Ltd');
    const response = await page('/records/', tenant);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const html = response.body;
    expect(html).toContain('No people yet.');
    expect(html).toContain('Pages Ltd');
    expectNoInlineCode(html);
    const script = /<script type="module" src="(\/records\/assets\/records-[0-9a-f]{16}\.js)"/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="(\/records\/assets\/records-[0-9a-f]{16}\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await suite.app.inject({ method: 'GET', url: script! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await suite.app.inject({ method: 'GET', url: style! })).body).toContain('.search-form');
  });

  it('renders people, companies, a record with masked fields, tasks and the import wizard', async () => {
    const tenant = await createTestTenant(suite.platform);
    const headers = testPrincipalHeader({ tenantId: tenant });
    const created = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'Page Person', ssn: '123-45-6789' }, headers });
    const id = created.json().id as string;
    for (const url of ['/records/', '/records/companies', '/records/people/new', '/records/companies/new', '/records/tasks', '/records/import', `/records/people/${id}`]) {
      const response = await page(url, tenant);
      expect(response.statusCode, url).toBe(200);
      expectNoInlineCode(response.body);
    }
    const detail = (await page(`/records/people/${id}`, tenant)).body;
    expect(detail).toContain('•••6789');
    expect(detail).not.toContain('123-45-6789');
    expect((await page('/records/?q=page', tenant)).body).toContain('Page Person');
    expect((await page('/records/?q=nobody', tenant)).body).toContain('No people match');
  });

  it('pages the lists with next and previous links that keep the search and sort, and each list of a record on its own', async () => {
    const tenant = await createTestTenant(suite.platform);
    const headers = testPrincipalHeader({ tenantId: tenant });
    const id = (await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'Paged 00' }, headers })).json().id as string;
    await suite.platform.businessDb.withTenant(tenant, async (tx) => {
      await tx.query("INSERT INTO records (tenant_id, id, kind, name) SELECT $1, gen_random_uuid(), 'person', 'Paged ' || lpad(n::text, 2, '0') FROM generate_series(1, 30) AS n", [tenant]);
      await tx.query("INSERT INTO record_notes (tenant_id, record_id, author_id, body, created_at) SELECT $1, $2, 'seed', 'Note number ' || n, now() + n * interval '1 second' FROM generate_series(1, 21) AS n", [tenant, id]);
    });
    const link = (html: string, rel: 'next' | 'prev') => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll('&amp;', '&');
    const first = (await page('/records/?q=paged&sort=name', tenant)).body;
    expect(first).not.toContain('rel="prev"');
    const next = link(first, 'next');
    expect(next).toMatch(/^\/records\/\?q=paged&sort=name&cursor=[A-Za-z0-9_-]+$/);
    const second = (await page(next!, tenant)).body;
    expect(second).toContain('Paged 30');
    expect(second).not.toContain('rel="next"');
    expect((await page(link(second, 'prev')!, tenant)).body).toContain('Paged 00');

    const record = (await page(`/records/people/${id}`, tenant)).body;
    expect(record).toContain('Note number 21');
    expect(record).not.toContain('Note number 1<');
    const olderNotes = link(record, 'next');
    expect(olderNotes).toMatch(new RegExp(`^/records/people/${id}\\?notes=`));
    expect((await page(olderNotes!, tenant)).body).toContain('Note number 1<');
    // Paging one list of a record keeps the others where they stand; a chosen page size stays.
    const timelineCursor = /[?&]notes=([A-Za-z0-9_-]+)/.exec(olderNotes!)![1];
    const withTimeline = (await page(`/records/people/${id}?activity=${timelineCursor}`, tenant)).body;
    expect(link(withTimeline, 'next')).toMatch(new RegExp(`^/records/people/${id}\\?activity=${timelineCursor}&notes=`));
    expect(link((await page('/records/?q=paged&limit=10', tenant)).body, 'next')).toMatch(/^\/records\/\?q=paged&sort=name&limit=10&cursor=/);

    const forged = await page('/records/?cursor=bm90LWEtY3Vyc29y', tenant);
    expect(forged.statusCode).toBe(400);
    expect((await page('/records/tasks?limit=101', tenant)).statusCode).toBe(400);
  });

  it("shows 404 for another tenant's record, and 400 for a malformed id", async () => {
    const tenantA = await createTestTenant(suite.platform);
    const tenantB = await createTestTenant(suite.platform);
    const created = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'B only' }, headers: testPrincipalHeader({ tenantId: tenantB }) });
    const foreign = await page(`/records/people/${created.json().id}`, tenantA);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain('Page not found');
    expect(foreign.body).not.toContain('B only');
    expect((await page('/records/people/not-a-uuid', tenantA)).statusCode).toBe(400);
  });

  it('sends a signed-out browser to the portal sign-in, and back afterwards', async () => {
    const response = await page('/records/tasks', null);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?return_to=%2Frecords%2Ftasks');
  });

  it('lands /launch/records on the records home page', async () => {
    // The launch route itself is identity's (tested there); the page it redirects to must exist.
    const tenant = await createTestTenant(suite.platform);
    expect((await page('/records', tenant)).statusCode).toBe(200);
  });
});

describe('in host mode, on records.<domain>', () => {
  const suite = useTestSuite({ resolvers: testResolvers, env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' } });

  it('answers the records pages on records.<domain> only, and the portal keeps its own host', async () => {
    const tenant = await createTestTenant(suite.platform);
    const headers = { ...HTML, ...testPrincipalHeader({ tenantId: tenant }) };
    const records = await suite.app.inject({ method: 'GET', url: '/tasks', headers: { ...headers, host: 'records.example.com' } });
    expect(records.statusCode).toBe(200);
    expect(records.body).toMatch(/src="\/assets\/records-[0-9a-f]{16}\.js"/);
    expect(records.body).toContain('href="https://auth.example.com/"');
    // The footer's trust links go to the apex, where the trust pages live in host mode.
    expect(records.body).toContain('<a href="https://example.com/security">');
    expect((await suite.app.inject({ method: 'GET', url: '/tasks', headers: { ...headers, host: 'auth.example.com' } })).statusCode).toBe(404);
    const signedOut = await suite.app.inject({ method: 'GET', url: '/', headers: { ...HTML, host: 'records.example.com' } });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('https://auth.example.com/sign-in');
  });
});

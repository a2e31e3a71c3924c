/**
 * The attack: one client makes the server do unbounded work per request. It posts a body of
 * 30,000 nested arrays or one array of 20,000 elements inside the size limit, a query string of
 * 100 KB, headers of 20 KB, or it finds a request whose query runs for minutes and sends it again
 * and again until every pool connection is stuck in it. Each must be refused or cut short with an
 * error in the envelope, and the server (and its pool) must stay healthy for the next client.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Platform } from '../open-platform.js';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';
import { buildTestServer } from '../../../test/support/test-server.js';
import type { BuiltServer } from './build-server.js';
import { arraysWithinBounds, REQUEST_BOUNDS } from './request-bounds.js';
import { PassThrough } from 'node:stream';

const POOL_MAX = 2;
let platform: Platform;
let server: BuiltServer;
let tenantId: string;
let releaseHanging: () => void = () => undefined;
const hanging = new Promise<void>((resolve) => (releaseHanging = resolve));

beforeAll(async () => {
  platform = await openTestPlatform({ BSNS_STATEMENT_TIMEOUT_MS: '200', DATABASE_POOL_MAX: String(POOL_MAX) });
  tenantId = await createTestTenant(platform);
  server = await buildTestServer(
    (app) => {
      const routes = app.withTypeProvider<ZodTypeProvider>();
      routes.post('/api/test/echo', { config: { auth: 'public' }, schema: { body: z.unknown() } }, async () => ({ ok: true }));
      routes.get('/api/test/echo', { config: { auth: 'public' } }, async () => ({ ok: true }));
      // A test-only route whose statement outlives the role's statement_timeout (200 ms here).
      routes.get('/api/test/slow-query', { config: { auth: 'public' } }, async () =>
        platform.businessDb.withTenant(tenantId, async (tx) => (await tx.query('SELECT pg_sleep(30) AS slept')).rows[0]),
      );
      routes.get('/api/test/count-labels', { config: { auth: 'public' } }, async () =>
        platform.businessDb.withTenant(tenantId, async (tx) => ({ labels: Number((await tx.query<{ n: string }>('SELECT count(*) AS n FROM labels')).rows[0]!.n) })),
      );
      routes.get('/api/test/hangs', { config: { auth: 'public' } }, async () => {
        await hanging;
        return { late: true };
      });
    },
    { requestTimeoutMs: 1_000 },
  );
  await server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  releaseHanging();
  await server?.app.close();
  await platform?.close();
});

function expectEnvelope(response: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
}

const post = (payload: string) => server.app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json' }, payload });

describe('bounded request bodies', () => {
  it('refuses JSON nested 30,000 levels deep inside the size limit (the input guard)', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect((await post(nested(16))).statusCode).toBe(200);
    const deep = await post(nested(30_000));
    expect([deep.statusCode, (deep.json() as { error: { code: string } }).error.code]).toEqual([400, 'request.invalid']);
  });

  it('refuses an array longer than the limit anywhere in the body', async () => {
    const array = (length: number) => JSON.stringify({ deep: { list: Array(length).fill(0) } });
    expect((await post(array(REQUEST_BOUNDS.maxArrayLength))).statusCode).toBe(200);
    expectEnvelope(await post(array(REQUEST_BOUNDS.maxArrayLength + 1)), 400, 'request.too_complex');
  });

  it('refuses a body past 64 KiB by default', async () => {
    expectEnvelope(await post(JSON.stringify({ padding: 'x'.repeat(REQUEST_BOUNDS.bodyLimitBytes) })), 413, 'request.body_too_large');
  });
});

describe('the array walk', () => {
  // A streamed upload's body is a stream whose fields lead through the socket and back in cycles:
  // walking it like JSON grew an array until V8 aborted the whole process.
  it('walks parsed JSON only, never a stream or another class instance', () => {
    expect(arraysWithinBounds(new PassThrough())).toBe(true);
    expect(arraysWithinBounds({ upload: new PassThrough(), nested: [{ deep: new Array(REQUEST_BOUNDS.maxArrayLength + 1).fill(0) }] })).toBe(false);
    expect(arraysWithinBounds(Object.assign(Object.create({ inherited: true }), { self: null }))).toBe(true);
    expect(() => arraysWithinBounds([new Map([[1, new Array(5_000).fill(0)]])])).not.toThrow();
  });
});

describe('bounded URLs and headers', () => {
  it('refuses a query string past the limit with 414 in the envelope', async () => {
    expect((await server.app.inject({ method: 'GET', url: `/api/test/echo?q=${'a'.repeat(REQUEST_BOUNDS.maxQueryLength - 2)}` })).statusCode).toBe(200);
    expectEnvelope(await server.app.inject({ method: 'GET', url: `/api/test/echo?q=${'a'.repeat(100_000)}` }), 414, 'request.url_too_long');
  });

  it('answers oversized headers with 431 in the envelope, on a real socket', async () => {
    const { port } = server.app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/test/echo`, { headers: { 'x-padding': 'x'.repeat(20 * 1024) } });
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({ error: { code: 'request.headers_too_large', message: expect.any(String) } });
    expect((await fetch(`http://127.0.0.1:${port}/api/test/echo`)).status).toBe(200);
  });
});

describe('bounded time', () => {
  it('cancels a statement past statement_timeout, answers 503 in the envelope, and the pool stays healthy', async () => {
    // More slow requests than the pool has connections: each must give its connection back.
    for (let attempt = 0; attempt < POOL_MAX * 2; attempt++) {
      expectEnvelope(await server.app.inject({ method: 'GET', url: '/api/test/slow-query' }), 503, 'service.timeout');
    }
    const after = await Promise.all(Array.from({ length: POOL_MAX * 3 }, () => server.app.inject({ method: 'GET', url: '/api/test/count-labels' })));
    expect(after.map((response) => response.statusCode)).toEqual(Array(POOL_MAX * 3).fill(200));
    const active = await platform.businessDb.withTenant(tenantId, async (tx) =>
      (await tx.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'")).rows[0]!.n,
    );
    expect(Number(active)).toBe(0);
  });

  it('answers 503 service.timeout when a handler outlives the request deadline', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/test/hangs' });
    expectEnvelope(response, 503, 'service.timeout');
  });
});

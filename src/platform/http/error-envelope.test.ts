import type { LightMyRequestResponse } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BuiltServer } from './build-server.js';
import { captureLogs, type CapturedLogger } from '../../../test/support/captured-logger.js';
import { buildTestServer } from '../../../test/support/test-server.js';

// Bad input gets a 4xx with a stable code in `{ error: { code, message } }`, never a 5xx;
// a real 5xx says nothing about our internals.

const SECRET = 'relation "tenant_secrets" does not exist at 10.0.0.7 password=hunter2';

let server: BuiltServer;
let logs: CapturedLogger;

beforeAll(async () => {
  logs = captureLogs();
  server = await buildTestServer(
    (app) => {
      const routes = app.withTypeProvider<ZodTypeProvider>();
      routes.post('/api/test/things', {
        config: { auth: 'public' },
        schema: {
          body: z.object({ name: z.string().min(1).max(5), size: z.object({ width: z.number() }).optional() }).strict(),
          querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
          response: { 201: z.object({ name: z.string() }) },
        },
        handler: async (request, reply) => reply.status(201).send({ name: request.body.name }),
      });
      routes.get('/api/test/boom', { config: { auth: 'public' } }, async () => {
        throw new Error(SECRET);
      });
      routes.get('/api/test/throws-string', { config: { auth: 'public' } }, async () => {
        throw SECRET; // what careless library code does
      });
      routes.get('/api/test/library-4xx', { config: { auth: 'public' } }, async () => {
        throw Object.assign(new Error(SECRET), { statusCode: 409 });
      });
      routes.get('/api/test/bad-output', {
        config: { auth: 'public' },
        schema: { response: { 200: z.object({ count: z.number() }) } },
        handler: async () => ({ count: SECRET }) as never,
      });
    },
    { logger: logs.logger },
  );
});

afterAll(async () => {
  await server.app.close();
});

function expectEnvelope(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = response.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; details?: { issues: Array<{ path: string; message: string }> } };
}

function postThings(payload: string | Buffer, contentType: string | undefined = 'application/json', url = '/api/test/things') {
  return server.app.inject({ method: 'POST', url, payload, headers: contentType ? { 'content-type': contentType } : {} });
}

describe('bad JSON', () => {
  it.each([
    ['truncated', '{"name":'],
    ['not JSON at all', '{bad json}'],
    ['single quotes', "{'name':'a'}"],
    ['trailing comma', '{"name":"a",}'],
    ['empty body', ''],
    ['prototype poisoning', '{"name":"a","__proto__":{"isAdmin":true}}'],
    ['constructor poisoning', '{"name":"a","constructor":{"prototype":{"isAdmin":true}}}'],
  ])('answers 400 request.invalid_json to %s', async (_, payload) => {
    expectEnvelope(await postThings(payload), 400, 'request.invalid_json');
  });

  it('does not pollute the prototype of later objects', async () => {
    await postThings('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('wrong content type', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp'])(
    'answers 415 request.unsupported_media_type to %s',
    async (contentType) => {
      expectEnvelope(await postThings('{"name":"a"}', contentType), 415, 'request.unsupported_media_type');
    },
  );

  it('accepts application/json with a charset parameter', async () => {
    const response = await postThings('{"name":"a"}', 'application/json; charset=utf-8');
    expect(response.statusCode).toBe(201);
  });
});

describe('oversize body', () => {
  it('answers 413 request.body_too_large past the default 64 KiB limit', async () => {
    const payload = JSON.stringify({ name: 'a', padding: 'x'.repeat(64 * 1024) });
    expectEnvelope(await postThings(payload), 413, 'request.body_too_large');
  });

  it('honours a configured limit', async () => {
    const { app } = await buildTestServer(
      (root) => {
        root.post('/api/test/small', { config: { auth: 'public' } }, async () => ({ ok: true }));
      },
      { bodyLimit: 64 },
    );
    const fits = await app.inject({ method: 'POST', url: '/api/test/small', payload: { a: 'x'.repeat(10) } });
    expect(fits.statusCode).toBe(200);
    const tooBig = await app.inject({ method: 'POST', url: '/api/test/small', payload: { a: 'x'.repeat(100) } });
    expectEnvelope(tooBig, 413, 'request.body_too_large');
    await app.close();
  });
});

describe('schema violations', () => {
  it('answers 400 request.invalid naming the path of every issue', async () => {
    const error = expectEnvelope(await postThings('{"name":"too long","size":{"width":"wide"}}'), 400, 'request.invalid');
    const paths = error.details!.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.size.width']));
    expect(error.message).toContain('body.name');
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const error = expectEnvelope(await postThings('{"name":"a","isAdmin":true}'), 400, 'request.invalid');
    expect(error.details!.issues).toEqual([{ path: 'body', message: expect.stringContaining('isAdmin') }]);
  });

  it('names the body itself when it is not an object', async () => {
    for (const payload of ['null', '"text"', '[1,2]', '42']) {
      const error = expectEnvelope(await postThings(payload), 400, 'request.invalid');
      expect(error.details!.issues.map((issue) => issue.path), payload).toEqual(['body']);
    }
  });

  it('answers 400 when the body is missing altogether', async () => {
    expectEnvelope(await server.app.inject({ method: 'POST', url: '/api/test/things' }), 400, 'request.invalid');
  });

  it('validates the query string too', async () => {
    const error = expectEnvelope(await postThings('{"name":"a"}', 'application/json', '/api/test/things?dryRun=maybe'), 400, 'request.invalid');
    expect(error.details!.issues.map((issue) => issue.path)).toEqual(['querystring.dryRun']);
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['DELETE', '/api/test/things'],
    ['GET', '/'],
    ['GET', '/api/test/things/../../etc/passwd'],
  ] as const)('answers 404 route.not_found to %s %s', async (method, url) => {
    expectEnvelope(await server.app.inject({ method, url }), 404, 'route.not_found');
  });
});

describe('unexpected errors', () => {
  it.each(['/api/test/boom', '/api/test/throws-string', '/api/test/bad-output'])(
    'answers 500 internal.error from %s without internals',
    async (url) => {
      const response = await server.app.inject({ method: 'GET', url });
      const error = expectEnvelope(response, 500, 'internal.error');
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain('tenant_secrets');
      expect(response.body).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
      expect(response.body).not.toContain('.ts');
      // The message points support at the log line by request id.
      expect(error.message).toContain(String(response.headers['x-request-id']));
    },
  );

  it('keeps the internals in the log, under the same request id', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/test/boom' });
    const requestId = response.headers['x-request-id'];
    const entry = logs.records().find((record) => record.reqId === requestId && record.level === 50);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain('tenant_secrets');
  });

  it('does not echo the message of a library error that carries a 4xx status', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/test/library-4xx' });
    expectEnvelope(response, 409, 'request.malformed');
    expect(response.body).not.toContain('hunter2');
  });
});

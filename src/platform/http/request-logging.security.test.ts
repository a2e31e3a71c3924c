/**
 * The attack: read the logs instead of the database. Logs are shipped to collectors, pasted into
 * tickets and kept for months, so a session cookie, a bearer token, a password or a customer's
 * e-mail address that reaches them is a breach with a long tail. A second attack forges the
 * `x-request-id` header so one request hides among another's log lines, or injects text into them.
 * The server's own logger (same options, in-memory stream) must write none of those secrets, and
 * request ids must be minted by the server alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltServer } from './build-server.js';
import { captureLogs, type CapturedLogger } from '../../../test/support/captured-logger.js';
import { testPrincipalHeader } from '../../../test/support/test-resolvers.js';
import { buildTestServer } from '../../../test/support/test-server.js';

const BEARER = 'pat_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e';
const COOKIE = 'bsns_session=eyJhbGciOiJFZERTQSJ9.c2Vzc2lvbi1zZWNyZXQ.c2lnbmF0dXJl';
const CSRF = 'csrf-7f3e9a1b2c';
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'alice.customer@example.org';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let logs: CapturedLogger;
let server: BuiltServer;

beforeAll(async () => {
  logs = captureLogs('trace');
  server = await buildTestServer(
    (app) => {
      app.get('/api/test/open', { config: { auth: 'public' } }, async () => ({ ok: true }));
      app.get('/api/test/closed', { config: { auth: 'session+mfa' } }, async () => ({ ok: true }));
      // The mistakes a handler author makes: logging the whole request, its headers, or a body.
      app.post('/api/test/careless', { config: { auth: 'public' } }, async (request) => {
        request.log.info({ req: request }, 'the request object');
        request.log.info({ headers: request.headers }, 'the headers');
        request.log.info(request.body as object, 'the body as the log object');
        request.log.info({ body: request.body }, 'the body nested');
        request.log.info({ user: { email: EMAIL, password: PASSWORD } }, 'a user record');
        return { ok: true };
      });
      app.get('/api/test/boom', { config: { auth: 'public' } }, async () => {
        throw new Error('boom');
      });
    },
    { logger: logs.logger },
  );
});

afterAll(async () => {
  await server.app.close();
});

const secretHeaders = {
  origin: 'http://localhost:3000', // the suite's own origin, so the CSRF check lets the cookie through
  authorization: `Bearer ${BEARER}`,
  cookie: COOKIE,
  'x-csrf-token': CSRF,
};

describe('redaction', () => {
  it('writes no credential or personal data, whatever a handler logs', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/test/careless',
      headers: secretHeaders,
      payload: { email: EMAIL, password: PASSWORD, newPassword: PASSWORD, token: BEARER },
    });
    expect(response.statusCode).toBe(200);
    const text = logs.text();
    // The lines were written (so the test can fail), and carry the markers instead of values.
    for (const message of ['the request object', 'the headers', 'the body as the log object', 'the body nested', 'a user record']) {
      expect(text).toContain(message);
    }
    expect(text).toContain('[redacted]');
    for (const secret of [BEARER, 'c2Vzc2lvbi1zZWNyZXQ', CSRF, PASSWORD, EMAIL]) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts password and email fields of a log object at the top level and one level down', () => {
    const captured = captureLogs();
    captured.logger.info({ email: EMAIL, password: PASSWORD, user: { email: EMAIL, password: PASSWORD, name: 'Alice' } }, 'signup');
    const [record] = captured.records();
    expect(record).toMatchObject({ msg: 'signup', email: '[redacted]', password: '[redacted]', user: { email: '[redacted]', password: '[redacted]', name: 'Alice' } });
    expect(captured.text()).not.toContain(EMAIL);
    expect(captured.text()).not.toContain(PASSWORD);
  });

  it('logs the credential headers of a rejected request nowhere either', async () => {
    const before = logs.text().length;
    const response = await server.app.inject({ method: 'GET', url: '/api/test/closed', headers: { ...secretHeaders, ...testPrincipalHeader({ mfaSatisfied: false }) } });
    expect(response.statusCode).toBe(403);
    const text = logs.text().slice(before);
    expect(text).toContain(String(response.headers['x-request-id']));
    expect(text).not.toContain(BEARER);
    expect(text).not.toContain('c2Vzc2lvbi1zZWNyZXQ');
  });
});

describe('request ids', () => {
  it.each([
    ['a 200', 'GET', '/api/test/open', 200],
    ['a 401', 'GET', '/api/test/closed', 401],
    ['a 404', 'GET', '/api/test/nowhere', 404],
    ['a 500', 'GET', '/api/test/boom', 500],
    ['a 415', 'POST', '/api/test/careless', 415],
  ] as const)('are sent on %s', async (_, method, url, status) => {
    const response = await server.app.inject({ method, url, headers: { 'content-type': 'application/xml' }, payload: method === 'POST' ? '<x/>' : undefined });
    expect(response.statusCode).toBe(status);
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('are fresh for every request', async () => {
    const ids = new Set<string>();
    for (let index = 0; index < 20; index++) {
      ids.add(String((await server.app.inject({ method: 'GET', url: '/api/test/open' })).headers['x-request-id']));
    }
    expect(ids.size).toBe(20);
  });

  it('never take the id the client sends', async () => {
    const forged = ['11111111-1111-4111-8111-111111111111', 'innocent"}\n{"level":60,"msg":"forged line'];
    for (const id of forged) {
      const response = await server.app.inject({ method: 'GET', url: '/api/test/open', headers: { 'x-request-id': id, 'request-id': id, 'x-correlation-id': id } });
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.headers['x-request-id']).not.toBe(id);
    }
    expect(logs.text()).not.toContain('11111111-1111-4111-8111-111111111111');
    expect(logs.records().some((record) => record.msg === 'forged line')).toBe(false);
  });

  it('tie every log line of a request to the id in its response', async () => {
    const before = logs.records().length;
    const response = await server.app.inject({ method: 'GET', url: '/api/test/open' });
    const lines = logs.records().slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(2); // incoming request, request completed
    for (const line of lines) expect(line.reqId).toBe(response.headers['x-request-id']);
  });
});

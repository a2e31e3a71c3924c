/**
 * The attack: probe the edge with requests the router cannot even parse, a malformed
 * percent-escape, an escaped lone surrogate, a 4,000-character id, a method the HTTP parser does
 * not know, and read what answers. Fastify's own bodies (`FST_ERR_BAD_URL`, `statusCode: 414`)
 * fingerprint the framework and its version, and a client that switches on `error.code` breaks on
 * them. Every answer that is not 2xx/3xx must be our envelope with a catalogued code, including
 * errors raised before routing; a browser that asks for a missing page gets the portal's HTML page.
 */
import { connect } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../errors/index.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const suite = useTestSuite();
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function expectEnvelope(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toBe('application/json; charset=utf-8');
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(isErrorCode(body.error.code), body.error.code).toBe(true);
  if (code) expect(body.error.code).toBe(code);
  expect(response.body).not.toMatch(/FST_|statusCode/);
  // Errors raised before routing carry the security headers too.
  expect(response.headers['x-content-type-options']).toBe('nosniff');
}

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return new SuiteClient(suite.app).request({ method: 'GET', url, headers });
}

describe('errors raised before routing', () => {
  it.each([
    ['a malformed percent-escape in a path parameter', '/api/v1/auth/sessions/%E0%A4%A'],
    ['an escaped lone surrogate in a path parameter', '/api/v1/auth/sessions/%ED%A0%80'],
    ['a truncated escape in a page path parameter', '/launch/%'],
  ])('%s is a 400 in the envelope', async (_case, url) => {
    const response = await new SuiteClient(suite.app).request({ method: 'DELETE', url });
    expectEnvelope(response, 400, 'request.malformed');
  });

  it('a 4,000-character path parameter is refused in the envelope', async () => {
    const response = await new SuiteClient(suite.app).request({ method: 'DELETE', url: `/api/v1/auth/sessions/${'a'.repeat(4_000)}` });
    expectEnvelope(response, 414, 'request.url_too_long');
  });

  it('a method the HTTP parser does not know gets the envelope, not a raw framework body', async () => {
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    const address = suite.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1', () => socket.end('FOO /api/v1/auth/session HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head!.toLowerCase()).toContain('content-type: application/json; charset=utf-8');
    const parsed = JSON.parse(body!) as { error: { code: string } };
    expect(parsed.error.code).toBe('request.malformed');
  });
});

describe('errors of routing and reading the body', () => {
  it('an unknown API path is route.not_found without echoing the query', async () => {
    const response = await get('/api/v1/nowhere?token=secret-value-123');
    expectEnvelope(response, 404, 'route.not_found');
    expect(response.body).not.toContain('secret-value-123');
  });

  it('a method a path does not have is in the envelope', async () => {
    const response = await new SuiteClient(suite.app).request({ method: 'PUT', url: '/api/v1/auth/session' });
    expect([404, 405]).toContain(response.statusCode);
    expectEnvelope(response, response.statusCode);
  });

  it('bad JSON, a wrong content type and an oversized body are in the envelope', async () => {
    const client = new SuiteClient(suite.app);
    expectEnvelope(await client.request({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' }), 400, 'request.invalid_json');
    expectEnvelope(await client.request({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/xml' }, payload: '<x/>' }), 415, 'request.unsupported_media_type');
    expectEnvelope(
      await client.request({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: `{"email":"${'a'.repeat(2_000_000)}"}` }),
      413,
      'request.body_too_large',
    );
  });
});

describe('a browser asking for a page that does not exist', () => {
  it('gets the portal error page as HTML, with the security headers', async () => {
    const response = await get('/no-such-page?token=secret-value-456', { accept: HTML });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(response.body).toContain('Page not found');
    expect(response.body).toMatch(/<link rel="stylesheet" href="\/assets\/portal-[0-9a-f]{16}\.css"/);
    expect(response.body).not.toContain('secret-value-456');
  });

  it('gets HTML for an unparseable page path too', async () => {
    const response = await get('/launch/%E0%A4%A', { accept: HTML });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>');
  });

  it('still gets JSON under /api/, whatever it accepts', async () => {
    expectEnvelope(await get('/api/v1/nowhere', { accept: HTML }), 404, 'route.not_found');
  });
});

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltServer } from './build-server.js';
import { testPrincipalHeader } from '../../../test/support/test-resolvers.js';
import { buildTestServer } from '../../../test/support/test-server.js';

function routes(app: BuiltServer['app']): void {
  app.get('/api/test/open', { config: { auth: 'public' } }, async () => ({ ok: true }));
  app.get('/api/test/closed', { config: { auth: 'session+mfa' } }, async () => ({ ok: true }));
  app.get('/api/test/boom', { config: { auth: 'public' } }, async () => {
    throw new Error('boom');
  });
  app.get('/page', { config: { auth: 'public' } }, async (_, reply) => reply.type('text/html').send('<h1>page</h1>'));
}

function directives(response: LightMyRequestResponse): Map<string, string> {
  const csp = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

function expectHardened(response: LightMyRequestResponse): void {
  const csp = directives(response);
  expect(csp.get('script-src')).toBe("'self'");
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(csp.get('object-src')).toBe("'none'");
  expect(csp.get('default-src')).toBe("'self'");
  expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(response.headers['x-powered-by']).toBeUndefined();
}

describe('served over http', () => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await buildTestServer(routes, { publicUrl: 'http://localhost:3000' });
  });
  afterAll(async () => {
    await server.app.close();
  });

  it.each([
    ['a 200', '/api/test/open', {}, 200],
    ['a 401', '/api/test/closed', {}, 401],
    ['a 403', '/api/test/closed', testPrincipalHeader({ mfaSatisfied: false }), 403],
    ['a 404', '/api/test/nowhere', {}, 404],
    ['a 500', '/api/test/boom', {}, 500],
    ['an HTML page', '/page', {}, 200],
    ['a health probe', '/healthz', {}, 200],
  ])('hardens %s', async (_, url, headers, status) => {
    const response = await server.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode).toBe(status);
    expectHardened(response);
  });

  it('sends no HSTS and does not upgrade requests', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/test/open' });
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(directives(response).has('upgrade-insecure-requests')).toBe(false);
  });

  it.each([
    ['a 200', '/api/test/open', 200],
    ['a 401', '/api/test/closed', 401],
    ['a 404', '/api/v1/nowhere', 404],
    ['a 500', '/api/test/boom', 500],
    ['a path with a doubled slash', '//api/test/open', 200],
  ])('forbids caching of %s under /api/', async (_, url, status) => {
    const response = await server.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('served over https', () => {
  it('sends HSTS for two years across subdomains, and upgrades insecure requests', async () => {
    const { app } = await buildTestServer(routes, { publicUrl: 'https://auth.example.test' });
    for (const url of ['/api/test/open', '/api/test/closed', '/api/test/nowhere', '/api/test/boom']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['strict-transport-security'], url).toBe('max-age=63072000; includeSubDomains');
      expect(directives(response).has('upgrade-insecure-requests'), url).toBe(true);
      expectHardened(response);
    }
    await app.close();
  });
});

import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltServer } from './build-server.js';
import { mountSuiteParts, partHost, type SuitePart } from './suite-parts.js';
import { buildTestServer } from '../../../test/support/test-server.js';

const DOMAIN = 'example.test';

/** A tiny part whose one route answers with the part's id, so a test sees who answered. */
function answering(id: SuitePart['id']): FastifyPluginAsync {
  return async (scope: FastifyInstance) => {
    scope.get('/whoami', { config: { auth: 'public' } }, async () => ({ part: id }));
  };
}

const PARTS: SuitePart[] = [
  { id: 'portal', pathPrefix: '/portal', hostLabel: 'auth', plugin: answering('portal') },
  { id: 'records', pathPrefix: '/records', hostLabel: 'records', plugin: answering('records') },
  { id: 'pact', pathPrefix: '/pact', hostLabel: 'pact', plugin: answering('pact') },
  { id: 'admin', pathPrefix: '/admin', hostLabel: 'auth', hostPathPrefix: '/admin', plugin: answering('admin') },
  { id: 'trust', pathPrefix: '', hostLabel: '', plugin: answering('trust') },
];

async function mount(domain: string | undefined): Promise<BuiltServer> {
  return buildTestServer((app) => mountSuiteParts(app, PARTS, domain));
}

function get(server: BuiltServer, url: string, host: string) {
  return server.app.inject({ method: 'GET', url, headers: { host } });
}

describe('with a domain: by host name', () => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await mount(DOMAIN);
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('names each part its host', () => {
    expect(PARTS.map((part) => partHost(part, DOMAIN))).toEqual(['auth.example.test', 'records.example.test', 'pact.example.test', 'auth.example.test', 'example.test']);
  });

  it.each([
    ['records.example.test', '/whoami', 'records'],
    ['records.example.test:3000', '/whoami', 'records'],
    ['pact.example.test', '/whoami', 'pact'],
    ['pact.example.test:8443', '/whoami', 'pact'],
    ['auth.example.test', '/whoami', 'portal'],
    ['auth.example.test', '/admin/whoami', 'admin'],
    ['auth.example.test:3000', '/admin/whoami', 'admin'],
    ['example.test', '/whoami', 'trust'],
  ])('%s%s is answered by %s', async (host, url, part) => {
    const response = await get(server, url, host);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ part });
  });

  it.each([
    ['another subdomain', 'evil.example.test', '/whoami'],
    ['a look-alike suffix', 'records.example.test.evil.com', '/whoami'],
    ['a look-alike prefix', 'evilrecords.example.test', '/whoami'],
    ['unescaped dots', 'recordsXexample.test', '/whoami'],
    ['another domain', 'records.example.org', '/whoami'],
    ['a bare IP', '127.0.0.1:3000', '/whoami'],
    ['a junk port', 'records.example.test:abc', '/whoami'],
    ['a path prefix instead of a host', 'example.test', '/records/whoami'],
    ['admin on the records host', 'records.example.test', '/admin/whoami'],
    ['admin on the apex', 'example.test', '/admin/whoami'],
  ])('does not answer on %s (%s%s)', async (_, host, url) => {
    const response = await get(server, url, host);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('route.not_found');
  });

  it('keeps the host rule on the HEAD routes fastify adds', async () => {
    expect((await server.app.inject({ method: 'HEAD', url: '/whoami', headers: { host: 'records.example.test' } })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'HEAD', url: '/whoami', headers: { host: 'evil.example.test' } })).statusCode).toBe(404);
  });

  it('still serves the kernel routes on any host', async () => {
    expect((await get(server, '/healthz', 'records.example.test')).statusCode).toBe(200);
  });
});

describe('without a domain: by path prefix', () => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await mount(undefined);
  });
  afterAll(async () => {
    await server.app.close();
  });

  it.each([
    ['/portal/whoami', 'portal'],
    ['/records/whoami', 'records'],
    ['/pact/whoami', 'pact'],
    ['/admin/whoami', 'admin'],
    ['/whoami', 'trust'],
  ])('%s is answered by %s, whatever the host', async (url, part) => {
    for (const host of ['localhost:3000', 'records.example.test', 'anything']) {
      const response = await get(server, url, host);
      expect(response.statusCode, host).toBe(200);
      expect(response.json(), host).toEqual({ part });
    }
  });

  it('does not answer under an unknown prefix', async () => {
    const response = await get(server, '/billing/whoami', 'localhost:3000');
    expect(response.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuiltServer } from './build-server.js';
import type { Platform } from '../open-platform.js';
import { buildSuite, VERSION } from '../../suite.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { testResolvers } from '../../../test/support/test-resolvers.js';

interface Operation {
  'x-auth'?: string;
  responses?: Record<string, unknown>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const HIDDEN = new Set(['/api/v1/openapi.json']); // the document does not describe itself

let platform: Platform;
let suite: BuiltServer;
let document: Document;

beforeAll(async () => {
  platform = await openTestPlatform();
  suite = await buildSuite(platform, testResolvers);
  const response = await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  document = response.json();
});

afterAll(async () => {
  await suite.app.close();
  await platform.close();
});

/** fastify's `/x/:id` as OpenAPI's `/x/{id}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function operations(): Array<[string, string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => [path, method, operation] as [string, string, Operation]),
  );
}

it('is OpenAPI 3.1 describing this release', () => {
  expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  expect(document.info).toMatchObject({ title: expect.any(String), version: VERSION });
});

it('is served without authentication', async () => {
  const route = suite.routes.find((candidate) => candidate.url === '/api/v1/openapi.json' && candidate.method === 'GET');
  expect(route?.auth).toBe('public');
});

it('describes every JSON route of the suite', () => {
  const described = new Set(operations().map(([path, method]) => `${method.toUpperCase()} ${path}`));
  // Routes that declare `schema.hide` answer with HTML or static files: they are not API.
  const registered = suite.routes.filter((route) => route.method !== 'HEAD' && !HIDDEN.has(route.url) && !route.hidden).map((route) => `${route.method} ${openApiPath(route.url)}`);
  expect(registered).toEqual(expect.arrayContaining(['GET /healthz', 'GET /readyz', 'GET /api/v1/records/labels', 'POST /api/v1/records/labels']));
  expect([...described].sort()).toEqual([...new Set(registered)].sort());
  expect(suite.routes.filter((route) => route.hidden && route.url.startsWith('/api/') && !HIDDEN.has(route.url))).toEqual([]);
});

it("gives every operation an x-auth equal to the route's declared posture", () => {
  expect(operations().length).toBeGreaterThan(0);
  for (const [path, method, operation] of operations()) {
    const route = suite.routes.find((candidate) => openApiPath(candidate.url) === path && candidate.method === method.toUpperCase());
    expect(route, `${method} ${path}`).toBeDefined();
    expect(operation['x-auth'], `${method} ${path}`).toBe(route!.auth);
  }
  expect(document.paths['/api/v1/records/labels']?.post?.['x-auth']).toBe('session+mfa');
  expect(document.paths['/healthz']?.get?.['x-auth']).toBe('public');
});

it('gives every operation at least one response with a schema', () => {
  for (const [path, method, operation] of operations()) {
    const responses = Object.entries(operation.responses ?? {});
    expect(responses.length, `${method} ${path}`).toBeGreaterThan(0);
    for (const [status] of responses) expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|default)$/);
  }
  expect(Object.keys(document.paths['/readyz']!.get!.responses!).sort()).toEqual(['200', '503']);
  expect(Object.keys(document.paths['/api/v1/records/labels']!.post!.responses!)).toContain('201');
});

it('documents the request body of POST /api/v1/records/labels', () => {
  const body = document.paths['/api/v1/records/labels']!.post!.requestBody;
  expect(body?.required).toBe(true);
  const schema = body?.content?.['application/json']?.schema as { type?: string; required?: string[]; properties?: Record<string, { maxLength?: number }>; additionalProperties?: boolean };
  expect(schema).toMatchObject({ type: 'object', required: ['name'], additionalProperties: false });
  expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['color', 'name', 'parentId']);
  expect(schema.properties?.name?.maxLength).toBe(100);
});

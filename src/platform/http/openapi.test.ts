import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BuiltServer } from './build-server.js';
import type { Platform } from '../open-platform.js';
import { ERROR_CATALOGUE } from '../errors/index.js';
import { buildSuite, VERSION } from '../../suite.js';
import { securityRequirements } from './openapi-security.js';
import type { RouteAuth } from './auth-posture.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { testResolvers } from '../../../test/support/test-resolvers.js';

interface Operation {
  'x-auth'?: string;
  'x-error-codes'?: string[];
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  tags?: string[];
  responses?: Record<string, unknown>;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Record<string, unknown>; description?: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
}
interface Document {
  openapi: string;
  info: { title: string; version: string; license?: { name: string; identifier?: string } };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description?: string }>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
// The document does not describe itself, nor the reference pages rendered from it.
const HIDDEN = new Set(['/api/v1/openapi.json', '/api/docs', '/api/docs/:asset']);

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
    expect(operation['x-auth'], `${method} ${path}`).toEqual(route!.auth);
  }
  expect(document.paths['/api/v1/records/labels']?.post?.['x-auth']).toEqual(['session+mfa', 'token:labels:write']);
  expect(document.paths['/api/v1/records/entries/{id}/reveal']?.post?.['x-auth']).toBe('session+mfa');
  expect(document.paths['/healthz']?.get?.['x-auth']).toBe('public');
});

it('gives every operation at least one response with a schema', () => {
  for (const [path, method, operation] of operations()) {
    const responses = Object.entries(operation.responses ?? {});
    expect(responses.length, `${method} ${path}`).toBeGreaterThan(0);
    for (const [status] of responses) expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|default)$/);
  }
  expect(Object.keys(document.paths['/readyz']!.get!.responses!).sort()).toEqual(['200', '500', '503']);
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

it('names its license, its server (BSNS_PUBLIC_URL) and a described tag for every tag it uses', () => {
  expect(document.info.license).toEqual({ name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' });
  expect(document.servers.map((server) => server.url)).toEqual([platform.config.publicUrl]);
  const declared = new Map(document.tags.map((tag) => [tag.name, tag.description]));
  for (const [path, method, operation] of operations()) {
    expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
    for (const tag of operation.tags ?? []) expect(declared.get(tag), `tag ${tag} of ${method} ${path}`).toEqual(expect.any(String));
  }
});

it('declares the session cookie, personal access tokens and service keys as security schemes', () => {
  expect(document.components.securitySchemes).toEqual({
    sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'bsns-session' }),
    personalAccessToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    serviceKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  });
});

it("derives every operation's security from its posture, so the two cannot drift", () => {
  for (const [path, method, operation] of operations()) {
    expect(operation.security, `${method} ${path}`).toEqual(securityRequirements(operation['x-auth'] as RouteAuth));
    for (const requirement of operation.security ?? []) {
      for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes[scheme], scheme).toBeDefined();
    }
  }
  expect(document.paths['/healthz']!.get!.security).toEqual([]);
  expect(document.paths['/api/v1/records/labels']!.post!.security).toEqual([{ sessionCookie: [] }, { personalAccessToken: ['labels:write'] }]);
  expect(document.paths['/api/v1/records/entries/{id}/reveal']!.post!.security).toEqual([{ sessionCookie: [] }]);
});

it('gives every operation a unique, readable operation id', () => {
  const ids = operations().map(([path, method, operation]) => {
    expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/);
    return operation.operationId;
  });
  expect(new Set(ids).size).toBe(ids.length);
  expect(document.paths['/api/v1/records/labels']!.post!.operationId).toBe('records.labels.create');
  expect(document.paths['/api/v1/auth/sign-in']!.post!.operationId).toBe('auth.signIn');
});

it('documents each error an operation can answer in the envelope, with its catalogued codes', () => {
  expect(document.components.schemas.ErrorEnvelope).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
  for (const [path, method, operation] of operations()) {
    const codes = operation['x-error-codes'] ?? [];
    expect(codes, `${method} ${path}`).toContain('internal.error');
    for (const code of codes) {
      expect(Object.keys(ERROR_CATALOGUE), `${method} ${path}`).toContain(code);
      const status = String(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status);
      expect(operation.responses?.[status], `${method} ${path} ${code}`).toBeDefined();
    }
    const errorStatuses = Object.keys(operation.responses ?? {}).filter((status) => Number(status) >= 400);
    for (const status of errorStatuses) {
      const schema = (operation.responses![status] as { content?: Record<string, { schema?: unknown }> }).content?.['application/json']?.schema;
      if (path === '/readyz' && status === '503') continue; // the probe's own report, documented by its route
      expect(schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    }
    // A route that takes input or a credential can be refused: it documents a 4xx.
    if (operation['x-auth'] !== 'public' || operation.requestBody) expect(errorStatuses.some((status) => status.startsWith('4')), `${method} ${path}`).toBe(true);
  }
  const create = document.paths['/api/v1/records/labels']!.post!;
  expect(create['x-error-codes']).toEqual(expect.arrayContaining(['auth.required', 'auth.mfa_required', 'request.invalid', 'label.name_taken', 'label.parent_not_found']));
  expect(Object.keys(create.responses!)).toEqual(expect.arrayContaining(['400', '401', '403', '409', '422', '500']));
  expect(document.paths['/api/v1/auth/sign-in']!.post!['x-error-codes']).toEqual(expect.arrayContaining(['auth.invalid_credentials', 'request.rate_limited']));
});

it('lists quota.exceeded (409) on every create a quota bounds', () => {
  const bounded = [
    '/api/v1/auth/tenants',
    '/api/v1/tenant/invitations',
    '/api/v1/account/tokens',
    '/api/v1/records/labels',
    '/api/v1/records/people',
    '/api/v1/records/companies',
    '/api/v1/records/entries/{id}/tasks',
    '/api/v1/records/entries/{id}/notes',
    '/api/v1/records/imports',
    '/api/v1/webhooks/endpoints',
  ];
  for (const path of bounded) {
    const create = document.paths[path]?.post;
    expect(create?.['x-error-codes'], path).toContain('quota.exceeded');
    expect(create?.responses?.['409'], path).toBeDefined();
  }
});

it('declares Idempotency-Key on an idempotent create: an optional header with its pattern, and its codes', () => {
  const create = document.paths['/api/v1/records/people']!.post!;
  const header = create.parameters?.find((parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key');
  expect(header).toMatchObject({ required: false, schema: { type: 'string', pattern: expect.any(String) }, description: expect.stringContaining('first result') });
  expect(create['x-error-codes']).toEqual(expect.arrayContaining(['request.idempotency_key_invalid', 'request.idempotency_key_reused']));
  // Only the header is added: a create's other headers are not described as parameters.
  expect(create.parameters?.filter((parameter) => parameter.in === 'header')).toHaveLength(1);
  expect(document.paths['/api/v1/records/people']!.get!.parameters?.some((parameter) => parameter.in === 'header')).toBe(false);
});

it('documents the 429 of the per-credential rate limits on every operation that takes a credential', () => {
  let authenticated = 0;
  for (const [path, method, operation] of operations()) {
    if (operation['x-auth'] === 'public') continue;
    authenticated++;
    expect(operation['x-error-codes'], `${method} ${path}`).toContain('request.rate_limited');
    expect(operation.responses?.['429'], `${method} ${path}`).toBeDefined();
  }
  expect(authenticated).toBeGreaterThan(50);
});

import { describe, expect, it } from 'vitest';
import type { AuthPosture, RouteAuth } from './auth-posture.js';
import { deriveOperationId, OperationIdError } from './openapi-operation-ids.js';
import { postureContract, securityRequirements, securitySchemes, UnmappedPostureError } from './openapi-security.js';
import { operationErrorCodes } from './openapi-errors.js';
import { sessionCookieNames } from '../../identity/sessions/session-cookies.js';
import { buildTestServer } from '../../../test/support/test-server.js';

// Boots a server around test routes and reads its document; the boot is where contract mistakes must surface.
async function boot(routes: Parameters<typeof buildTestServer>[0]) {
  const { app } = await buildTestServer(routes);
  try {
    await app.ready();
    return app.swagger() as { paths: Record<string, Record<string, { operationId?: string; security?: unknown }>> };
  } finally {
    await app.close();
  }
}

describe('operation ids', () => {
  it.each([
    ['POST', '/api/v1/records/labels', 'records.labels.create'],
    ['GET', '/api/v1/records/labels', 'records.labels.list'],
    ['GET', '/api/v1/records/labels/:id', 'records.labels.get'],
    ['PATCH', '/api/v1/records/labels/:id', 'records.labels.update'],
    ['DELETE', '/api/v1/records/labels/:id', 'records.labels.delete'],
    ['POST', '/api/v1/auth/sign-in', 'auth.signIn'],
    ['POST', '/api/v1/auth/passkeys/registration/options', 'auth.passkeys.registration.options'],
    ['GET', '/api/v1/auth/session', 'auth.session.get'],
    ['GET', '/.well-known/jwks.json', 'wellKnown.jwks.get'],
    ['GET', '/healthz', 'healthz.get'],
    ['GET', '/api/v1/records/people', 'records.people.list'],
    ['GET', '/api/v1/records/people/:id', 'records.people.get'],
    ['POST', '/api/v1/records/entries/:id/notes', 'records.entries.notes.create'],
    ['POST', '/api/v1/records/tasks/:id/complete', 'records.tasks.complete'],
  ])('derives %s %s as %s', (method, url, expected) => {
    expect(deriveOperationId(method, url)).toBe(expected);
  });

  it('are given at registration, and a route may name its own', async () => {
    const document = await boot((app) => {
      app.post('/api/v1/widgets', { config: { auth: 'public' } }, async () => ({}));
      app.get('/api/v1/widgets', { config: { auth: 'public' }, schema: { operationId: 'widgets.browse' } }, async () => ({}));
    });
    expect(document.paths['/api/v1/widgets']?.post?.operationId).toBe('widgets.create');
    expect(document.paths['/api/v1/widgets']?.get?.operationId).toBe('widgets.browse');
  });

  it('fails the boot on a duplicate', async () => {
    const booted = boot((app) => {
      app.get('/api/v1/widgets', { config: { auth: 'public' }, schema: { operationId: 'widgets.list' } }, async () => ({}));
      app.get('/api/v1/gadgets', { config: { auth: 'public' }, schema: { operationId: 'widgets.list' } }, async () => ({}));
    });
    await expect(booted).rejects.toThrow(OperationIdError);
    await expect(booted).rejects.toThrow(/widgets\.list of GET \/api\/v1\/gadgets is already used by GET \/api\/v1\/widgets/);
  });

  it('fails the boot on a route left without one', async () => {
    await expect(boot((app) => void app.get('/:anything', { config: { auth: 'public' } }, async () => ({})))).rejects.toThrow(/GET \/:anything has no valid operation id/);
    await expect(boot((app) => void app.get('/api/v1/x', { config: { auth: 'public' }, schema: { operationId: 'not an id' } }, async () => ({})))).rejects.toThrow(OperationIdError);
  });

  it('leaves hidden routes (pages, assets) alone', async () => {
    const document = await boot((app) => {
      app.get('/:page', { config: { auth: 'public' }, schema: { hide: true } }, async () => 'html');
    });
    expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/readyz']);
  });
});

describe('postures as security schemes', () => {
  it('maps every posture to at least one scheme, and public to none', () => {
    const postures: AuthPosture[] = ['public', 'session', 'session+mfa', 'token', 'service', 'platform:tenants:manage'];
    const schemes = Object.keys(securitySchemes({ https: false }));
    for (const posture of postures) {
      const requirements = securityRequirements(posture);
      if (posture === 'public') expect(requirements).toEqual([]);
      else expect(requirements.length, posture).toBeGreaterThan(0);
      for (const requirement of requirements) expect(schemes).toEqual(expect.arrayContaining(Object.keys(requirement)));
    }
    expect(securityRequirements('token')).toEqual([{ personalAccessToken: [] }]);
    expect(securityRequirements('service')).toEqual([{ serviceKey: [] }]);
    expect(securityRequirements('session+mfa')).toEqual([{ sessionCookie: [] }]);
    expect(securityRequirements(['session+mfa', 'token:records:read'])).toEqual([{ sessionCookie: [] }, { personalAccessToken: ['records:read'] }]);
    expect(postureContract('token:records:write').errorCodes).toContain('auth.scope_required');
  });

  it('refuses a posture that maps to no scheme', () => {
    expect(() => postureContract('session+sso' as AuthPosture)).toThrow(UnmappedPostureError);
    expect(() => securityRequirements('sesion' as AuthPosture)).toThrow(/maps to no OpenAPI security scheme/);
  });

  it("names identity's session cookie", () => {
    for (const publicUrl of ['http://localhost:3000', 'https://auth.example.org']) {
      expect(securitySchemes({ https: publicUrl.startsWith('https:') }).sessionCookie.name).toBe(sessionCookieNames({ publicUrl }).token);
    }
  });
});

describe('error codes', () => {
  it("derives an operation's codes from its posture, schemas, method and declaration", () => {
    const limited = { credentialRateLimits: true };
    expect(operationErrorCodes({ method: 'GET', auth: 'public', schema: undefined, declared: undefined, ...limited })).toEqual(['internal.error']);
    expect(operationErrorCodes({ method: 'POST', auth: 'session+mfa', schema: { body: {} }, declared: ['label.name_taken'], ...limited })).toEqual([
      'auth.csrf_rejected',
      'auth.duplicate_cookie',
      'auth.mfa_required',
      'auth.required',
      'internal.error',
      'label.name_taken',
      'request.body_too_large',
      'request.invalid',
      'request.invalid_json',
      'request.rate_limited',
      'request.unsupported_media_type',
    ]);
    expect(operationErrorCodes({ method: 'DELETE', auth: 'platform:tenants:manage', schema: { params: {} }, declared: undefined, ...limited })).toContain('auth.permission_denied');
  });

  it('lists the per-credential 429 for every alternative that reads a credential, and only on a server that counts them', () => {
    const codes = (auth: RouteAuth, credentialRateLimits: boolean) => operationErrorCodes({ method: 'GET', auth, schema: undefined, declared: undefined, credentialRateLimits });
    for (const auth of ['session', 'session:mfa-pending', 'session+mfa', 'token', 'token:records:read', 'service', 'platform:tenants:manage', ['session+mfa', 'token:labels:read']] as RouteAuth[]) {
      expect(codes(auth, true), JSON.stringify(auth)).toContain('request.rate_limited');
      expect(codes(auth, false), JSON.stringify(auth)).not.toContain('request.rate_limited');
    }
    expect(codes('public', true)).not.toContain('request.rate_limited');
  });
});

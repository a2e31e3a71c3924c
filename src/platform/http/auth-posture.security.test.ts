/**
 * The attack: find the one route that is open by omission. A developer forgets `config.auth`,
 * misspells it (`'sesion'`), names a permission that does not exist, or relies on a route
 * fastify creates on its own (HEAD); a caller presents the wrong kind of credential (a browser
 * session on a machine-token route), skips MFA, lacks the platform permission, or hits a server
 * whose resolver for that credential was never wired. Every one of these must fail at boot or
 * be denied, never answered.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthPosture, AuthResolvers, Principal } from './auth-posture.js';
import type { BuiltServer } from './build-server.js';
import { MissingAuthPostureError } from './enforce-auth-posture.js';
import { testPrincipalHeader, testResolvers, type TestPrincipal } from '../../../test/support/test-resolvers.js';
import { buildTestServer } from '../../../test/support/test-server.js';

const POSTURES: AuthPosture[] = ['public', 'session', 'session+mfa', 'session:mfa-pending', 'session:mfa-enroll', 'token', 'service', 'platform:tenants:manage'];

function pathOf(posture: AuthPosture): string {
  return `/api/test/${posture.replace(/[^a-z]+/g, '-')}`;
}

/** One GET route per posture, answering with the principal it was let in with. */
function postureRoutes(app: FastifyInstance): void {
  for (const posture of POSTURES) {
    app.get(pathOf(posture), { config: { auth: posture } }, async (request) => ({ subject: request.principal?.subject ?? null }));
  }
}

describe('registration', () => {
  const invalid: Array<[string, Record<string, unknown> | undefined]> = [
    ['no config at all', undefined],
    ['config without auth', {}],
    ['a misspelt posture', { auth: 'sesion' }],
    ['an unknown platform permission', { auth: 'platform:not-a-permission' }],
    ['a bare platform prefix', { auth: 'platform:' }],
    ['a posture in the wrong case', { auth: 'Public' }],
    ['public among alternatives', { auth: ['public'] }],
    ['public beside a token', { auth: ['public', 'token:records:read'] }],
    ['an empty list of alternatives', { auth: [] }],
    ['two session alternatives', { auth: ['session', 'session+mfa'] }],
    ['two token alternatives', { auth: ['token:records:read', 'token:labels:read'] }],
    ['an unknown token scope', { auth: ['session+mfa', 'token:records:delete'] }],
    ['a bare token prefix', { auth: 'token:' }],
    ['a non-string alternative', { auth: ['session', 42] }],
  ];

  it.each(invalid)('refuses a route with %s at boot', async (_, config) => {
    const build = buildTestServer((app) => {
      app.get('/api/test/forgotten', { ...(config ? { config: config as never } : {}) }, async () => ({ leaked: true }));
    });
    await expect(build).rejects.toBeInstanceOf(MissingAuthPostureError);
    await expect(build).rejects.toThrow(/GET \/api\/test\/forgotten/);
  });

  it('refuses a route without posture registered inside a nested plugin with a prefix', async () => {
    const boot = buildTestServer(async (root) => {
      await root.register(
        async (scope) => {
          scope.post('/forgotten', async () => ({ leaked: true }));
        },
        { prefix: '/api/nested' },
      );
    }).then(({ app }) => app.ready());
    await expect(boot).rejects.toThrow(MissingAuthPostureError);
    await expect(boot).rejects.toThrow(/POST \/api\/nested\/forgotten/);
  });

  it('refuses every method of a multi-method route without posture', async () => {
    const build = buildTestServer((app) => {
      app.route({ method: ['GET', 'DELETE'], url: '/api/test/multi', handler: async () => ({}) });
    });
    await expect(build).rejects.toThrow(/GET,DELETE \/api\/test\/multi/);
  });

  it('lists every route, including the HEAD routes fastify adds, with its posture', async () => {
    const { app, routes } = await buildTestServer(postureRoutes);
    await app.ready();
    for (const posture of POSTURES) {
      expect(routes).toContainEqual({ method: 'GET', url: pathOf(posture), auth: posture });
      expect(routes).toContainEqual({ method: 'HEAD', url: pathOf(posture), auth: posture });
    }
    await app.close();
  });
});

describe('enforcement', () => {
  let server: BuiltServer;

  beforeAll(async () => {
    server = await buildTestServer(postureRoutes);
  });
  afterAll(async () => {
    await server.app.close();
  });

  async function call(posture: AuthPosture, principal?: TestPrincipal, method: 'GET' | 'HEAD' = 'GET') {
    return server.app.inject({ method, url: pathOf(posture), headers: principal ? testPrincipalHeader(principal) : {} });
  }

  it('lets anyone call a public route', async () => {
    const response = await call('public');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: null });
  });

  it.each(['session', 'session+mfa', 'session:mfa-pending', 'session:mfa-enroll', 'token', 'service', 'platform:tenants:manage'] as const)(
    'answers 401 auth.required to a caller without credential on a %s route',
    async (posture) => {
      const response = await call(posture);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'auth.required', message: expect.any(String) } });
    },
  );

  it('refuses a session that owes MFA on a plain session route: a password alone reaches nothing', async () => {
    for (const mfaOwed of ['verify', 'enroll', undefined] as const) {
      const response = await call('session', { subject: 'alice', mfaSatisfied: false, ...(mfaOwed ? { mfaOwed } : {}) });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('auth.mfa_required');
    }
    expect((await call('session', { subject: 'alice', mfaSatisfied: true })).statusCode).toBe(200);
  });

  it('lets a session that owes MFA reach a session:mfa-pending route (finishing MFA, signing out)', async () => {
    for (const mfaOwed of ['verify', 'enroll'] as const) {
      const response = await call('session:mfa-pending', { subject: 'alice', mfaSatisfied: false, mfaOwed });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ subject: 'alice' });
    }
  });

  it('lets only a user who must enrol (never one with an unproven factor) reach a session:mfa-enroll route', async () => {
    expect((await call('session:mfa-enroll', { subject: 'alice', mfaSatisfied: false, mfaOwed: 'enroll' })).statusCode).toBe(200);
    expect((await call('session:mfa-enroll', { subject: 'alice', mfaSatisfied: true })).statusCode).toBe(200);
    for (const principal of [{ mfaOwed: 'verify' as const }, {}]) {
      const response = await call('session:mfa-enroll', { subject: 'alice', mfaSatisfied: false, ...principal });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('auth.mfa_required');
    }
  });

  it('answers 403 auth.mfa_required on a session+mfa route until MFA is done', async () => {
    const pending = await call('session+mfa', { subject: 'alice', mfaSatisfied: false });
    expect(pending.statusCode).toBe(403);
    expect(pending.json().error.code).toBe('auth.mfa_required');

    const done = await call('session+mfa', { subject: 'alice', mfaSatisfied: true });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ subject: 'alice' });
  });

  it('answers 403 auth.permission_denied to an admin without the route permission', async () => {
    const response = await call('platform:tenants:manage', {
      subject: 'support',
      mfaVerifiedAt: new Date().toISOString(),
      platformPermissions: ['tenants:read', 'users:impersonate'],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.permission_denied');
  });

  it('demands MFA of a platform admin even when the permission is held', async () => {
    const response = await call('platform:tenants:manage', { subject: 'root', mfaSatisfied: false, platformPermissions: ['tenants:manage'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.mfa_required');
  });

  it('refuses a platform admin inside the enrolment grace window who has proven no factor', async () => {
    const response = await call('platform:tenants:manage', { subject: 'root', mfaSatisfied: true, mfaVerifiedAt: null, platformPermissions: ['tenants:manage'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.mfa_required');
  });

  it('lets an MFA-verified admin holding the permission in', async () => {
    const response = await call('platform:tenants:manage', { subject: 'root', mfaVerifiedAt: new Date().toISOString(), platformPermissions: ['tenants:manage'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'root' });
  });

  it.each([
    ['session', 'token'],
    ['session', 'service'],
    ['token', 'session'],
    ['token', 'service'],
    ['service', 'session'],
    ['service', 'token'],
  ] as const)('does not accept a %s credential on a %s route', async (presented, route) => {
    const kind = presented === 'session' ? 'user' : presented;
    const response = await call(route, { kind, subject: 'mallory' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.required');
  });

  it('accepts each credential on its own route', async () => {
    expect((await call('token', { kind: 'token', subject: 'pat-1' })).json()).toEqual({ subject: 'pat-1' });
    expect((await call('service', { kind: 'service', subject: 'svc-1' })).json()).toEqual({ subject: 'svc-1' });
  });

  it('enforces the posture on the HEAD route fastify adds for every GET', async () => {
    expect((await call('session+mfa', undefined, 'HEAD')).statusCode).toBe(401);
    expect((await call('session+mfa', { mfaSatisfied: false }, 'HEAD')).statusCode).toBe(403);
    expect((await call('platform:tenants:manage', { platformPermissions: [] }, 'HEAD')).statusCode).toBe(403);
    expect((await call('token', { kind: 'user' }, 'HEAD')).statusCode).toBe(401);
    expect((await call('session+mfa', {}, 'HEAD')).statusCode).toBe(200);
  });

  it('cannot be dodged by rewriting the path: every spelling is either denied or unknown', async () => {
    const target = pathOf('session+mfa'); // /api/test/session-mfa
    const spellings = [
      `${target}/`,
      `/${target}`,
      `${target}?auth=public`,
      `${target}#x`,
      target.replace('/api/', '/api//'),
      target.replace('test', '%74est'),
      target.toUpperCase(),
      `${target}/..`,
      `/api/test/public/../session-mfa`,
      `${target};public`,
    ];
    for (const url of spellings) {
      const response = await server.app.inject({ method: 'GET', url });
      expect([401, 404], url).toContain(response.statusCode);
    }
  });
});

describe('when a resolver is missing', () => {
  it('denies every request of that posture (fail closed)', async () => {
    const { app } = await buildTestServer(postureRoutes, { resolvers: {} });
    for (const posture of POSTURES.filter((p) => p !== 'public')) {
      const kind = posture === 'token' || posture === 'service' ? posture : 'user';
      const response = await app.inject({ method: 'GET', url: pathOf(posture), headers: testPrincipalHeader({ kind, platformPermissions: ['tenants:manage'] }) });
      expect(response.statusCode, posture).toBe(401);
      expect(response.json().error.code, posture).toBe('auth.required');
    }
    expect((await app.inject({ method: 'GET', url: pathOf('public') })).statusCode).toBe(200);
    await app.close();
  });

  it('denies a token route when only the session resolver is wired', async () => {
    const { app } = await buildTestServer(postureRoutes, { resolvers: { session: testResolvers.session! } });
    const response = await app.inject({ method: 'GET', url: pathOf('token'), headers: testPrincipalHeader({ kind: 'user' }) });
    expect(response.statusCode).toBe(401);
    await app.close();
  });
});

describe('when resolvers are wired to the wrong slot', () => {
  // A resolver returns whatever credential it finds; the hook must still check that a browser
  // session does not pass for a machine token (or the reverse) if the wiring is ever crossed.
  const anyKind = (kind: Principal['kind']) => async (request: FastifyRequest): Promise<Principal | null> =>
    request.headers['x-test-principal'] ? { kind, subject: `a-${kind}`, tenantId: null, mfaSatisfied: true, platformPermissions: new Set() } : null;
  const crossed: AuthResolvers = { session: anyKind('token'), token: anyKind('user'), service: anyKind('user') };

  it.each(['session', 'session+mfa', 'token', 'service'] as const)('denies a principal of the wrong kind on a %s route', async (posture) => {
    const { app } = await buildTestServer(postureRoutes, { resolvers: crossed });
    const response = await app.inject({ method: 'GET', url: pathOf(posture), headers: testPrincipalHeader({}) });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.required');
    await app.close();
  });
});

describe('when a cached credential is confirmed only later', () => {
  // A resolver that answered from a cache hands over a pending confirmation. A read may run
  // meanwhile, but its answer waits for it: a stale credential's answer never leaves (not its
  // body, not its own headers), and a write never starts before it.
  const cached = (confirmed: boolean) => async (): Promise<Principal> => ({
    kind: 'token',
    subject: 'cached-token',
    tenantId: null,
    mfaSatisfied: false,
    platformPermissions: new Set(),
    scopes: [],
    confirmation: new Promise((resolve) => setTimeout(() => resolve(confirmed), 20)),
  });
  let writes = 0;
  const routes = (app: FastifyInstance) => {
    app.get('/api/test/cached-read', { config: { auth: 'token' } }, async (_request, reply) => {
      void reply.header('x-secret-count', '42');
      return { secret: 'read while unconfirmed' };
    });
    app.post('/api/test/cached-write', { config: { auth: 'token' } }, async () => {
      writes += 1;
      return { written: true };
    });
  };

  it('replaces the answer to a read with a plain 401 when the confirmation fails, and runs no write', async () => {
    const { app } = await buildTestServer(routes, { resolvers: { token: cached(false) } });
    const read = await app.inject({ method: 'GET', url: '/api/test/cached-read', headers: { authorization: 'Bearer pat_x' } });
    expect(read.statusCode).toBe(401);
    expect(read.json()).toEqual({ error: { code: 'auth.required', message: expect.any(String) } });
    expect(read.body).not.toContain('read while unconfirmed');
    expect(read.headers['x-secret-count']).toBeUndefined();
    expect(read.headers['x-content-type-options']).toBe('nosniff');
    const write = await app.inject({ method: 'POST', url: '/api/test/cached-write', headers: { authorization: 'Bearer pat_x' }, payload: {} });
    expect(write.statusCode).toBe(401);
    expect(writes).toBe(0);
    await app.close();
  });

  it('answers as usual once the confirmation holds', async () => {
    const { app } = await buildTestServer(routes, { resolvers: { token: cached(true) } });
    const read = await app.inject({ method: 'GET', url: '/api/test/cached-read', headers: { authorization: 'Bearer pat_x' } });
    expect([read.statusCode, read.json()]).toEqual([200, { secret: 'read while unconfirmed' }]);
    const write = await app.inject({ method: 'POST', url: '/api/test/cached-write', headers: { authorization: 'Bearer pat_x' }, payload: {} });
    expect(write.statusCode).toBe(200);
    expect(writes).toBe(1);
    await app.close();
  });
});

describe('when a plugin strips the posture after registration', () => {
  it('denies the request instead of treating the route as public', async () => {
    const { app } = await buildTestServer(async (root) => {
      await root.register(async (scope) => {
        // Runs after the kernel's onRoute check: the route passed registration with a posture.
        scope.addHook('onRoute', (route) => {
          delete (route.config as { auth?: string }).auth;
        });
        // POST: a GET's HEAD twin would be re-checked at registration and give the game away.
        scope.post('/api/test/stripped', { config: { auth: 'session+mfa' } }, async () => ({ leaked: true }));
      });
    });
    const response = await app.inject({ method: 'POST', url: '/api/test/stripped' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).not.toContain('leaked');
    await app.close();
  });
});

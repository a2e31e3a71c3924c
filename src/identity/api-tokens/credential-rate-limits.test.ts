import { describe, expect, it } from 'vitest';
import { bearer, mintToken, signedInMember } from '../../../test/support/api-token-holders.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import type { CredentialCeilings } from '../../platform/http/index.js';

const CEILINGS: CredentialCeilings = {
  session: { limit: 1000, windowSeconds: 60 },
  token: { limit: 100, windowSeconds: 60 },
  service: { limit: 100, windowSeconds: 60 },
  postures: { 'token:labels:write': { limit: 3, windowSeconds: 60 } },
};

const BACKENDS = [
  ['PostgreSQL', {}],
  ['Redis', { REDIS_URL: 'redis://127.0.0.1:6379' }],
] as const;

describe.each(BACKENDS)('per-credential rate limits on %s', (_, env) => {
  const suite = useTestSuite({ env, clock: new ManualClock(new Date('2031-03-04T05:06:07Z')), credentialCeilings: CEILINGS });

  it('hold one token to its ceiling within 5% under 200 parallel requests, with RateLimit headers and 429 + Retry-After past it', async () => {
    const owner = await signedInMember(suite.app, suite.platform);
    const { secret } = await mintToken(owner, ['labels:read']);
    const responses = await Promise.all(Array.from({ length: 200 }, () => suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(secret) })));
    const allowed = responses.filter((response) => response.statusCode === 200);
    const limited = responses.filter((response) => response.statusCode === 429);
    expect(allowed.length + limited.length).toBe(200);
    expect(Math.abs(allowed.length - 100)).toBeLessThanOrEqual(5);
    expect(allowed[0]!.headers['ratelimit-policy']).toBe('"credential-token";q=100;w=60');
    expect(allowed[0]!.headers['ratelimit']).toMatch(/^"credential-token";r=\d+;t=\d+$/);
    const refusal = limited[0]!;
    expect(refusal.json().error).toMatchObject({ code: 'request.rate_limited', details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(refusal.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refusal.headers['ratelimit']).toMatch(/^"credential-token";r=0;t=\d+$/);
  });

  it('counts each credential apart, and a scope ceiling apart from its family', async () => {
    const owner = await signedInMember(suite.app, suite.platform);
    const { secret } = await mintToken(owner, ['labels:read', 'labels:write']);
    const write = (name: string) => suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name }, headers: bearer(secret) });
    for (const name of ['a', 'b', 'c']) expect((await write(name)).statusCode).toBe(201);
    const fourth = await write('d');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['ratelimit-policy']).toBe('"credential-token-labels-write";q=3;w=60');
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(secret) })).statusCode).toBe(200);
    const session = await owner.browser.get('/api/v1/records/labels');
    expect(session.statusCode).toBe(200);
    expect(session.headers['ratelimit-policy']).toBe('"credential-session";q=1000;w=60');
  });
});

// Attack: an attacker brute-forcing sign-in from one machine wants a fresh per-address budget on
// every try. With IPv6 they hold a whole /64 and can rewrite one address many ways
// (`2001:db8::1`, `2001:DB8:0:0::2`, zero-padded groups), or they send `X-Forwarded-For: <random>`
// hoping the server believes it. Each must land on the same counter: the /64 in canonical form,
// and the TCP peer unless a trusted proxy is configured — and then only the proxy's own entry.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../../../test/support/test-server.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { ManualClock } from '../clock.js';
import type { Platform } from '../open-platform.js';
import { clientAddress, INVALID_ADDRESS_KEY, normaliseAddress } from './client-address.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';

describe('normaliseAddress', () => {
  it('collapses every spelling of one IPv6 /64 to one key', () => {
    const spellings = [
      '2001:db8::1',
      '2001:DB8:0:0::2',
      '2001:0db8:0000:0000:ffff::1',
      '2001:db8:0:0:1:2:3:4',
      '2001:db8::1.2.3.4',
      '2001:db8::9%eth0',
    ];
    const keys = new Set(spellings.map(normaliseAddress));
    expect([...keys]).toEqual(['2001:0db8:0000:0000::/64']);
  });

  it('keeps distinct /64s apart', () => {
    const keys = ['2001:db8::1', '2001:db8:0:1::1', '2001:db9::1', '::1', '2001:db8:1::1'].map(normaliseAddress);
    expect(new Set(keys).size).toBe(5);
    expect(normaliseAddress('::1')).toBe('0000:0000:0000:0000::/64');
  });

  it('maps IPv4 and IPv4-mapped IPv6 to the same IPv4 key', () => {
    expect(normaliseAddress('192.0.2.33')).toBe('192.0.2.33');
    expect(normaliseAddress('::ffff:192.0.2.33')).toBe('192.0.2.33');
    expect(normaliseAddress('::FFFF:c000:0221')).toBe('192.0.2.33');
  });

  it('puts anything unparseable in one shared bucket rather than one per string', () => {
    for (const garbage of ['', 'evil', '203.0.113.1, 198.51.100.2', '[2001:db8::1]', '01.2.3.4', '2001:db8::1::2']) {
      expect(normaliseAddress(garbage)).toBe(INVALID_ADDRESS_KEY);
    }
  });
});

describe('clientAddress behind the real server', () => {
  const routes = (trustProxy: boolean) => (app: FastifyInstance) => {
    app.get('/api/test/whoami', { config: { auth: 'public' } }, async (request) => ({
      address: clientAddress(request, { trustProxy }),
    }));
  };
  const whoami = async (app: FastifyInstance, remoteAddress: string, forwardedFor?: string) => {
    const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
    const response = await app.inject({ method: 'GET', url: '/api/test/whoami', remoteAddress, headers });
    return (response.json() as { address: string }).address;
  };

  it('ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    const { app } = await buildTestServer(routes(false), { trustProxy: false });
    try {
      expect(await whoami(app, '198.51.100.7', '203.0.113.99')).toBe('198.51.100.7');
      expect(await whoami(app, '2001:db8:aa::5', '203.0.113.99')).toBe('2001:0db8:00aa:0000::/64');
    } finally {
      await app.close();
    }
  });

  it('ignores X-Forwarded-For when the route says no proxy is trusted, even on a trusting server', async () => {
    const { app } = await buildTestServer(routes(false), { trustProxy: true });
    try {
      expect(await whoami(app, '198.51.100.7', '203.0.113.99')).toBe('198.51.100.7');
    } finally {
      await app.close();
    }
  });

  it('believes the trusted proxy, and only the entry the proxy itself appended', async () => {
    const { app } = await buildTestServer(routes(true), { trustProxy: true });
    try {
      expect(await whoami(app, '10.0.0.2', '203.0.113.99')).toBe('203.0.113.99');
      // The client sent `X-Forwarded-For: 6.6.6.6`; an appending proxy (nginx's default) added the real peer.
      expect(await whoami(app, '10.0.0.2', '6.6.6.6, 203.0.113.99')).toBe('203.0.113.99');
      expect(await whoami(app, '10.0.0.2', '2001:DB8::77')).toBe('2001:0db8:0000:0000::/64');
      expect(await whoami(app, '10.0.0.2')).toBe('10.0.0.2');
    } finally {
      await app.close();
    }
  });
});

describe('per-address limit cannot be dodged', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await openTestPlatform();
  });
  afterAll(async () => {
    await platform.close();
  });

  it('by rewriting an IPv6 address or rotating a spoofed X-Forwarded-For', async () => {
    const limiter = createPostgresRateLimiter(platform.identityDb, { clock: new ManualClock() });
    const perAddress = { name: `test:${randomUUID().slice(0, 12)}`, limit: 3, windowSeconds: 60 };
    const { app } = await buildTestServer(
      (server) => {
        server.post('/api/test/sign-in', { config: { auth: 'public' } }, async (request) => {
          await enforceRateLimits(limiter, [{ rule: perAddress, key: clientAddress(request, { trustProxy: false }) }]);
          return { ok: true };
        });
      },
      { trustProxy: false },
    );
    try {
      const attempts = [
        { remoteAddress: '2001:db8:1:2::1', forwardedFor: '203.0.113.1' },
        { remoteAddress: '2001:DB8:1:2:0:0:0:2', forwardedFor: '203.0.113.2' },
        { remoteAddress: '2001:0db8:0001:0002:ffff::3', forwardedFor: '203.0.113.3' },
        { remoteAddress: '2001:db8:1:2:abcd::4', forwardedFor: '203.0.113.4' },
      ];
      const statuses = [];
      for (const { remoteAddress, forwardedFor } of attempts) {
        const response = await app.inject({ method: 'POST', url: '/api/test/sign-in', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      // A neighbouring /64 is someone else.
      const neighbour = await app.inject({ method: 'POST', url: '/api/test/sign-in', remoteAddress: '2001:db8:1:3::1' });
      expect(neighbour.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

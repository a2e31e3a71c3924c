import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadinessCheck } from './platform-routes.js';
import { createPool } from '../db/index.js';
import type { Platform } from '../open-platform.js';
import { buildSuite } from '../../suite.js';
import { freePort } from '../db/free-port.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { testResolvers } from '../../../test/support/test-resolvers.js';
import { buildTestServer } from '../../../test/support/test-server.js';

let platform: Platform;

beforeAll(async () => {
  platform = await openTestPlatform();
});

afterAll(async () => {
  await platform.close();
});

describe('/healthz', () => {
  it('answers while the process is alive, without touching a dependency', async () => {
    const { app } = await buildTestServer(() => undefined, { readiness: [{ name: 'never-ready', check: () => Promise.reject(new Error('down')) }] });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    await app.close();
  });
});

describe('/readyz', () => {
  it('is ready when both databases answer', async () => {
    const { app } = await buildSuite(platform, testResolvers);
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      components: [
        { name: 'identity-database', ok: true },
        { name: 'business-database', ok: true },
      ],
    });
    await app.close();
  });

  it('answers 503 naming the database that is unreachable', async () => {
    // Nothing listens on a port just released, so connecting is refused at once.
    const unreachableUrl = `postgres://bsns_business_app:not-the-password@127.0.0.1:${await freePort()}/bsns_business`;
    const unreachablePool = createPool(unreachableUrl, { max: 1, applicationName: 'bsns-readyz-test' });
    const identityCheck = platform.readiness.find((check) => check.name === 'identity-database')!;
    const readiness: ReadinessCheck[] = [
      identityCheck,
      { name: 'business-database', check: async () => void (await unreachablePool.query('SELECT 1')) },
    ];
    const { app } = await buildTestServer(() => undefined, { readiness });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      components: [
        { name: 'identity-database', ok: true },
        { name: 'business-database', ok: false },
      ],
    });
    // The probe is public: it must not say where the database lives or how to log in.
    expect(response.body).not.toContain('127.0.0.1');
    expect(response.body).not.toContain('not-the-password');
    await app.close();
    await unreachablePool.end();
  });

  it('answers 503 for every database once the pools are gone', async () => {
    const closing = await openTestPlatform();
    const { app } = await buildSuite(closing, testResolvers);
    await closing.close();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().components).toEqual([
      { name: 'identity-database', ok: false },
      { name: 'business-database', ok: false },
    ]);
    await app.close();
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { AuthResolvers, CredentialCeilings, RoutePosture } from '../../src/platform/http/index.js';
import type { Logger } from '../../src/platform/logging/logger.js';
import type { Platform } from '../../src/platform/open-platform.js';
import type { HostLookup } from '../../src/platform/webhooks/index.js';
import { buildSuite } from '../../src/suite.js';
import { openTestPlatform } from './test-platform.js';

export interface TestSuiteOptions {
  /** Extra environment on top of `testEnv()` (e.g. `TRUST_PROXY`, `BSNS_PUBLIC_URL`). */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** Replaces identity's credential resolvers (see `buildSuite`). */
  readonly resolvers?: AuthResolvers;
  /** The suite's logger (e.g. `captureLogs().logger`); silent by default. */
  readonly logger?: Logger;
  /** Addresses webhooks may reach in this test (its receiver on loopback). */
  readonly webhookTestAllowlist?: readonly string[];
  /** Resolves webhook host names in this test (see `testDnsZone`). */
  readonly webhookTestLookup?: HostLookup;
  /** Replaces the per-credential rate limits (see `buildSuite`). */
  readonly credentialCeilings?: CredentialCeilings;
}

export interface TestSuite {
  readonly platform: Platform;
  readonly app: FastifyInstance;
  /** Every registered route with its declared posture, as the posture hook recorded it. */
  readonly routes: readonly RoutePosture[];
  close(): Promise<void>;
}

/** The whole suite (`buildSuite`) on a test platform, closed server first, then the platform. */
export async function openTestSuite(options: TestSuiteOptions = {}): Promise<TestSuite> {
  const platform = await openTestPlatform(options.env, { clock: options.clock, logger: options.logger, webhookTestAllowlist: options.webhookTestAllowlist, webhookTestLookup: options.webhookTestLookup });
  let built: Awaited<ReturnType<typeof buildSuite>>;
  try {
    built = await buildSuite(platform, options.resolvers, { credentialCeilings: options.credentialCeilings });
  } catch (error) {
    await platform.close();
    throw error;
  }
  const { app, routes } = built;
  return {
    platform,
    app,
    routes,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

/**
 * Opens the suite before the tests of the enclosing scope (file or `describe`) and closes it
 * after them. `platform` and `app` are readable from inside hooks and tests only.
 */
export function useTestSuite(options: TestSuiteOptions = {}): Omit<TestSuite, 'close'> {
  let suite: TestSuite | undefined;
  beforeAll(async () => {
    suite = await openTestSuite(options);
  });
  afterAll(() => suite?.close());
  const opened = (): TestSuite => {
    if (!suite) throw new Error('The test suite is opened in beforeAll; read it from a hook or a test');
    return suite;
  };
  return {
    get platform() {
      return opened().platform;
    },
    get app() {
      return opened().app;
    },
    get routes() {
      return opened().routes;
    },
  };
}

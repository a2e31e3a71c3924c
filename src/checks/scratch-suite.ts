import type { Config, DatabaseUrls } from '../config/index.js';
import { generateKeySpec } from '../platform/crypto/index.js';
import type { BuiltServer } from '../platform/http/build-server.js';
import { createLogger } from '../platform/logging/logger.js';
import { openPlatform } from '../platform/open-platform.js';
import { buildSuite } from '../suite.js';
import { openScratchDatabases } from './check-databases.js';

/**
 * Opens the whole suite on the given databases, without listening, runs `use` and closes it.
 * Always by URL (in embedded mode the cluster is already running); building the suite encrypts
 * nothing, so without configured keys a throw-away one lets the kernel boot.
 */
export async function withSuiteOn<T>(config: Config, urls: DatabaseUrls, use: (build: () => Promise<BuiltServer>) => Promise<T>): Promise<T> {
  const platform = await openPlatform(
    { ...config, database: { mode: 'external', urls }, masterKeys: config.masterKeys ?? generateKeySpec('check') },
    createLogger('silent'),
  );
  try {
    return await use(() => buildSuite(platform, {}));
  } finally {
    await platform.close();
  }
}

/**
 * The OpenAPI document exactly as the suite serves it, from a suite booted on scratch databases
 * (on `DATABASE_ADMIN_URL`, else a throw-away embedded PostgreSQL). For the contract tooling:
 * the linter, the client generator. Always as an installation serves it, whatever NODE_ENV says,
 * so test-only routes (the development mailbox) never enter the contract.
 */
export async function servedOpenApiDocument(config: Config): Promise<Record<string, unknown>> {
  const databases = await openScratchDatabases({ adminUrl: config.databaseAdminUrl });
  try {
    return await withSuiteOn({ ...config, nodeEnv: 'development' }, databases.urls, async (build) => {
      const { app } = await build();
      try {
        const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
        if (response.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.statusCode}: ${response.body}`);
        return response.json<Record<string, unknown>>();
      } finally {
        await app.close();
      }
    });
  } finally {
    await databases.close();
  }
}

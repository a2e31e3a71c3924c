import type { Config, DatabaseUrls } from '../config/index.js';
import { createCrossTenantGate, type CrossTenantGate } from './access/cross-tenant-gate.js';
import { createPool, IdentityDb, resolveDatabases } from './db/index.js';
import type { ReadinessCheck } from './http/index.js';
import type { Logger } from './logging/logger.js';
import { MigrationError, migrateDatabase, pendingMigrations } from './migrations/index.js';
import { BusinessDb } from './tenancy/index.js';
import { UnsafeCrossTenantDb } from './tenancy/unsafe-cross-tenant.js';

/** The platform kernel as the apps see it: scoped database handles, never raw pools. */
export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  /** For identity code only: the identity database as its runtime role. */
  readonly identityDb: IdentityDb;
  /** Tenant data, only through `withTenant`. */
  readonly businessDb: BusinessDb;
  /** The permission-gated, recorded path across tenants. */
  readonly runAcrossTenants: CrossTenantGate;
  readonly readiness: readonly ReadinessCheck[];
  readonly databaseUrls: DatabaseUrls;
  close(): Promise<void>;
}

/**
 * Connects the kernel. In embedded mode it starts the bundled PostgreSQL and migrates;
 * with configured servers it refuses to serve a schema older than the code, since
 * migrations there are an operator step (`bsns migrate`) that runs before new code serves.
 */
export async function openPlatform(config: Config, logger: Logger): Promise<Platform> {
  const databases = await resolveDatabases(config, (line) => logger.debug({ component: 'embedded-postgres' }, line));
  const { urls } = databases;
  try {
    if (databases.embedded) {
      for (const [database, ownerUrl] of [['identity', urls.identityOwner], ['business', urls.businessOwner]] as const) {
        const report = await migrateDatabase(ownerUrl, database);
        if (report.applied.length > 0) logger.info({ database, applied: report.applied }, 'applied migrations');
      }
    } else {
      const pending = [
        ...(await pendingMigrations(urls.identityOwner, 'identity')).map((name) => `identity/${name}`),
        ...(await pendingMigrations(urls.businessOwner, 'business')).map((name) => `business/${name}`),
      ];
      if (pending.length > 0) throw new MigrationError(`Pending migrations (${pending.join(', ')}): run \`npx bsns migrate\` before starting this release.`);
    }
  } catch (error) {
    await databases.embedded?.stop();
    throw error;
  }

  const identityPool = createPool(urls.identity, { max: config.poolMax, applicationName: 'bsns-identity' });
  const businessPool = createPool(urls.business, { max: config.poolMax, applicationName: 'bsns-business' });
  const ownerPool = createPool(urls.businessOwner, { max: 2, applicationName: 'bsns-cross-tenant' });
  const unsafeDb = new UnsafeCrossTenantDb(ownerPool, async (grant) => {
    // The platform audit log (control 19) takes this record over when it lands.
    logger.warn({ crossTenant: grant }, 'cross-tenant access');
  });

  return {
    config,
    logger,
    identityDb: new IdentityDb(identityPool),
    businessDb: new BusinessDb(businessPool, { onEffectError: (err) => logger.error({ err }, 'post-commit side effect failed') }),
    runAcrossTenants: createCrossTenantGate(unsafeDb),
    databaseUrls: urls,
    readiness: [
      { name: 'identity-database', check: async () => void (await identityPool.query('SELECT 1')) },
      { name: 'business-database', check: async () => void (await businessPool.query('SELECT 1')) },
    ],
    async close() {
      await Promise.allSettled([identityPool.end(), businessPool.end(), ownerPool.end()]);
      await databases.embedded?.stop();
    },
  };
}

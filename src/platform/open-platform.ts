import type { Config, DatabaseUrls } from '../config/index.js';
import { createBlobStoreFromConfig, createTenantBlobs, type TenantBlobs } from './blobs/index.js';
import { createCrossTenantGate, type CrossTenantGate } from './access/cross-tenant-gate.js';
import { createAuditLog, type AuditLog } from './audit/index.js';
import { createPool, IdentityDb, resolveDatabases } from './db/index.js';
import type { ReadinessCheck } from './http/index.js';
import type { Logger } from './logging/logger.js';
import { systemClock, type Clock } from './clock.js';
import { createTenantVault, loadKeyring, TenantKeyAdmin, type Keyring, type TenantVault } from './crypto/index.js';
import { createMailer, type Mailer } from './mail/index.js';
import { createQuotaGuard, createQuotaOverrides, type QuotaGuard } from './quotas/index.js';
import { createRateLimiter, type RateLimiter } from './rate-limit/index.js';
import { MigrationError, migrateDatabase, pendingMigrations } from './migrations/index.js';
import { BusinessDb, type TenantStatement } from './tenancy/index.js';
import { Outbox } from './outbox/index.js';
import type { HostLookup, WebhookAddressPolicy } from './webhooks/webhook-address-policy.js';
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
  /** The platform audit log (identity database): security events and platform actions. */
  readonly auditLog: AuditLog;
  readonly readiness: readonly ReadinessCheck[];
  readonly databaseUrls: DatabaseUrls;
  readonly clock: Clock;
  /** Master keys; only the crypto module's helpers use them. */
  readonly keyring: Keyring;
  /** Sealing, opening and blind-indexing of tenant sensitive fields, inside withTenant only. */
  readonly tenantVault: TenantVault;
  /** The active tenant's stored files, sealed with its data key (BSNS_BLOB_STORE: a directory or an S3 bucket), inside withTenant only. */
  readonly blobs: TenantBlobs;
  /** Operator actions on tenants' data keys: destroy (crypto-shredding), rewrap, rotate. */
  readonly tenantKeys: TenantKeyAdmin;
  readonly mailer: Mailer;
  readonly rateLimiter: RateLimiter;
  /** The transactional outbox: `enqueue` in a tenant transaction, topics, the job worker. */
  readonly outbox: Outbox;
  /** Which addresses webhooks may reach (SSRF guard, docs/operations/webhooks.md). */
  readonly webhookAddressPolicy: WebhookAddressPolicy;
  /** Quota limits (config and per-tenant overrides) and their atomic enforcement. */
  readonly quotas: QuotaGuard;
  close(): Promise<void>;
}

export interface OpenPlatformOptions {
  /** Tests pass a ManualClock; production uses the system clock. */
  readonly clock?: Clock;
  /** Sees every statement sent inside withTenant (the query-plan test collects them). */
  readonly onTenantStatement?: (statement: TenantStatement) => void;
  /** Tests only: extra addresses webhooks may reach (their receiver listens on loopback). */
  readonly webhookTestAllowlist?: readonly string[];
  /** Tests only: resolves webhook host names (a zone of the test's own) instead of the system resolver. */
  readonly webhookTestLookup?: HostLookup;
}

/**
 * Connects the kernel. In embedded mode it starts the bundled PostgreSQL and migrates;
 * with configured servers it refuses to serve a schema older than the code, since
 * migrations there are an operator step (`bsns migrate`) that runs before new code serves.
 */
export async function openPlatform(config: Config, logger: Logger, options: OpenPlatformOptions = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  // Keys first: a missing key must stop the boot before anything else starts.
  const keyring = await loadKeyring(config);
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

  // Also set on the runtime roles by `bsns db provision`; set here too for roles provisioned by hand.
  const statementTimeoutMs = config.statementTimeoutMs;
  const identityPool = createPool(urls.identity, { max: config.poolMax, applicationName: 'bsns-identity', statementTimeoutMs });
  const businessPool = createPool(urls.business, { max: config.poolMax, applicationName: 'bsns-business', statementTimeoutMs });
  const ownerPool = createPool(urls.businessOwner, { max: 2, applicationName: 'bsns-cross-tenant' });
  const identityDb = new IdentityDb(identityPool);
  const auditLog = createAuditLog(identityDb, clock);
  // Every use of the owner-role client is an audit entry, committed before the work runs: if
  // the entry cannot be written, the access does not happen.
  const unsafeDb = new UnsafeCrossTenantDb(ownerPool, async (grant) => {
    await auditLog.append({
      // The operator's own commands (key rotations) cross as `operator:cli`, not as a user.
      actor: grant.actorId.startsWith('operator:') ? { type: 'cli', id: grant.actorId } : { type: 'user', id: grant.actorId },
      permission: grant.permission,
      action: 'platform.cross_tenant.accessed',
      metadata: { reason: grant.reason },
    });
    logger.warn({ crossTenant: grant }, 'cross-tenant access');
  });
  const mailer = createMailer(config.mailUrl, { from: config.mailFrom, clock });
  const rateLimiter = createRateLimiter({
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
    identityDb,
    clock,
    onConnectionError: (err) => logger.error({ err }, 'rate-limit store connection error'),
  });

  const businessDb = new BusinessDb(businessPool, {
    onEffectError: (err) => logger.error({ err }, 'post-commit side effect failed'),
    onStatement: options.onTenantStatement,
  });
  const runAcrossTenants = createCrossTenantGate(unsafeDb);
  const tenantVault = createTenantVault(keyring, { clock });
  const webhookAddressPolicy: WebhookAddressPolicy = {
    allowlist: new Set([...config.webhookPrivateAllowlist, ...(options.webhookTestAllowlist ?? [])]),
    ...(options.webhookTestLookup ? { lookup: options.webhookTestLookup } : {}),
  };
  const blobStore = createBlobStoreFromConfig(config);
  const blobs = createTenantBlobs(blobStore, tenantVault);
  // The worker connects on its own, directly (LISTEN/NOTIFY and session locks need a session).
  const outbox = new Outbox(config.jobNamespace, () => ({
    connectionString: urls.business,
    businessDb,
    tenantVault,
    addressPolicy: webhookAddressPolicy,
    clock,
    mailer,
    logger,
  }));

  return {
    config,
    logger,
    clock,
    keyring,
    tenantVault,
    blobs,
    tenantKeys: new TenantKeyAdmin({ businessDb, dataKeys: tenantVault.dataKeys, keyring, runAcrossTenants, storedBytes: blobs }),
    mailer,
    rateLimiter,
    outbox,
    webhookAddressPolicy,
    quotas: createQuotaGuard(config.quotas, createQuotaOverrides(identityDb)),
    identityDb,
    businessDb,
    runAcrossTenants,
    auditLog,
    databaseUrls: urls,
    readiness: [
      { name: 'identity-database', check: async () => void (await identityPool.query('SELECT 1')) },
      { name: 'business-database', check: async () => void (await businessPool.query('SELECT 1')) },
    ],
    async close() {
      await outbox.stopWorker();
      await Promise.allSettled([rateLimiter.close(), mailer.close()]);
      blobStore.close();
      await Promise.allSettled([identityPool.end(), businessPool.end(), ownerPool.end()]);
      await databases.embedded?.stop();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.js';
import { adminNavLinks, adminSuitePart, registerAdminApi, type AdminDeps } from './admin/index.js';
import { loadPactSigningIdentity, pactSuitePart, pactUrlOf, registerPactApi, type PactDeps, type PdfSigningIdentity } from './apps/pact/index.js';
import { RECORDS_QUOTA_USAGE, recordsSuitePart, registerRecordsApi, type RecordsDeps } from './apps/records/index.js';
import { registerTaskAssignedTopic } from './apps/records/tasks/task-assigned.topic.js';
import { registerNotificationRoutes } from './platform/notifications/index.js';
import { registerWebhookRoutes, WEBHOOK_QUOTA_USAGE } from './platform/webhooks/index.js';
import { AppError } from './platform/errors/index.js';
import { requireManager } from './identity/tenants/index.js';
import { createIdentity, SigningKeys, tenantMemberDirectory, type IdentityDeps } from './identity/index.js';
import { LAUNCHABLE_APPS } from './identity/launch/suite-apps.js';
import { registerAuditRoutes } from './platform/audit/index.js';
import { buildServer, type AuthResolvers, type BuiltServer } from './platform/http/build-server.js';
import { DEFAULT_CREDENTIAL_CEILINGS, mountSuiteParts, type CredentialCeilings } from './platform/http/index.js';
import { developmentMailboxDirectory, registerMailboxRoutes } from './platform/mail/index.js';
import type { Platform } from './platform/open-platform.js';
import { businessQuotaUsage } from './platform/quotas/index.js';
import { createTenantMirror } from './platform/tenancy/index.js';
import { loadTrustDocuments, trustOrigin, trustSuitePart } from './trust/index.js';

export const VERSION = '0.1.0';

/**
 * The composition root: the whole suite on one server. It is the one place that sees both
 * databases, and it hands identity only the identity database and a tenant-mirror port.
 * `resolvers` replaces identity's credential resolvers (tests and benchmarks only);
 * `credentialCeilings` replaces the per-credential rate limits (tests and benchmarks only).
 */
export async function buildSuite(platform: Platform, resolvers?: AuthResolvers, options: { credentialCeilings?: CredentialCeilings } = {}): Promise<BuiltServer> {
  const identity = createIdentity(identityDeps(platform));
  const records = recordsDeps(platform);
  const pact = pactDeps(platform);
  const { outbox } = platform;
  registerTaskAssignedTopic(outbox.topics, platform.config.publicUrl);
  const trustDocuments = await loadTrustDocuments();
  const built = await buildServer({
    logger: platform.logger,
    publicUrl: platform.config.publicUrl,
    version: VERSION,
    resolvers: resolvers ?? identity.resolvers,
    readiness: platform.readiness,
    trustProxy: platform.config.trustProxy,
    requestTimeoutMs: platform.config.requestTimeoutMs,
    allowedOrigins: suiteOrigins(platform.config),
    renderErrorPage: identity.renderErrorPage,
    credentialRateLimits: { limiter: platform.rateLimiter, ceilings: options.credentialCeilings ?? DEFAULT_CREDENTIAL_CEILINGS, clock: platform.clock },
    routes: async (app: FastifyInstance) => {
      identity.registerRoutes(app);
      registerRecordsApi(app, records);
      registerPactApi(app, pact);
      registerMailboxRoutes(app, { config: platform.config });
      registerNotificationRoutes(app, platform.businessDb);
      registerWebhookRoutes(app, {
        businessDb: platform.businessDb,
        tenantVault: platform.tenantVault,
        addressPolicy: platform.webhookAddressPolicy,
        quotas: platform.quotas,
        jobNames: outbox.names,
        webhookTopics: () => outbox.topics.webhookTopics(),
        requireTenantManager: async (request) => {
          const principal = request.principal;
          if (principal?.kind !== 'user' || !principal.tenantId) throw new AppError('auth.tenant_required');
          await requireManager(platform.identityDb, { userId: principal.subject, tenantId: principal.tenantId });
        },
      });
      registerAuditRoutes(app, { db: platform.identityDb });
      const admin = adminDeps(platform);
      registerAdminApi(app, admin);
      // The apps' pages: under their path prefix, or on their own host with BSNS_DOMAIN.
      const portalUrl = platform.config.domain ? platform.config.publicUrl : '';
      // Admin lives on the portal's host (auth.<domain>/admin): same origin, so sign-in can return to it.
      const adminPortalUrl = platform.config.domain && new URL(platform.config.publicUrl).host !== `auth.${platform.config.domain}` ? portalUrl : '';
      const devMail = developmentMailboxDirectory(platform.config) !== null;
      const trustUrl = platform.config.domain ? trustOrigin(platform.config) : '';
      const trust = { config: platform.config, clock: platform.clock, identityDb: platform.identityDb, readiness: platform.readiness, documents: trustDocuments };
      await mountSuiteParts(
        app,
        [
          recordsSuitePart(records, { portalUrl, trustUrl, devMail }),
          pactSuitePart(pact, { portalUrl, trustUrl, devMail }),
          adminSuitePart(admin, { portalUrl: adminPortalUrl, trustUrl, devMail }),
          identity.impersonationAdminPart({ navLinks: (base) => adminNavLinks(base, adminPortalUrl), trustUrl }),
          trustSuitePart(trust, { portalUrl }),
        ],
        platform.config.domain,
      );
    },
  });
  // The worker runs in this process by default; the platform stops it on close.
  if (platform.config.outboxWorker === 'inline') await outbox.startWorker();
  return built;
}

function recordsDeps(platform: Platform): RecordsDeps {
  return {
    businessDb: platform.businessDb,
    vault: platform.tenantVault,
    clock: platform.clock,
    members: tenantMemberDirectory(platform.identityDb),
    outbox: platform.outbox,
    quotas: platform.quotas,
    audit: platform.auditLog,
  };
}

function pactDeps(platform: Platform): PactDeps {
  const { config } = platform;
  const members = tenantMemberDirectory(platform.identityDb);
  let identity: Promise<PdfSigningIdentity> | undefined;
  return {
    businessDb: platform.businessDb,
    blobs: platform.blobs,
    clock: platform.clock,
    vault: platform.tenantVault,
    mailer: platform.mailer,
    logger: platform.logger,
    memberEmail: async (tenantId, userId) => (await members.membersByIds(tenantId, [userId]))[0]?.email ?? null,
    // Loaded (or generated) on the first completion, then kept; a failure is retried next time.
    signingIdentity: () =>
      (identity ??= loadPactSigningIdentity({ db: platform.identityDb, keyring: platform.keyring, configured: config.pactSigningP12, installationName: new URL(config.publicUrl).host }).catch((error: unknown) => {
        identity = undefined;
        throw error;
      })),
    limits: { maxBytes: config.pactMaxDocumentBytes, maxPages: 500 },
    pactUrl: pactUrlOf(config),
  };
}

function adminDeps(platform: Platform): AdminDeps {
  return { db: platform.identityDb, clock: platform.clock, mailer: platform.mailer, logger: platform.logger, publicUrl: platform.config.publicUrl };
}

function identityDeps(platform: Platform): IdentityDeps {
  const { config } = platform;
  const publicUrl = new URL(config.publicUrl);
  return {
    db: platform.identityDb,
    config,
    clock: platform.clock,
    keyring: platform.keyring,
    logger: platform.logger,
    mailer: platform.mailer,
    rateLimiter: platform.rateLimiter,
    signingKeys: new SigningKeys({ db: platform.identityDb, keyring: platform.keyring, clock: platform.clock, cacheMs: config.signingKeyCacheMs }),
    mirrorTenant: createTenantMirror(platform.businessDb, { afterMirror: () => platform.tenantVault.ensureDataKey() }),
    quotas: platform.quotas,
    // The tenant quotas counted in the business database, for the tenant's settings.
    appQuotaUsage: (tenantId) => businessQuotaUsage(platform.businessDb, platform.quotas, tenantId, { ...RECORDS_QUOTA_USAGE, ...WEBHOOK_QUOTA_USAGE }),
    rp: { id: config.domain ?? publicUrl.hostname, name: 'bsns', origin: publicUrl.origin },
    // The runtime role's own URL: the listener refuses it (cache off) when it is not direct.
    tokenCacheUrl: config.tokenCache === 'listen' ? platform.databaseUrls.identity : null,
  };
}

/** The suite's own origins: the only ones allowed to make cookie-authenticated state changes. */
function suiteOrigins(config: Pick<Config, 'publicUrl' | 'domain'>): ReadonlySet<string> {
  const origins = new Set([new URL(config.publicUrl).origin]);
  if (config.domain) {
    for (const host of [config.domain, `auth.${config.domain}`, ...LAUNCHABLE_APPS.map((app) => `${app}.${config.domain}`)]) {
      origins.add(`https://${host}`);
    }
  }
  return origins;
}

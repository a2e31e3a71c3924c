import { fileURLToPath } from 'node:url';
import { configFromProcess, processEnvNames, type Config } from '../config/index.js';
import { keyringFingerprints, parseKeyring } from '../platform/crypto/index.js';
import { checkApiRouteAuth } from './api-route-auth.js';
import { readBusinessCatalogAt, roleOfUrl, type BusinessCatalog } from './business-catalog.js';
import { CARVEOUTS_FILE, loadCarveOuts } from './carveout-allowlist.js';
import { openConfiguredDatabases, openScratchDatabases, type CheckDatabases } from './check-databases.js';
import type { CheckName, CheckReport } from './check-report.js';
import { readKeyedTables } from './distribution-catalog.js';
import { checkDistributionKeys, loadPlacements, PLACEMENTS_FILE } from './distribution-keys.js';
import { checkEnv } from './env-check.js';
import { checkIdempotentCreates } from './idempotent-creates.js';
import { checkListPaging } from './list-paging.js';
import { checkRlsCarveOuts } from './rls-carveouts.js';
import { checkRlsCoverage } from './rls-coverage.js';
import { withSuiteOn } from './scratch-suite.js';
import { checkSecurityInvariants } from './security-invariants.js';

/** The repository this code lives in: the checks judge their own tree. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunChecksOptions {
  readonly rootDir?: string;
  /** Judge the configured databases as deployed, instead of scratch ones migrated from this tree. */
  readonly configured?: boolean;
}

/**
 * Runs checks in order for the operator CLI and CI. The database checks share one set of
 * databases: scratch ones (on `DATABASE_ADMIN_URL`, else a throw-away embedded PostgreSQL) unless
 * `configured` is set. Everything opened here is closed before it returns.
 */
export async function runChecks(names: readonly CheckName[], options: RunChecksOptions = {}): Promise<CheckReport[]> {
  const rootDir = options.rootDir ?? REPO_ROOT;
  let databases: Promise<CheckDatabases> | undefined;
  let catalog: Promise<BusinessCatalog> | undefined;
  let cachedConfig: Config | undefined;
  // Parsed on first use: the env check must run (and report) even when the environment is invalid.
  const loadConfig = () => (cachedConfig ??= configFromProcess());
  const openDatabases = () =>
    (databases ??= options.configured ? openConfiguredDatabases(loadConfig()) : openScratchDatabases({ adminUrl: loadConfig().databaseAdminUrl }));
  const readCatalog = () =>
    (catalog ??= openDatabases().then(({ urls }) => readBusinessCatalogAt(urls.businessOwner, roleOfUrl(urls.business))));

  const reports: CheckReport[] = [];
  try {
    for (const name of names) {
      switch (name) {
        case 'security-invariants':
          reports.push(await checkSecurityInvariants({ rootDir }));
          break;
        case 'env':
          reports.push(await checkEnv({ rootDir, envNames: processEnvNames(), validate: configFromProcess, keyFingerprints: configuredKeyFingerprints() }));
          break;
        case 'rls-coverage': {
          const { carveOuts } = await loadCarveOuts(`${rootDir}/${CARVEOUTS_FILE}`);
          reports.push(checkRlsCoverage({ catalog: await readCatalog(), carveOuts }));
          break;
        }
        case 'rls-carveouts':
          reports.push(await checkRlsCarveOuts({ rootDir, catalog: await readCatalog() }));
          break;
        case 'distribution-keys': {
          const { placements, problems } = await loadPlacements(`${rootDir}/${PLACEMENTS_FILE}`);
          const { urls } = await openDatabases();
          reports.push(checkDistributionKeys({ tables: await readKeyedTables(urls.businessOwner), placements, placementProblems: problems }));
          break;
        }
        case 'api-route-auth': {
          const { urls } = await openDatabases();
          reports.push(await withSuiteOn(loadConfig(), urls, checkApiRouteAuth));
          break;
        }
        case 'list-paging': {
          const { urls } = await openDatabases();
          reports.push(await withSuiteOn(loadConfig(), urls, checkListPaging));
          break;
        }
        case 'idempotent-creates': {
          const { urls } = await openDatabases();
          reports.push(await withSuiteOn(loadConfig(), urls, (build) => checkIdempotentCreates(build)));
          break;
        }
      }
    }
  } finally {
    await databases?.then(
      (opened) => opened.close(),
      () => undefined,
    );
  }
  return reports;
}

/** Fingerprints of the configured master keys, or undefined when none are configured or they do not parse (env-invalid reports that). */
function configuredKeyFingerprints(): ReadonlyMap<string, string> | undefined {
  try {
    const { masterKeys } = configFromProcess();
    return masterKeys ? keyringFingerprints(parseKeyring(masterKeys)) : undefined;
  } catch {
    return undefined;
  }
}

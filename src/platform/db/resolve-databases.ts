import type { Config, DatabaseUrls } from '../../config/index.js';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';

export interface ResolvedDatabases {
  readonly urls: DatabaseUrls;
  /** Present in embedded mode: the cluster this process started. */
  readonly embedded?: EmbeddedCluster;
}

/** The configured database servers, or the embedded cluster (started now) when none are set. */
export async function resolveDatabases(config: Config, onLog?: (line: string) => void): Promise<ResolvedDatabases> {
  if (config.database.mode === 'external') return { urls: config.database.urls };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, ...(onLog ? { onLog } : {}) });
  return { urls: embedded.urls, embedded };
}

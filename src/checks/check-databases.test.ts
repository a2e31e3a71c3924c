import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readBusinessCatalogAt, roleOfUrl } from './business-catalog.js';
import { CARVEOUTS_FILE, loadCarveOuts } from './carveout-allowlist.js';
import { openScratchDatabases } from './check-databases.js';
import { checkRlsCoverage } from './rls-coverage.js';
import { REPO_ROOT } from './run-checks.js';

// Without DATABASE_ADMIN_URL (a developer's `npm run check:rls-coverage`), the checks bring their
// own throw-away PostgreSQL: it must come up migrated, and be gone afterwards.
describe('scratch databases without an admin URL', () => {
  it('start a throw-away embedded PostgreSQL, migrated from this tree, and stop it on close', { timeout: 120_000 }, async () => {
    const scratch = await openScratchDatabases();
    let closed = false;
    try {
      const catalog = await readBusinessCatalogAt(scratch.urls.businessOwner, roleOfUrl(scratch.urls.business));
      const { carveOuts } = await loadCarveOuts(path.join(REPO_ROOT, CARVEOUTS_FILE));
      expect(catalog.relations.map((relation) => relation.name)).toContain('labels');
      expect(checkRlsCoverage({ catalog, carveOuts }).findings).toEqual([]);
      await scratch.close();
      closed = true;
      const client = new pg.Client({ connectionString: scratch.urls.businessOwner, connectionTimeoutMillis: 2_000 });
      await expect(client.connect()).rejects.toThrow();
      await client.end().catch(() => undefined);
    } finally {
      if (!closed) await scratch.close();
    }
  });
});

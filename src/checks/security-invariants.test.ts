import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './run-checks.js';
import { checkSecurityInvariants } from './security-invariants.js';

const tempRoots: string[] = [];

afterEach(async () => {
  await Promise.all(tempRoots.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A throw-away repository root holding `files` (path → source). */
async function plantTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bsns-invariants-'));
  tempRoots.push(root);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

async function violations(root: string): Promise<string[]> {
  const report = await checkSecurityInvariants({ rootDir: root });
  return report.findings.map((finding) => `${finding.rule} ${finding.location}`).sort();
}

describe('check:security-invariants', () => {
  it('passes on the real tree', async () => {
    const report = await checkSecurityInvariants({ rootDir: REPO_ROOT });
    expect(report.findings).toEqual([]);
  });

  it('reports each planted violation with its rule and file:line', async () => {
    const root = await plantTree({
      'src/apps/demo/leak-env.ts': "export const secret = 'x';\nexport const url = process.env.DATABASE_URL;\n",
      'src/apps/demo/leak-env-destructured.ts': 'const { env } = process;\nexport const port = env.PORT;\n',
      'src/apps/demo/raw-pool.ts': "import pg from 'pg';\nexport const pool = new pg.Pool({ max: 1 });\n",
      'src/apps/demo/raw-client.ts': "import { Client } from 'pg';\nexport const client = new Client();\n",
      'src/apps/demo/pool-factory.ts': "import { createPool } from '../../platform/db/index.js';\nexport const make = createPool;\n",
      'src/apps/demo/pool-reexport.ts': "export { createPool as makePool } from '../../platform/db/index.js';\n",
      'src/apps/demo/bypass.ts': "import { UnsafeCrossTenantDb } from '../../platform/tenancy/unsafe-cross-tenant.js';\nexport const db = UnsafeCrossTenantDb;\n",
      'src/apps/demo/forge-tenant.ts': 'export const sql = (id: string) => `SELECT set_config(\'app.tenant_id\', \'${id}\', false)`;\n',
      'src/apps/demo/uses-test-support.ts': "import { testResolvers } from '../../../test/support/test-resolvers.js';\nexport const resolvers = testResolvers;\n",
      'src/apps/demo/index.ts': "export * from './leak-env.js';\n",
      'src/apps/demo/uses-identity.ts': "import type { Viewer } from '../../identity/portal/loaders/load-viewer.js';\nexport type V = Viewer;\n",
      'src/apps/demo/decrypts.ts': "import { createDecipheriv } from 'node:crypto';\nexport const open = createDecipheriv;\n",
      'src/platform/crypto/field-encryption.ts': "import { createDecipheriv } from 'node:crypto';\nexport const open = createDecipheriv;\n",
      'src/apps/demo/notes.types.ts': "import { z } from 'zod';\nexport const noteSchema = z.object({ body: z.string() });\nexport const createNoteBodySchema = z.object({ body: z.string().max(10) });\n",
      'src/apps/demo/notes.routes.ts': "import { z } from 'zod';\nexport const options = { schema: { params: z.object({ id: z.string() }), response: { 200: z.string() } } };\n",
    });
    expect(await violations(root)).toEqual([
      'no-decrypt-outside-crypto src/apps/demo/decrypts.ts:1',
      'no-decrypt-outside-crypto src/apps/demo/decrypts.ts:2',
      'no-export-star src/apps/demo/index.ts:1',
      'no-identity-import-in-apps src/apps/demo/uses-identity.ts:1',
      'no-process-env src/apps/demo/leak-env-destructured.ts:1',
      'no-process-env src/apps/demo/leak-env.ts:2',
      'no-raw-pool src/apps/demo/pool-factory.ts:1',
      'no-raw-pool src/apps/demo/pool-reexport.ts:1',
      'no-raw-pool src/apps/demo/raw-client.ts:1',
      'no-raw-pool src/apps/demo/raw-client.ts:2',
      'no-raw-pool src/apps/demo/raw-pool.ts:2',
      'no-tenant-setting src/apps/demo/forge-tenant.ts:1',
      'no-test-import src/apps/demo/uses-test-support.ts:1',
      'no-unsafe-cross-tenant-import src/apps/demo/bypass.ts:1',
      'safe-text-inputs src/apps/demo/notes.routes.ts:2',
      'safe-text-inputs src/apps/demo/notes.types.ts:3',
    ]);
  });

  it('ignores comments, type-only imports and the allowlisted places', async () => {
    const root = await plantTree({
      'src/apps/demo/comments.ts': [
        '// process.env is read only in src/config; new pg.Pool() is for the kernel.',
        "/* set_config('app.tenant_id', …) belongs to withTenant; export * from './x.js' is banned. */",
        '/** createDecipheriv lives in the crypto module. */',
        'export const ok = 1;',
      ].join('\n'),
      'src/apps/demo/types-only.ts': [
        "import type pg from 'pg';",
        "import type { CrossTenantGrant } from '../../platform/tenancy/unsafe-cross-tenant.js';",
        'export type Pool = pg.Pool;',
        'export type Grant = CrossTenantGrant;',
      ].join('\n'),
      'src/config/read-env.ts': 'export const env = process.env;\n',
      'src/platform/db/pool.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
      'src/platform/tenancy/business-db.ts': "export const begin = \"SELECT set_config('app.tenant_id', $1, true)\";\n",
      'src/platform/access/cross-tenant-gate.ts': "import { UnsafeCrossTenantDb } from '../tenancy/unsafe-cross-tenant.js';\nexport const db = UnsafeCrossTenantDb;\n",
      'src/apps/demo/attack.security.test.ts': [
        "import pg from 'pg';",
        "import { testResolvers } from '../../../test/support/test-resolvers.js';",
        "export const forge = \"SELECT set_config('app.tenant_id', '', true)\";",
        'export const pool = new pg.Pool();',
        'export const resolvers = testResolvers;',
      ].join('\n'),
      'src/apps/demo/index.ts': "export { ok } from './comments.js';\n",
    });
    const report = await checkSecurityInvariants({ rootDir: root });
    expect(report.findings).toEqual([]);
    expect(report.notes.join('\n')).toContain('no-decrypt-outside-crypto is inactive until src/platform/crypto exists');
  });

  it('switches the decrypt rule on once the crypto module exists', async () => {
    const decrypting = { 'src/apps/demo/decrypts.ts': "import { createDecipheriv } from 'node:crypto';\nexport const open = createDecipheriv;\n" };
    expect(await violations(await plantTree(decrypting))).toEqual([]);
    expect(await violations(await plantTree({ ...decrypting, 'src/platform/crypto/index.ts': 'export {};\n' }))).toContain(
      'no-decrypt-outside-crypto src/apps/demo/decrypts.ts:1',
    );
  });
});

/**
 * Writes the OpenAPI document the suite serves to a file (`npm run lint:openapi` lints it). The
 * suite boots on scratch databases: `DATABASE_ADMIN_URL`, else a throw-away embedded PostgreSQL.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { servedOpenApiDocument } from '../src/checks/index.js';
import { configFromProcess } from '../src/config/index.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/write-openapi.ts <file.json>');
  process.exit(2);
}
const document = await servedOpenApiDocument(configFromProcess());
await mkdir(path.dirname(path.resolve(out)), { recursive: true });
await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`Wrote the served OpenAPI document to ${out}.`);

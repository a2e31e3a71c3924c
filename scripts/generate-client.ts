/**
 * Generates the typed client's schema (clients/ts/src/schema.d.ts) from the OpenAPI document the
 * suite serves, with openapi-typescript (`npm run generate:client`). With `--check` it writes
 * nothing and exits 1 when the committed file is stale (`npm run check:client`, run by CI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { servedOpenApiDocument } from '../src/checks/index.js';
import { configFromProcess } from '../src/config/index.js';

const SCHEMA_PATH = 'clients/ts/src/schema.d.ts';
const HEADER = [
  '// Generated from the OpenAPI document the suite serves (/api/v1/openapi.json) by',
  '// `npm run generate:client`. Do not edit: `npm run check:client` fails when it is stale.',
  '',
].join('\n');

const document = await servedOpenApiDocument(configFromProcess());
// The servers entry names the installation that served it; the types never depend on it.
const expected = HEADER + astToString(await openapiTS({ ...document, servers: [] } as unknown as Parameters<typeof openapiTS>[0]));
const target = path.resolve(import.meta.dirname, '..', SCHEMA_PATH);
const current = await readFile(target, 'utf8').catch(() => null);

if (process.argv.includes('--check')) {
  if (current !== expected) {
    console.error(`${SCHEMA_PATH} is stale: the API changed. Run \`npm run generate:client\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${SCHEMA_PATH} matches the served OpenAPI document.`);
} else if (current === expected) {
  console.log(`${SCHEMA_PATH} is already up to date.`);
} else {
  await writeFile(target, expected);
  console.log(`Wrote ${SCHEMA_PATH}.`);
}

/**
 * Writes docs/reference/errors.md from the error catalogue (`npm run docs:errors`).
 * With `--check` it writes nothing and exits 1 when the committed file is stale.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ERROR_REFERENCE_PATH, renderErrorReference } from '../src/platform/errors/index.js';

const target = path.resolve(import.meta.dirname, '..', ERROR_REFERENCE_PATH);
const expected = renderErrorReference();
const current = await readFile(target, 'utf8').catch(() => null);

if (process.argv.includes('--check')) {
  if (current !== expected) {
    console.error(`${ERROR_REFERENCE_PATH} is out of date: run \`npm run docs:errors\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${ERROR_REFERENCE_PATH} is up to date.`);
} else if (current === expected) {
  console.log(`${ERROR_REFERENCE_PATH} is already up to date.`);
} else {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, expected);
  console.log(`Wrote ${ERROR_REFERENCE_PATH}.`);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './error-catalogue.js';
import { ERROR_REFERENCE_PATH, renderErrorReference } from './error-reference.js';

// Like fastify's errors test: every code a client can receive is documented, and the
// document lists nothing the server cannot send.

const referencePath = path.resolve(import.meta.dirname, '../../..', ERROR_REFERENCE_PATH);

/** The `code → "status message"` rows of the reference's table. */
function documentedRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of markdown.matchAll(/^\| `([^`]+)` \| (\d{3}) \| (.*) \|$/gm)) {
    rows.set(match[1]!, `${match[2]} ${match[3]!.replaceAll('\\|', '|')}`);
  }
  return rows;
}

function catalogueRows(catalogue: Record<string, { status: number; message: string }>): Map<string, string> {
  return new Map(Object.entries(catalogue).map(([code, { status, message }]) => [code, `${status} ${message}`]));
}

/** Codes missing from the document, codes it lists that no longer exist, and rows that disagree. */
function compare(catalogue: Map<string, string>, documented: Map<string, string>) {
  return {
    missing: [...catalogue.keys()].filter((code) => !documented.has(code)),
    stale: [...documented.keys()].filter((code) => !catalogue.has(code)),
    different: [...catalogue].filter(([code, row]) => documented.has(code) && documented.get(code) !== row).map(([code]) => code),
  };
}

describe(`${ERROR_REFERENCE_PATH}`, () => {
  it('documents every catalogue code with its status and message, and nothing else', async () => {
    const markdown = await readFile(referencePath, 'utf8');
    expect(compare(catalogueRows(ERROR_CATALOGUE), documentedRows(markdown))).toEqual({ missing: [], stale: [], different: [] });
  });

  it('is exactly what `npm run docs:errors` generates', async () => {
    const markdown = await readFile(referencePath, 'utf8');
    expect(markdown, 'run `npm run docs:errors` and commit the result').toBe(renderErrorReference());
  });

  it('notices a missing, a stale and a changed code (planted)', () => {
    const planted = { ...ERROR_CATALOGUE, 'planted.new_code': { status: 418, message: 'Planted.' } };
    const documented = documentedRows(renderErrorReference({ ...ERROR_CATALOGUE, 'planted.removed_code': { status: 410, message: 'Gone | away.' } }));
    documented.set('auth.required', '401 A message edited by hand.');
    expect(compare(catalogueRows(planted), documented)).toEqual({
      missing: ['planted.new_code'],
      stale: ['planted.removed_code'],
      different: ['auth.required'],
    });
  });
});

describe('ERROR_CATALOGUE', () => {
  it.each(Object.entries(ERROR_CATALOGUE))('%s is a well-formed entry', (code, { status, message }) => {
    expect(code).toMatch(/^[a-z][a-z_]*(\.[a-z_]+)+$/);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(message).toMatch(/^[A-Z].*\.$/);
  });
});

import { ERROR_CATALOGUE } from './error-catalogue.js';

/** Where the generated reference lives, relative to the repository root. */
export const ERROR_REFERENCE_PATH = 'docs/reference/errors.md';

type Catalogue = Readonly<Record<string, { readonly status: number; readonly message: string }>>;

/**
 * The error reference for API clients, rendered from the catalogue so the two cannot disagree.
 * `npm run docs:errors` writes it; a test fails when the committed file is stale.
 */
export function renderErrorReference(catalogue: Catalogue = ERROR_CATALOGUE): string {
  const rows = Object.entries(catalogue).map(([code, { status, message }]) => `| \`${code}\` | ${status} | ${escapeCell(message)} |`);
  return [
    '<!-- Generated from src/platform/errors/error-catalogue.ts by `npm run docs:errors`. Do not edit by hand. -->',
    '',
    '# Error codes',
    '',
    'Every error the JSON API returns has the same shape and a JSON content type:',
    '',
    '```json',
    '{ "error": { "code": "label.name_taken", "message": "A label with this name already exists." } }',
    '```',
    '',
    '- `code` is stable: switch on it. A code is never renamed or reused for another meaning.',
    '- `message` is for people and may change; it never contains internals such as stack traces or SQL.',
    '- `request.invalid` adds `details.issues`, a list of `{ "path", "message" }` such as `body.name`.',
    '- `internal.error` messages carry the request id, which is also in the `x-request-id` response header',
    '  and in the server log line that holds the details.',
    '',
    '| Code | HTTP status | Default message |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

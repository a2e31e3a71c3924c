/**
 * The attack: fuzz every operation the API documents with input no client should send: NUL
 * bytes, lone surrogates, invalid UTF-8, broken percent-escapes, 4,000-character values, wrong
 * types, `__proto__`/`constructor` keys and deep nesting, in the path, the query and the body,
 * signed in (MFA satisfied) so authenticated routes reach their validation too. One 5xx is a
 * crash an attacker can repeat (and often an oracle, as sign-up's 500 was); one answer outside
 * the envelope breaks every client that switches on `error.code`. The operations come from
 * `/api/v1/openapi.json`, so routes added later are attacked with no edit here.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../errors/index.js';
import { ManualClock } from '../clock.js';
import { createTenantOwner, signIn } from '../../../test/support/portal-users.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
};
interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const suite = useTestSuite({ clock });
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const UUID = '00000000-0000-4000-8000-000000000000';
const LONG = 'a'.repeat(4_000);

// Raw path and query spellings: each is put into the URL as written.
const BAD_URL_VALUES = ['%00', 'a%00b', '%ED%A0%80', '%E0%A4%A', '%', '%ZZ', '%C0%AF', '%FF%FE', LONG, '__proto__', 'constructor', '..%2F..%2Fetc', '%0D%0ASet-Cookie:x=1'];
// Decoded values for JSON fields (JSON.stringify keeps a lone surrogate as a `\ud800` escape).
// Blank values too: text that trims to nothing must be refused (or accepted) here, never reach a CHECK constraint.
const BAD_FIELD_VALUES: unknown[] = ['a\u0000b', 'a\ud800b', '\udfff', '\u001b[2J', '', '   ', '\uFEFF', LONG, 12345, -1.5e308, true, null, [], ['a\u0000'], { __proto__: { polluted: true } }, {}];

function deepNesting(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Raw bodies, sent as application/json bytes. */
const RAW_BODIES: Array<[string, string | Buffer]> = [
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
  ['an overlong UTF-8 NUL', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d])],
  ['a __proto__ key', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
  ['a constructor.prototype key', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['deep object nesting', deepNesting(5_000)],
  ['deep array nesting', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
  ['an array', '[]'],
  ['a string', '"text"'],
  ['a number', '1e999'],
  ['null', 'null'],
  ['a NUL in a key', '{"a\\u0000":1}'],
  ['a lone surrogate', '{"a":"\\ud800"}'],
  ['truncated JSON', '{"a":'],
];

function resolve(schema: JsonSchema | undefined, document: Document): JsonSchema | undefined {
  if (schema?.$ref?.startsWith('#/components/schemas/')) return document.components?.schemas?.[schema.$ref.slice('#/components/schemas/'.length)];
  return schema;
}

/** A plausible value for a schema, so a mutation in one field is what the server must catch. */
function sample(schema: JsonSchema | undefined, document: Document, depth = 0): unknown {
  const resolved = resolve(schema, document);
  if (!resolved || depth > 4) return 'x';
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum?.length) return resolved.enum[0];
  const variant = resolved.anyOf?.[0] ?? resolved.oneOf?.[0];
  if (variant) return sample(variant, document, depth + 1);
  const type = Array.isArray(resolved.type) ? resolved.type.find((entry) => entry !== 'null') : resolved.type;
  if (type === 'object' || resolved.properties) {
    return Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([key, value]) => [key, sample(value, document, depth + 1)]));
  }
  if (type === 'array') return [sample(resolved.items, document, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (resolved.format === 'uuid') return UUID;
  if (resolved.format === 'email') return 'fuzz@example.test';
  return 'x'.repeat(16);
}

interface Attack {
  readonly what: string;
  readonly url: string;
  readonly payload?: string | Buffer;
}

/** A bounded list of malformed requests for one operation (roughly 20 to 80). */
function attacksOn(path: string, operation: Operation, method: string, document: Document): Attack[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const queryParams = [...parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name), 'unexpected'];
  const fill = (malformed?: { name: string; raw: string }) =>
    path.replace(/\{([^}]+)\}/g, (_match, name: string) => (malformed?.name === name ? malformed.raw : String(sample(parameters.find((p) => p.name === name)?.schema, document))));
  const attacks: Attack[] = [];
  for (const name of pathParams) for (const raw of BAD_URL_VALUES) attacks.push({ what: `path ${name}=${raw.slice(0, 20)}`, url: fill({ name, raw }) });
  for (const name of queryParams) for (const raw of BAD_URL_VALUES) attacks.push({ what: `query ${name}=${raw.slice(0, 20)}`, url: `${fill()}?${name}=${raw}` });
  attacks.push({ what: 'query __proto__[x]', url: `${fill()}?__proto__[polluted]=1&constructor[prototype][polluted]=1&a[b][c][d]=1` });
  attacks.push({ what: 'query bad key escape', url: `${fill()}?%ZZ=1&%00=2&${LONG}=3` });
  if (method === 'get') return attacks;

  const bodySchema = resolve(operation.requestBody?.content?.['application/json']?.schema, document);
  for (const [what, payload] of RAW_BODIES) attacks.push({ what: `body ${what}`, url: fill(), payload });
  const base = sample(bodySchema, document);
  if (bodySchema && typeof base === 'object' && base !== null && !Array.isArray(base)) {
    for (const field of [...Object.keys(base), 'unexpected']) {
      for (const value of BAD_FIELD_VALUES) {
        const body = { ...(base as Record<string, unknown>), [field]: value };
        attacks.push({ what: `body ${field}=${JSON.stringify(value)?.slice(0, 20)}`, url: fill(), payload: JSON.stringify(body) });
      }
    }
  }
  return attacks;
}

async function signedInClient(): Promise<SuiteClient> {
  const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 7 * 24 * 3600_000) });
  const client = new SuiteClient(suite.app);
  // Inside the enrolment grace window: MFA counts as satisfied, so session+mfa routes validate.
  await signIn(client, owner.email);
  return client;
}

function problemWith(response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 200)}`;
  if (response.statusCode < 400) return null;
  if (!String(response.headers['content-type']).startsWith('application/json')) return `${response.statusCode} as ${response.headers['content-type']}`;
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return `${response.statusCode} with a body that is not JSON`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (!error || Object.keys(body as object).length !== 1) return `${response.statusCode} outside the envelope: ${response.body.slice(0, 200)}`;
  if (!isErrorCode(error.code)) return `${response.statusCode} with an uncatalogued code ${String(error.code)}`;
  if (typeof error.message !== 'string' || error.message.length === 0) return `${response.statusCode} without a message`;
  return null;
}

describe('every documented operation, attacked with malformed input', () => {
  it('never answers 5xx, and every 4xx is the envelope with a catalogued code', async () => {
    const document = (await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Document>();
    let client = await signedInClient();
    const problems: string[] = [];
    let requests = 0;
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((candidate) => item[candidate])) {
        operations++;
        for (const attack of attacksOn(path, item[method]!, method, document)) {
          const response = await client.request({
            method: method.toUpperCase(),
            url: attack.url,
            headers: { accept: 'application/json', ...(attack.payload === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(attack.payload === undefined ? {} : { payload: attack.payload }),
          });
          requests++;
          const problem = problemWith(response);
          if (problem) problems.push(`${method.toUpperCase()} ${path} [${attack.what}]: ${problem}`);
        }
        // An attack that signed the client out (a body-less sign-out) must not blind the rest.
        if ((await client.get('/api/v1/auth/session')).statusCode !== 200) client = await signedInClient();
      }
    }
    expect(operations).toBeGreaterThanOrEqual(30);
    expect(requests).toBeGreaterThan(operations * 20);
    expect(problems).toEqual([]);
    // No key of any body reached an object prototype.
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 240_000);
});

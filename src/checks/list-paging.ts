import type { BuiltServer } from '../platform/http/build-server.js';
import type { CheckFinding, CheckReport } from './check-report.js';

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

interface Operation {
  parameters?: Array<{ in?: string; name?: string }>;
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation | undefined>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Boots the suite without listening and walks its OpenAPI document: no response may hold an
 * unbounded array. A list is a page — `{ items, nextCursor }` from `src/platform/paging/`, whose
 * `items` declares `maxItems`, on an operation that takes `limit` and `cursor` — and any other
 * array must declare its own `maxItems` (a set of ten recovery codes, say).
 */
export async function checkListPaging(build: () => Promise<BuiltServer>): Promise<CheckReport> {
  const built = await build();
  try {
    await built.app.ready();
    return { check: 'list-paging', findings: findUnpagedLists(built.app.swagger() as OpenApiDocument), notes: [] };
  } finally {
    await built.app.close();
  }
}

/** The findings for one OpenAPI document (exported for the planted-document tests). */
export function findUnpagedLists(document: OpenApiDocument): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const resolve = (schema: JsonSchema): JsonSchema => {
    const name = schema.$ref?.replace('#/components/schemas/', '');
    return name ? (document.components?.schemas?.[name] ?? {}) : schema;
  };
  for (const [url, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations ?? {})) {
      if (!HTTP_METHODS.has(method) || !operation) continue;
      const queryNames = new Set((operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        for (const [contentType, media] of Object.entries(response.content ?? {})) {
          if (!contentType.includes('json') || !media.schema) continue;
          const location = `${method.toUpperCase()} ${url} ${status}`;
          const report = (rule: string, message: string) => findings.push({ rule, location, message });
          const top = resolve(media.schema);
          if (typesOf(top).includes('array')) report('list-top-level-array', 'answers a bare array: answer a page `{ items, nextCursor }` (src/platform/paging/)');
          walk(top, 'body', resolve, report, new Set());
          if (isPage(top, resolve) && !(queryNames.has('limit') && queryNames.has('cursor'))) {
            report('list-page-without-query', 'answers a page but takes no `limit` and `cursor` query parameters (pageQuerySchema)');
          }
        }
      }
    }
  }
  return findings;
}

function walk(schema: JsonSchema, path: string, resolve: (schema: JsonSchema) => JsonSchema, report: (rule: string, message: string) => void, seen: Set<JsonSchema>): void {
  const node = resolve(schema);
  if (seen.has(node)) return;
  seen.add(node);
  if (typesOf(node).includes('array')) {
    if (typeof node.maxItems !== 'number') {
      report('list-unbounded-array', `${path} is an array without maxItems: page it (pageSchema) or bound it (z.array(…).max(n))`);
    }
    if (node.items) walk(node.items, `${path}[]`, resolve, report, seen);
  }
  const properties = node.properties ?? {};
  if ('items' in properties && typesOf(resolve(properties.items!)).includes('array') && !('nextCursor' in properties)) {
    report('list-without-cursor', `${path}.items is a list without nextCursor: answer a page (pageSchema)`);
  }
  for (const [name, child] of Object.entries(properties)) walk(child, `${path}.${name}`, resolve, report, seen);
  if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}.*`, resolve, report, seen);
  for (const variant of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(variant, path, resolve, report, seen);
}

function isPage(schema: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema): boolean {
  const properties = resolve(schema).properties ?? {};
  return 'items' in properties && 'nextCursor' in properties;
}

function typesOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

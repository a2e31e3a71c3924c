import type { FastifyInstance, RouteOptions } from 'fastify';

/** Thrown at registration when a route's operation id is missing, malformed or already taken. */
export class OperationIdError extends Error {
  override readonly name = 'OperationIdError';
}

/** Words ending in `s` that name no collection (`/passkeys/registration/options` is an action). */
const NOT_PLURAL = new Set(['options', 'jwks', 'status', 'settings', 'analytics']);

/** Plural collections that do not end in `s`. */
const IRREGULAR_PLURALS = new Set(['people', 'children']);

/** `records.labels.create`: dot-separated camelCase words. */
const OPERATION_ID = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/**
 * The operation id a route gets unless it names its own (`schema.operationId`): the path after
 * `/api/v1/` in camelCase words, then a verb. A GET answers `list` on a plural collection and
 * `get` otherwise; a POST to a plural collection is `create`, to anything else it is the action
 * the path names (`/auth/sign-in` → `auth.signIn`); PUT/PATCH are `update`, DELETE is `delete`.
 * Path parameters drop out: `/records/labels/:id` is `records.labels.get`.
 */
export function deriveOperationId(method: string, url: string): string | null {
  const segments = url.replace(/^\/api\/v\d+\//, '/').split('/').filter(Boolean);
  const endsWithParameter = segments.at(-1)?.startsWith(':') ?? false;
  const words = segments.filter((segment) => !segment.startsWith(':')).map(camelCase).filter(Boolean);
  if (words.length === 0) return null;
  const last = words.at(-1)!;
  const plural = (/[^s]s$/.test(last) && !NOT_PLURAL.has(last)) || IRREGULAR_PLURALS.has(last);
  switch (method) {
    case 'GET':
      return [...words, !endsWithParameter && plural ? 'list' : 'get'].join('.');
    case 'POST':
      if (endsWithParameter || plural) return [...words, endsWithParameter ? 'post' : 'create'].join('.');
      return words.length === 1 ? last : [...words.slice(0, -1), last].join('.');
    case 'PUT':
    case 'PATCH':
      return [...words, 'update'].join('.');
    case 'DELETE':
      return [...words, 'delete'].join('.');
    default:
      return null;
  }
}

/** `sign-in` → `signIn`, `jwks.json` → `jwks`, `.well-known` → `wellKnown`. */
function camelCase(segment: string): string {
  const parts = segment
    .replace(/\.json$/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return parts.map((part, index) => (index === 0 ? part.toLowerCase() : part[0]!.toUpperCase() + part.slice(1).toLowerCase())).join('');
}

/**
 * Gives every documented route a stable, unique operation id when it is registered, so client
 * generators can name their methods. A duplicate or an underivable id fails the boot: two
 * methods of a generated client must never collide, and renaming one breaks its callers.
 */
export function installOperationIds(app: FastifyInstance): void {
  const owners = new Map<string, string>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as ({ hide?: boolean; operationId?: unknown } & Record<string, unknown>) | undefined;
    if (schema?.hide === true) return;
    const methods = ([] as string[]).concat(route.method).filter((method) => method !== 'HEAD');
    if (methods.length !== 1) {
      if (methods.length > 1) throw new OperationIdError(`Route ${methods.join(',')} ${route.url} serves several methods: register one route per method so each gets its own operation id`);
      return;
    }
    const method = methods[0]!;
    const declared = schema?.operationId;
    const operationId = declared ?? deriveOperationId(method, route.url);
    if (typeof operationId !== 'string' || !OPERATION_ID.test(operationId)) {
      throw new OperationIdError(`Route ${method} ${route.url} has no valid operation id (got ${JSON.stringify(operationId)}): set schema.operationId to dotted camelCase words such as records.labels.create`);
    }
    const key = `${method} ${route.url}`;
    const owner = owners.get(operationId);
    // The same route may be registered once per host (host mode): that is one operation.
    if (owner !== undefined && owner !== key) {
      throw new OperationIdError(`Operation id ${operationId} of ${key} is already used by ${owner}: set a distinct schema.operationId`);
    }
    owners.set(operationId, key);
    route.schema = { ...schema, operationId };
  });
}

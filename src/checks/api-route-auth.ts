import type { BuiltServer } from '../platform/http/build-server.js';
import { describeRouteAuth, isRouteAuth, MissingAuthPostureError, type RoutePosture } from '../platform/http/index.js';
import type { CheckFinding, CheckReport } from './check-report.js';

interface OpenApiDocument {
  paths?: Record<string, Record<string, { 'x-auth'?: unknown } | undefined>>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Boots the server without listening and lists every route with its auth posture. A route
 * without one makes registration throw; that becomes a finding instead of a crash. The OpenAPI
 * document is checked too: each operation must carry its posture as `x-auth`.
 */
export async function checkApiRouteAuth(build: () => Promise<BuiltServer>): Promise<CheckReport> {
  const findings: CheckFinding[] = [];
  let built: BuiltServer | undefined;
  try {
    built = await build();
    await built.app.ready();
  } catch (error) {
    if (!(error instanceof MissingAuthPostureError)) {
      await built?.app.close();
      throw error;
    }
    findings.push({ rule: 'route-posture-missing', message: `${error.message}. Registration stops at the first such route: fix it and run again.` });
    await built?.app.close().catch(() => undefined);
    return { check: 'api-route-auth', findings, notes: [] };
  }

  try {
    const { app, routes } = built;
    for (const route of routes) {
      if (!isRouteAuth(route.auth)) {
        findings.push({ rule: 'route-posture-invalid', location: `${route.method} ${route.url}`, message: `posture ${JSON.stringify(route.auth)} is not a known auth posture` });
      }
    }
    const document = app.swagger() as OpenApiDocument;
    for (const [url, operations] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(operations ?? {})) {
        if (HTTP_METHODS.has(method) && !isRouteAuth(operation?.['x-auth'])) {
          findings.push({ rule: 'openapi-x-auth', location: `${method.toUpperCase()} ${url}`, message: 'the OpenAPI operation does not carry its auth posture as x-auth' });
        }
      }
    }
    return { check: 'api-route-auth', findings, notes: [routeTable(routes)] };
  } finally {
    await built.app.close();
  }
}

/** Routes as a table, sorted by path, so a reviewer can read the whole surface at a glance. */
export function routeTable(routes: readonly RoutePosture[]): string {
  const rows = [...routes]
    .filter((route) => route.method !== 'HEAD') // Fastify adds HEAD beside every GET with the same posture
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  const methodWidth = Math.max(6, ...rows.map((route) => route.method.length));
  const urlWidth = Math.max(4, ...rows.map((route) => route.url.length));
  return [
    `${'METHOD'.padEnd(methodWidth)}  ${'PATH'.padEnd(urlWidth)}  AUTH`,
    ...rows.map((route) => `${route.method.padEnd(methodWidth)}  ${route.url.padEnd(urlWidth)}  ${describeRouteAuth(route.auth)}`),
    `${rows.length} routes`,
  ].join('\n');
}

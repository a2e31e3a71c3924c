import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * One app of the suite as the server mounts it. Without a domain every part shares one
 * origin under its path prefix; with `BSNS_DOMAIN` each part answers on its own host.
 */
export interface SuitePart {
  readonly id: 'portal' | 'records' | 'pact' | 'admin' | 'trust';
  /** Path prefix in single-origin mode, e.g. `/records`; `''` mounts at the root. */
  readonly pathPrefix: string;
  /** Host label under the domain (`records` → `records.<domain>`); `''` is the apex. */
  readonly hostLabel: string;
  /** In host mode, a path prefix kept on that host (admin lives at `auth.<domain>/admin`). */
  readonly hostPathPrefix?: string;
  readonly plugin: FastifyPluginAsync;
}

export function partHost(part: SuitePart, domain: string): string {
  return part.hostLabel ? `${part.hostLabel}.${domain}` : domain;
}

/** Mounts every part by path prefix, or by host name when a domain is configured. */
export async function mountSuiteParts(app: FastifyInstance, parts: readonly SuitePart[], domain: string | undefined): Promise<void> {
  for (const part of parts) {
    if (!domain) {
      await app.register(part.plugin, { prefix: part.pathPrefix });
      continue;
    }
    const host = new RegExp(`^${partHost(part, domain).replaceAll('.', '\\.')}(:\\d+)?$`);
    await app.register(
      async (scope) => {
        // Constrain every route of this part to its host, so records.<domain>/x never reaches pact.
        scope.addHook('onRoute', (route) => {
          route.constraints = { ...route.constraints, host };
        });
        await scope.register(part.plugin);
      },
      { prefix: part.hostPathPrefix ?? '' },
    );
  }
}

import type { Config } from '../../config/index.js';

/** The apps a member can launch from the portal. */
export const LAUNCHABLE_APPS = ['records', 'pact'] as const;
export type LaunchableApp = (typeof LAUNCHABLE_APPS)[number];

export function isLaunchableApp(value: string): value is LaunchableApp {
  return (LAUNCHABLE_APPS as readonly string[]).includes(value);
}

/**
 * The apps this release serves pages for. An app not listed shows in the launcher as coming and
 * launching it is refused, rather than redirecting a newcomer to a 404. Add an app here in the
 * commit that mounts its pages.
 */
const SERVED_APPS: ReadonlySet<LaunchableApp> = new Set(['records', 'pact']);

export function isServedApp(app: LaunchableApp): boolean {
  return SERVED_APPS.has(app);
}

/** Where an app lives: its own host under the domain, or its path prefix on the one origin. */
export function appUrl(config: Pick<Config, 'domain' | 'publicUrl'>, app: LaunchableApp): string {
  return config.domain ? `https://${app}.${config.domain}/` : `${config.publicUrl}/${app}/`;
}

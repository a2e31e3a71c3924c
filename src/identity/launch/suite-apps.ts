import type { Config } from '../../config/index.js';

/** The apps a member can launch from the portal. */
export const LAUNCHABLE_APPS = ['records', 'pact'] as const;
export type LaunchableApp = (typeof LAUNCHABLE_APPS)[number];

export function isLaunchableApp(value: string): value is LaunchableApp {
  return (LAUNCHABLE_APPS as readonly string[]).includes(value);
}

/** Where an app lives: its own host under the domain, or its path prefix on the one origin. */
export function appUrl(config: Pick<Config, 'domain' | 'publicUrl'>, app: LaunchableApp): string {
  return config.domain ? `https://${app}.${config.domain}/` : `${config.publicUrl}/${app}/`;
}

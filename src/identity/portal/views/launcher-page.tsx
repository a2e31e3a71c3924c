import { isServedApp, type LaunchableApp } from '../../launch/suite-apps.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { formatDate } from '../../../platform/pages/index.js';
import { Layout, type PageChrome } from '../../../platform/pages/index.js';

const APP_DESCRIPTIONS: Record<LaunchableApp, { name: string; description: string }> = {
  records: { name: 'Records', description: 'Customer records: people and companies, notes and tasks.' },
  pact: { name: 'Pact', description: 'Document signing: send envelopes and collect signatures.' },
};

export interface LauncherPageProps {
  readonly chrome: PageChrome;
  readonly viewer: Viewer;
  /** The apps enabled for the active tenant. */
  readonly apps: readonly LaunchableApp[];
}

/** The portal's home: the apps of the active tenant, each opened through `/launch/:app`. */
export function LauncherPage({ chrome, viewer, apps }: LauncherPageProps) {
  return (
    <Layout chrome={chrome} title="Your apps">
      <h1>Your apps</h1>
      {viewer.mfa.state === 'grace' ? (
        <div class="notice notice-warning" role="note">
          <p>
            Protect your account with a second sign-in step before <strong>{formatDate(viewer.mfa.graceEndsAt)}</strong>. After that date you will
            need one to open your apps.
          </p>
          <p>
            <a href="/mfa/setup">Set up two-step sign-in</a>
          </p>
        </div>
      ) : null}
      {!viewer.tenant ? (
        <p class="empty">
          You are not working in a tenant yet. <a href="/tenants">Choose or create a tenant</a> to open its apps.
        </p>
      ) : (
        <>
          <p class="lead">Working in {viewer.tenant.name}.</p>
          {viewer.tenant.disabled ? (
            <p class="notice notice-error" role="note">
              A platform administrator disabled {viewer.tenant.name}: its apps cannot be opened. <a href="/tenants">Switch to another tenant</a>, or contact
              your platform operator.
            </p>
          ) : apps.length === 0 ? (
            <p class="empty">No apps are enabled for {viewer.tenant.name}. Ask an owner of the tenant to enable one.</p>
          ) : (
            <ul class="app-grid">
              {apps.map((app) => (
                <li key={app} class="card app-card">
                  <h2>{isServedApp(app) ? <a href={`/launch/${app}`}>{APP_DESCRIPTIONS[app].name}</a> : APP_DESCRIPTIONS[app].name}</h2>
                  <p>{APP_DESCRIPTIONS[app].description}</p>
                  {isServedApp(app) ? null : <p class="hint">Coming in a later release.</p>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Layout>
  );
}

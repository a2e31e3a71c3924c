import { TOKEN_SCOPES } from '../../../platform/access/token-scopes.js';
import type { Page } from '../../../platform/paging/index.js';
import { ApiForm, Field, FormMessage, Layout, Pager, SelectField, SubmitButton, type PageChrome } from '../../../platform/pages/index.js';
import type { OwnApiTokenListing } from '../../api-tokens/index.js';
import type { MyTenant } from '../../tenants/index.js';
import { ApiTokenMeta, isLive } from './api-token-parts.js';
import { formatDate } from '../../../platform/pages/index.js';

export interface ApiTokensPageProps {
  readonly chrome: PageChrome;
  /** One page of the viewer's tokens, newest first. */
  readonly tokens: Page<OwnApiTokenListing>;
  /** The tenants a token may be made for: the viewer's memberships. */
  readonly tenants: readonly MyTenant[];
  readonly now: Date;
}

const DAY_MS = 86_400_000;
/** The expiry choices, the longest exactly the one year the API allows. */
const LIFETIMES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days' },
  { days: 365, label: 'One year' },
] as const;

export function ApiTokensPage({ chrome, tokens, tenants, now }: ApiTokensPageProps) {
  const activeTenant = tenants.find((tenant) => tenant.active) ?? tenants[0];
  // Instants from the server's clock, so the browser's clock cannot push a choice past a year.
  const expiries = LIFETIMES.map(({ days, label }) => {
    const at = new Date(now.getTime() + days * DAY_MS);
    return { value: at.toISOString(), label: `${label} (until ${formatDate(at)})` };
  });
  return (
    <Layout chrome={chrome} title="API tokens">
      <h1>API tokens</h1>
      <p>A personal access token lets a script call the API as you, in one tenant, with only the scopes you give it.</p>

      <section class="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        {tokens.items.length === 0 && !tokens.prevCursor ? (
          <p class="empty">You have no API tokens yet. Create one below.</p>
        ) : (
          <ul class="item-list">
            {tokens.items.map((token) => (
              <li key={token.id} class="item" data-token-id={token.id}>
                <div class="item-main">
                  <p class="item-title">
                    {token.name} <span class="item-meta">in {token.tenantName}</span>
                    {token.revokedAt ? <span class="badge">Revoked</span> : token.expiresAt <= now ? <span class="badge">Expired</span> : null}
                  </p>
                  <ApiTokenMeta token={token} now={now} />
                </div>
                {isLive(token, now) ? (
                  <ApiForm api={`/api/v1/account/tokens/${token.id}`} method="DELETE" next="reload" confirm={`Revoke the token “${token.name}”? Anything using it stops working at once.`} class="item-action">
                    <SubmitButton variant="danger">Revoke</SubmitButton>
                  </ApiForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager path="/account/tokens" page={tokens} label="Pages of API tokens" />
      </section>

      <section class="card" aria-labelledby="create-token-heading" id="create-token">
        <h2 id="create-token-heading">Create a token</h2>
        {activeTenant ? (
          <form method="post" class="stack" data-token-create="/api/v1/account/tokens" data-reveal="new-token" data-conceal="create-token">
            <Field id="token-name" name="name" label="Name" required maxLength={100} hint="What it is for, for example “nightly export”." />
            <SelectField id="token-tenant" name="tenantId" label="Tenant" value={activeTenant.id} options={tenants.map((tenant) => ({ value: tenant.id, label: tenant.name }))} />
            <fieldset class="stack">
              <legend>Scopes</legend>
              {TOKEN_SCOPES.map((scope) => (
                <div class="checkbox" key={scope}>
                  <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} />
                  <label for={`scope-${scope}`}>{scope}</label>
                </div>
              ))}
            </fieldset>
            <SelectField id="token-expiry" name="expiresAt" label="Expires after" value={expiries[2]!.value} options={expiries} />
            <SubmitButton>Create token</SubmitButton>
            <FormMessage />
          </form>
        ) : (
          <p class="empty">
            A token belongs to a tenant. <a href="/tenants">Create or join a tenant</a> first.
          </p>
        )}
      </section>

      <NewTokenPanel />
    </Layout>
  );
}

/**
 * The new token appears once, in the answer to the request that made it; the client script
 * writes it into this hidden panel. The server never renders a token's text into HTML.
 */
function NewTokenPanel() {
  return (
    <section class="card" id="new-token" aria-labelledby="new-token-heading" hidden>
      <h2 id="new-token-heading" tabIndex={-1}>
        Copy your new token
      </h2>
      <p class="notice notice-warning">This is the only time the token is shown. Copy it now and keep it somewhere safe, such as a password manager.</p>
      <p>
        <code class="secret" id="new-token-secret" data-new-token-secret />
      </p>
      <p class="stack">
        <button type="button" class="button button-secondary" data-copy="new-token-secret">
          Copy token
        </button>
        <span class="form-message" data-copy-message role="status" aria-live="polite" />
      </p>
      <a class="button" href="/account/tokens">
        Done
      </a>
    </section>
  );
}

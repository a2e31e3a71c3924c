import type { Page } from '../../../platform/paging/index.js';
import { ApiForm, Layout, Pager, SubmitButton, type PageChrome } from '../../../platform/pages/index.js';
import type { MemberApiTokenListing } from '../../api-tokens/index.js';
import { ApiTokenMeta, isLive } from './api-token-parts.js';

export interface MemberTokensPageProps {
  readonly chrome: PageChrome;
  /** `none`: no active tenant; `forbidden`: the viewer is not an owner or admin of it. */
  readonly tenant: { readonly name: string; readonly tokens: Page<MemberApiTokenListing> } | 'none' | 'forbidden';
  readonly now: Date;
}

export function MemberTokensPage({ chrome, tenant, now }: MemberTokensPageProps) {
  if (tenant === 'none' || tenant === 'forbidden') {
    return (
      <Layout chrome={chrome} title="Member tokens">
        <h1>Member tokens</h1>
        {tenant === 'none' ? (
          <p class="empty">
            No tenant is active. <a href="/tenants">Choose a tenant</a> to see its members’ tokens.
          </p>
        ) : (
          <p class="empty">Only the tenant’s owners and admins can see its members’ tokens.</p>
        )}
      </Layout>
    );
  }
  const { tokens } = tenant;
  return (
    <Layout chrome={chrome} title={`Member tokens of ${tenant.name}`}>
      <h1>Member tokens of {tenant.name}</h1>
      <section class="card" aria-labelledby="member-tokens-heading">
        <h2 id="member-tokens-heading">API tokens for this tenant</h2>
        {tokens.items.length === 0 && !tokens.prevCursor ? (
          <p class="empty">No member has made an API token for {tenant.name}.</p>
        ) : (
          <ul class="item-list">
            {tokens.items.map((token) => (
              <li key={token.id} class="item" data-token-id={token.id}>
                <div class="item-main">
                  <p class="item-title">
                    {token.name} <span class="item-meta">held by {token.ownerEmail}</span>
                    {token.revokedAt ? <span class="badge">Revoked</span> : token.expiresAt <= now ? <span class="badge">Expired</span> : null}
                  </p>
                  <ApiTokenMeta token={token} now={now} />
                </div>
                {isLive(token, now) ? (
                  <ApiForm api={`/api/v1/tenant/tokens/${token.id}`} method="DELETE" next="reload" confirm={`Revoke ${token.ownerEmail}’s token “${token.name}”?`} class="item-action">
                    <SubmitButton variant="danger">Revoke</SubmitButton>
                  </ApiForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager path="/tenant/tokens" page={tokens} label="Pages of member tokens" />
      </section>
    </Layout>
  );
}

import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { AdminUserDetail, FactorKind } from '../../queries/find-user.js';
import type { AdminMembership } from '../../queries/list-memberships.js';
import type { AdminSession } from '../../queries/list-sessions.js';
import type { AdminToken } from '../../queries/list-tokens.js';
import { formatDateTime } from './format.js';
import { ActionButton, DisabledBadge, MembershipTable, SessionTable, TokenTable } from './parts.js';

export interface UserPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly user: AdminUserDetail;
  /** The admin looking: they cannot disable themself or reset their own factors here. */
  readonly self: boolean;
  readonly memberships: Page<AdminMembership>;
  readonly sessions: Page<AdminSession>;
  readonly tokens: Page<AdminToken>;
}

const FACTOR_NAMES: Record<FactorKind, string> = { totp: 'Authenticator app', passkey: 'Passkey', recovery_codes: 'Recovery codes' };

export function UserPage({ chrome, base, user, self, memberships, sessions, tokens }: UserPageProps) {
  const path = `${base}/users/${user.id}`;
  const api = `/api/v1/admin/users/${user.id}`;
  return (
    <Layout chrome={chrome} title={user.email}>
      <p>
        <a href={`${base}/users`}>← Users</a>
      </p>
      <h1>
        {user.email}
        <DisabledBadge disabledAt={user.disabledAt} />
      </h1>
      <dl class="details">
        <dt>Id</dt>
        <dd class="mono">{user.id}</dd>
        <dt>Name</dt>
        <dd>{user.displayName ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{user.emailVerified ? 'verified' : 'not verified yet'}</dd>
        <dt>Signed up</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
        <dt>State</dt>
        <dd>{user.disabledAt ? `Disabled ${formatDateTime(user.disabledAt)}` : 'Enabled'}</dd>
        <dt>Second factors</dt>
        <dd>{user.factors.length === 0 ? `None (enrolment due ${formatDateTime(user.mfaGraceUntil)})` : user.factors.map((kind) => FACTOR_NAMES[kind]).join(', ')}</dd>
        <dt>Platform groups</dt>
        <dd>{user.platformGroups.length === 0 ? 'None' : user.platformGroups.join(', ')}</dd>
      </dl>
      <section class="card" aria-labelledby="user-actions">
        <h2 id="user-actions">Actions</h2>
        {self ? <p class="hint">This is your own account: ask another platform administrator to disable it or reset its factors.</p> : null}
        <div class="actions">
          {user.disabledAt ? (
            <ActionButton api={`${api}/enable`} label="Enable user" />
          ) : self ? null : (
            <ActionButton api={`${api}/disable`} label="Disable user" variant="danger" confirm={`Disable ${user.email}? They are signed out everywhere and their access tokens stop working.`} />
          )}
          <ActionButton api={`${api}/sessions/revoke`} label="Sign out everywhere" confirm={`Revoke every session of ${user.email}?`} />
          {self ? null : (
            <ActionButton
              api={`${api}/mfa/reset`}
              label="Force MFA re-enrolment"
              variant="danger"
              confirm={`Remove every second factor and recovery code of ${user.email}? They are signed out and must set up a new factor at their next sign-in.`}
            />
          )}
        </div>
      </section>
      <section class="card" aria-labelledby="user-memberships">
        <h2 id="user-memberships">Tenants</h2>
        {memberships.items.length === 0 ? <p class="empty">Not a member of any tenant.</p> : <MembershipTable base={base} items={memberships.items} show="tenant" />}
        <Pager path={path} page={memberships} param="memberships" label="Pages of tenants" />
      </section>
      <section class="card" aria-labelledby="user-sessions">
        <h2 id="user-sessions">Live sessions</h2>
        {sessions.items.length === 0 ? <p class="empty">No live session.</p> : <SessionTable base={base} items={sessions.items} showUser={false} />}
        <Pager path={path} page={sessions} param="sessions" label="Pages of sessions" />
      </section>
      <section class="card" aria-labelledby="user-tokens">
        <h2 id="user-tokens">Access tokens</h2>
        {tokens.items.length === 0 ? <p class="empty">No access token.</p> : <TokenTable base={base} items={tokens.items} showUser={false} />}
        <Pager path={path} page={tokens} param="tokens" label="Pages of tokens" />
      </section>
    </Layout>
  );
}

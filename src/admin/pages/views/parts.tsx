import { ApiForm, SubmitButton } from '../../../platform/pages/index.js';
import type { AdminMembership } from '../../queries/list-memberships.js';
import type { AdminSession } from '../../queries/list-sessions.js';
import type { AdminToken } from '../../queries/list-tokens.js';
import { formatDateTime } from './format.js';

export function DisabledBadge({ disabledAt }: { disabledAt: Date | null }) {
  return disabledAt ? <span class="badge badge-warning">Disabled</span> : null;
}

/** A one-button form posting to an admin action; the page reloads to show the new state. */
export function ActionButton({ api, label, confirm, variant }: { api: string; label: string; confirm?: string; variant?: 'secondary' | 'danger' }) {
  return (
    <ApiForm api={api} next="reload" confirm={confirm} class="inline-form">
      <SubmitButton variant={variant ?? 'secondary'}>{label}</SubmitButton>
    </ApiForm>
  );
}

export function MembershipTable({ base, items, show }: { base: string; items: readonly AdminMembership[]; show: 'tenant' | 'user' }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">{show === 'tenant' ? 'Tenant' : 'User'}</th>
          <th scope="col">Role</th>
          <th scope="col">Joined</th>
        </tr>
      </thead>
      <tbody>
        {items.map((membership) => (
          <tr key={`${membership.tenantId}:${membership.userId}`}>
            <td>
              {show === 'tenant' ? (
                <a href={`${base}/tenants/${membership.tenantId}`}>{membership.tenantName}</a>
              ) : (
                <a href={`${base}/users/${membership.userId}`}>{membership.email}</a>
              )}
              {(show === 'tenant' ? membership.tenantDisabled : membership.userDisabled) ? <span class="badge badge-warning">Disabled</span> : null}
            </td>
            <td>{membership.role}</td>
            <td>{formatDateTime(membership.joinedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SessionTable({ base, items, showUser }: { base: string; items: readonly AdminSession[]; showUser: boolean }) {
  return (
    <table class="table">
      <thead>
        <tr>
          {showUser ? <th scope="col">User</th> : null}
          <th scope="col">Signed in</th>
          <th scope="col">Last active</th>
          <th scope="col">Address</th>
          <th scope="col">MFA</th>
          <th scope="col">
            <span class="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((session) => (
          <tr key={session.id}>
            {showUser ? (
              <td>
                <a href={`${base}/users/${session.userId}`}>{session.email}</a>
              </td>
            ) : null}
            <td>{formatDateTime(session.createdAt)}</td>
            <td>{formatDateTime(session.lastSeenAt)}</td>
            <td>{session.ipAddress ?? '—'}</td>
            <td>{session.mfaVerified ? 'verified' : 'not verified'}</td>
            <td>
              <ActionButton api={`/api/v1/admin/sessions/${session.id}/revoke`} label="Revoke" confirm="Revoke this session? Its browser is signed out." />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Token metadata: the admin pages never hold a token's text or hash (the query selects neither). */
export function TokenTable({ base, items, showUser }: { base: string; items: readonly AdminToken[]; showUser: boolean }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          {showUser ? <th scope="col">User</th> : null}
          <th scope="col">Scopes</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {items.map((token) => (
          <tr key={token.id}>
            <td>{token.name}</td>
            {showUser ? (
              <td>
                <a href={`${base}/users/${token.userId}`}>{token.email}</a>
              </td>
            ) : null}
            <td>{token.scopes.join(', ')}</td>
            <td>{formatDateTime(token.expiresAt)}</td>
            <td>{token.lastUsedAt ? `${formatDateTime(token.lastUsedAt)} from ${token.lastUsedAddress ?? 'unknown'}` : 'never'}</td>
            <td>
              {token.revokedAt ? (
                `revoked ${formatDateTime(token.revokedAt)}`
              ) : (
                <ActionButton api={`/api/v1/admin/tokens/${token.id}/revoke`} label="Revoke" confirm="Revoke this token? It stops working at once." variant="danger" />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A GET search form; the list's own path, so the result is a link an admin can share. */
export function SearchForm({ action, label, q }: { action: string; label: string; q: string | undefined }) {
  return (
    <form method="get" action={action} class="search-form" role="search">
      <div class="field">
        <label for="q">{label}</label>
        <input id="q" name="q" type="search" maxLength={200} value={q ?? ''} />
      </div>
      <button type="submit" class="button button-secondary">
        Search
      </button>
    </form>
  );
}

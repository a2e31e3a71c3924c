import type { MembersPageData } from '../loaders/load-members.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { formatDate, formatDateTime } from '../../../platform/pages/index.js';
import { ApiForm, Field, SubmitButton, Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import { QuotaUsageSection } from './quota-usage.js';
import { RoleSelect, roleLabel } from './role-select.js';

export interface MembersPageProps {
  readonly chrome: PageChrome;
  readonly viewer: Viewer;
  /** Null when there is no active tenant, or the viewer has left it. */
  readonly tenant: { readonly name: string; readonly members: MembersPageData } | null;
}

export function MembersPage({ chrome, viewer, tenant }: MembersPageProps) {
  if (!tenant) {
    return (
      <Layout chrome={chrome} title="Members">
        <h1>Members</h1>
        <p class="empty">
          No tenant is active. <a href="/tenants">Choose or create a tenant</a> to see its members.
        </p>
      </Layout>
    );
  }
  const { viewerRole, members, management } = tenant.members;
  const canManage = management !== null;
  return (
    <Layout chrome={chrome} title={`Members of ${tenant.name}`}>
      <h1>Members of {tenant.name}</h1>
      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.items.map((member) => (
              <tr key={member.userId}>
                <th scope="row">
                  {member.displayName ? (
                    <>
                      {member.displayName} <span class="item-meta">{member.email}</span>
                    </>
                  ) : (
                    member.email
                  )}
                  {member.userId === viewer.userId ? <span class="badge">You</span> : null}
                </th>
                <td>
                  {canManage ? (
                    <ApiForm api={`/api/v1/tenant/members/${member.userId}`} method="PATCH" next="reload" class="inline-form">
                      <RoleSelect id={`role-${member.userId}`} label={`Role of ${member.email}`} value={member.role} allowOwner={viewerRole === 'owner'} hideLabel />
                      <SubmitButton variant="secondary">Change</SubmitButton>
                    </ApiForm>
                  ) : (
                    roleLabel(member.role)
                  )}
                </td>
                <td>{formatDate(member.joinedAt)}</td>
                {canManage ? (
                  <td>
                    {member.userId === viewer.userId ? null : (
                      <ApiForm api={`/api/v1/tenant/members/${member.userId}`} method="DELETE" next="reload" confirm={`Remove ${member.email} from ${tenant.name}?`} class="inline-form">
                        <SubmitButton variant="danger">Remove</SubmitButton>
                      </ApiForm>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        <Pager path="/tenant/members" page={members} label="Pages of members" />
      </section>
      {management ? (
        <>
          <section class="card" aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">Pending invitations</h2>
            {management.invitations.items.length === 0 && !management.invitations.prevCursor ? (
              <p class="empty">No pending invitations.</p>
            ) : (
              <ul class="item-list">
                {management.invitations.items.map((invitation) => (
                  <li key={invitation.id} class="item">
                    <div class="item-main">
                      <p class="item-title">{invitation.email}</p>
                      <p class="item-meta">
                        {roleLabel(invitation.role)} · expires {formatDateTime(invitation.expiresAt)}
                        {invitation.invitedBy ? ` · invited by ${invitation.invitedBy}` : ''}
                      </p>
                    </div>
                    <ApiForm api={`/api/v1/tenant/invitations/${invitation.id}`} method="DELETE" next="reload" confirm={`Withdraw the invitation to ${invitation.email}?`} class="item-action">
                      <SubmitButton variant="secondary">Withdraw</SubmitButton>
                    </ApiForm>
                  </li>
                ))}
              </ul>
            )}
            <Pager path="/tenant/members" param="invitations" page={management.invitations} label="Pages of pending invitations" />
          </section>
          <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading">Invite someone</h2>
            <ApiForm api="/api/v1/tenant/invitations" next="reload">
              <Field id="invite-email" name="email" type="email" label="Email address" autocomplete="off" required maxLength={320} />
              <RoleSelect id="invite-role" label="Role" value="member" allowOwner={viewerRole === 'owner'} />
              <SubmitButton>Send invitation</SubmitButton>
            </ApiForm>
          </section>
          <section class="card" aria-labelledby="member-tokens-link-heading">
            <h2 id="member-tokens-link-heading">API tokens</h2>
            <p>
              <a href="/tenant/tokens">See and revoke the API tokens your members made for {tenant.name}</a>
            </p>
          </section>
          <QuotaUsageSection usage={management.usage} />
        </>
      ) : (
        <p>Only owners and admins can invite people or change roles.</p>
      )}
    </Layout>
  );
}

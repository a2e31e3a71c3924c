import type { Viewer } from '../loaders/load-viewer.js';
import { withReturnTo } from '../return-to.js';
import { ApiForm, HiddenField, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';

export interface InvitationPageProps {
  readonly chrome: PageChrome;
  readonly token: string | null;
  readonly viewer: Viewer | null;
}

/** The landing page of an invitation link: accepting is a POST by a signed-in user, never the GET. */
export function InvitationPage({ chrome, token, viewer }: InvitationPageProps) {
  const here = token ? `/invitations/accept?token=${encodeURIComponent(token)}` : '/invitations/accept';
  return (
    <Layout chrome={chrome} title="Accept an invitation">
      <div class="narrow">
        <h1>Join a team on bsns</h1>
        {!token ? (
          <p class="notice notice-error">This invitation link is incomplete. Open it again from the email.</p>
        ) : viewer && (viewer.mfa.state === 'required' || viewer.mfa.state === 'enroll') ? (
          <section class="card">
            <p>
              You are signed in as <strong>{viewer.email}</strong>. Finish your two-step sign-in first, then accept the invitation.
            </p>
            <p>
              <a class="button" href={withReturnTo('/mfa', here)}>
                Continue
              </a>
            </p>
          </section>
        ) : viewer ? (
          <section class="card">
            <ApiForm api="/api/v1/auth/invitations/accept" next="/tenants">
              <p>
                You are signed in as <strong>{viewer.email}</strong>. The invitation must have been sent to this address.
              </p>
              <HiddenField name="token" value={token} />
              <SubmitButton>Accept the invitation</SubmitButton>
            </ApiForm>
          </section>
        ) : (
          <section class="card">
            <p>Sign in with the address the invitation was sent to, then accept it.</p>
            <p>
              <a class="button" href={withReturnTo('/sign-in', here)}>
                Sign in to accept
              </a>
            </p>
            <p>
              No account yet? <a href="/sign-up">Create one</a> with that address, then open the invitation link again.
            </p>
          </section>
        )}
      </div>
    </Layout>
  );
}

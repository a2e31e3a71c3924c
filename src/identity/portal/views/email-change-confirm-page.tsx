import { ApiForm, HiddenField, Layout, SubmitButton, type PageChrome } from '../../../platform/pages/index.js';

export interface EmailChangeConfirmPageProps {
  readonly chrome: PageChrome;
  readonly token: string | null;
  /** The address the signed-in account is moving to, when this session asked for the change. */
  readonly newEmail: string | null;
}

/**
 * The landing page of the link mailed to a new address. Opening it changes nothing (mail scanners
 * fetch links): the button's POST does, and only in the session of the account that asked.
 */
export function EmailChangeConfirmPage({ chrome, token, newEmail }: EmailChangeConfirmPageProps) {
  return (
    <Layout chrome={chrome} title="Confirm your new email address">
      <div class="narrow">
        <h1>Confirm your new email address</h1>
        {token && newEmail ? (
          <section class="card">
            <ApiForm api="/api/v1/auth/email-change/confirm" next="/account/security">
              <p>
                Press the button to sign in with <strong>{newEmail}</strong> from now on.
              </p>
              <HiddenField name="token" value={token} />
              <SubmitButton>Confirm the new address</SubmitButton>
            </ApiForm>
          </section>
        ) : (
          <section class="card">
            <p>This link is incomplete, has expired, or belongs to another account. Sign in to the account that asked for the change, or ask for a new link on its security page.</p>
          </section>
        )}
      </div>
    </Layout>
  );
}

import { ApiForm, Field, HiddenField, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';
import { NewPasswordField } from './identity-form-parts.js';

interface TokenPageProps {
  readonly chrome: PageChrome;
  /** The token from the emailed link; null when the link arrived without one. */
  readonly token: string | null;
}

/**
 * The landing page of the verification link. Opening it changes nothing: mail scanners and
 * link previews fetch links, so the token is spent only by the button's POST.
 */
export function VerifyEmailPage({ chrome, token }: TokenPageProps) {
  return (
    <Layout chrome={chrome} title="Confirm your email address">
      <div class="narrow">
        <h1>Confirm your email address</h1>
        {token ? (
          <section class="card">
            <ApiForm api="/api/v1/auth/verify-email" next="/sign-in?notice=email_verified">
              <p>Press the button to confirm that this address belongs to you.</p>
              <HiddenField name="token" value={token} />
              <SubmitButton>Confirm my email address</SubmitButton>
            </ApiForm>
          </section>
        ) : (
          <IncompleteLink />
        )}
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Layout chrome={chrome} title="Forgot your password">
      <div class="narrow">
        <h1>Forgot your password?</h1>
        <section class="card">
          <ApiForm
            api="/api/v1/auth/password/forgot"
            reset
            successMessage="If an account uses that address, we have sent it a link to choose a new password. The link works for 30 minutes."
          >
            <p>Enter the address you sign in with and we will email you a link to choose a new password.</p>
            <Field id="email" name="email" type="email" label="Email address" autocomplete="email" required maxLength={320} />
            <SubmitButton>Send the link</SubmitButton>
          </ApiForm>
        </section>
        <p>
          <a href="/sign-in">Back to sign in</a>
        </p>
      </div>
    </Layout>
  );
}

export function ResetPasswordPage({ chrome, token }: TokenPageProps) {
  return (
    <Layout chrome={chrome} title="Choose a new password">
      <div class="narrow">
        <h1>Choose a new password</h1>
        {token ? (
          <section class="card">
            <ApiForm api="/api/v1/auth/password/reset" next="/sign-in?notice=password_reset">
              <HiddenField name="token" value={token} />
              <NewPasswordField name="password" />
              <SubmitButton>Change password</SubmitButton>
            </ApiForm>
          </section>
        ) : (
          <IncompleteLink />
        )}
      </div>
    </Layout>
  );
}

function IncompleteLink() {
  return (
    <p class="notice notice-error">
      This link is incomplete. Open it again from the email, or copy the whole address into the browser.
    </p>
  );
}

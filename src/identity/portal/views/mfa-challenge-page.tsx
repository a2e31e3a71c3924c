import { ApiForm, Field, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';
import { PasskeyForm } from './identity-form-parts.js';

export function MfaChallengePage({ chrome, returnTo }: { chrome: PageChrome; returnTo: string }) {
  return (
    <Layout chrome={chrome} title="Verify it is you" nav="minimal">
      <div class="narrow">
        <h1>Verify it is you</h1>
        <p>Your account is protected by a second step. Complete it to open your apps.</p>
        <section class="card" aria-labelledby="code-heading">
          <h2 id="code-heading">With a code</h2>
          <ApiForm api="/api/v1/auth/mfa/verify" next={returnTo}>
            <Field
              id="mfa-code"
              name="code"
              label="Code"
              autocomplete="one-time-code"
              required
              minLength={6}
              maxLength={40}
              hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            />
            <SubmitButton>Verify</SubmitButton>
          </ApiForm>
        </section>
        <section class="card" aria-labelledby="passkey-heading" data-requires-webauthn hidden>
          <h2 id="passkey-heading">With a passkey</h2>
          <PasskeyForm mode="sign-in" next={returnTo}>
            <SubmitButton variant="secondary">Use a passkey</SubmitButton>
          </PasskeyForm>
        </section>
      </div>
    </Layout>
  );
}

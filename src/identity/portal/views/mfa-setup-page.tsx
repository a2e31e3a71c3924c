import type { EnrolledFactors } from '../../mfa/index.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { formatDate, formatDateTime } from '../../../platform/pages/index.js';
import { ApiForm, Field, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';
import { PasskeyForm } from './identity-form-parts.js';
import { RecoveryCodesPanel } from './recovery-codes-panel.js';

export interface MfaSetupPageProps {
  readonly chrome: PageChrome;
  readonly viewer: Viewer;
  readonly factors: EnrolledFactors;
  readonly returnTo: string;
}

/**
 * Enrolment: an authenticator app (QR code, the key to type instead, then a code to confirm it),
 * after which the recovery codes are shown once; or a passkey.
 */
export function MfaSetupPage({ chrome, viewer, factors, returnTo }: MfaSetupPageProps) {
  const state = viewer.mfa.state;
  return (
    <Layout chrome={chrome} title="Set up two-step sign-in" nav={state === 'enroll' ? 'minimal' : 'full'}>
      <h1>Set up two-step sign-in</h1>
      {state === 'enroll' ? (
        <p class="notice notice-warning">Your account needs a second sign-in step before you can open your apps. Set one up now.</p>
      ) : state === 'grace' ? (
        <p class="notice">
          Set up a second step before {formatDate(viewer.mfa.graceEndsAt)}. After that date you cannot open your apps without one.
        </p>
      ) : null}
      <div id="setup-steps" class="stack">
        <section class="card" aria-labelledby="totp-heading">
          <h2 id="totp-heading">Authenticator app</h2>
          {factors.totp ? (
            <p>An authenticator app is set up (since {formatDateTime(factors.totp.confirmedAt)}).</p>
          ) : (
            <TotpEnrollment />
          )}
        </section>
        <section class="card" aria-labelledby="passkey-heading" data-requires-webauthn hidden>
          <h2 id="passkey-heading">Passkey</h2>
          <PasskeyForm mode="register" next={returnTo} codesPanel="recovery-codes" conceal="setup-steps">
            <p>A passkey uses your fingerprint, face or device PIN, and also lets you sign in without a password.</p>
            <Field id="passkey-name" name="name" label="Name for this passkey" optional maxLength={100} hint="For example, the device it is on." />
            <SubmitButton variant="secondary">Add a passkey</SubmitButton>
          </PasskeyForm>
        </section>
        {state === 'grace' ? (
          <p>
            <a href={returnTo}>Not now</a>
          </p>
        ) : null}
      </div>
      <RecoveryCodesPanel id="recovery-codes" continueTo={returnTo} />
    </Layout>
  );
}

function TotpEnrollment() {
  return (
    <>
      <ApiForm api="/api/v1/auth/totp/enroll" action="totp-enrolled" conceal="totp-start" reveal="totp-confirm-step" id="totp-start">
        <p>Use an app such as a password manager or an authenticator on your phone to make a new 6-digit code every 30 seconds.</p>
        <SubmitButton>Set up an authenticator app</SubmitButton>
      </ApiForm>
      <div id="totp-confirm-step" class="stack" hidden>
        <h3 tabIndex={-1}>Scan this QR code with the app</h3>
        {/* Filled by the client from the enrolment response: an SVG as a data: image, which runs no script. */}
        <img class="qr" data-totp-qr alt="QR code that adds bsns to your authenticator app" width={200} height={200} />
        <p>
          Cannot scan it? Enter this key in the app instead: <code class="secret" data-totp-secret />
        </p>
        <ApiForm api="/api/v1/auth/totp/confirm" action="show-recovery-codes" conceal="setup-steps" reveal="recovery-codes">
          <Field
            id="totp-code"
            name="code"
            label="6-digit code from the app"
            autocomplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]{6}"
            required
            minLength={6}
            maxLength={6}
          />
          <SubmitButton>Confirm</SubmitButton>
        </ApiForm>
      </div>
    </>
  );
}

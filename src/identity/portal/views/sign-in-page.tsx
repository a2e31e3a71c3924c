import { ApiForm, Field, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';
import { PasskeyForm } from './identity-form-parts.js';

// Notices are chosen by key, never taken as text from the URL: a link cannot put words on this page.
export const SIGN_IN_NOTICES = {
  email_verified: 'Your email address is confirmed. Sign in to continue.',
  password_reset: 'Your password has been changed. Sign in with the new one.',
  signed_out: 'You are signed out.',
} as const;
export type SignInNotice = keyof typeof SIGN_IN_NOTICES;

export function isSignInNotice(value: unknown): value is SignInNotice {
  return typeof value === 'string' && Object.hasOwn(SIGN_IN_NOTICES, value);
}

export interface SignInPageProps {
  readonly chrome: PageChrome;
  /** A checked same-origin path to continue to. */
  readonly returnTo: string;
  readonly notice: SignInNotice | null;
}

export function SignInPage({ chrome, returnTo, notice }: SignInPageProps) {
  return (
    <Layout chrome={chrome} title="Sign in">
      <div class="narrow">
        <h1>Sign in to bsns</h1>
        {notice ? (
          <p class="notice notice-success" role="status">
            {SIGN_IN_NOTICES[notice]}
          </p>
        ) : null}
        <section class="card" aria-labelledby="password-heading">
          <h2 id="password-heading">With your password</h2>
          <ApiForm api="/api/v1/auth/sign-in" next={returnTo}>
            <Field id="email" name="email" type="email" label="Email address" autocomplete="email" required maxLength={320} />
            <Field id="password" name="password" type="password" label="Password" autocomplete="current-password" required maxLength={256} />
            <SubmitButton>Sign in</SubmitButton>
          </ApiForm>
          <p>
            <a href="/forgot-password">Forgot your password?</a>
          </p>
        </section>
        <section class="card" aria-labelledby="passkey-heading" data-requires-webauthn hidden>
          <h2 id="passkey-heading">With a passkey</h2>
          <PasskeyForm mode="sign-in" next={returnTo}>
            <p>Use your fingerprint, face or device PIN. No password needed.</p>
            <SubmitButton variant="secondary">Sign in with a passkey</SubmitButton>
          </PasskeyForm>
        </section>
        <p>
          New to bsns? <a href="/sign-up">Create an account</a>
        </p>
      </div>
    </Layout>
  );
}

import { ApiForm, Field, SubmitButton, Layout, type PageChrome } from '../../../platform/pages/index.js';
import { NewPasswordField } from './identity-form-parts.js';

export function SignUpPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Layout chrome={chrome} title="Create an account">
      <div class="narrow">
        <h1>Create your bsns account</h1>
        <section class="card">
          <ApiForm
            api="/api/v1/auth/sign-up"
            reset
            successMessage="Check your inbox: we sent a link to confirm your email address. It works for 48 hours."
          >
            <Field id="email" name="email" type="email" label="Email address" autocomplete="email" required maxLength={320} />
            <NewPasswordField id="password" name="password" label="Password" hint="At least 12 characters. A few unrelated words make a strong one." />
            <Field
              id="tenant-name"
              name="tenantName"
              label="Organisation name"
              autocomplete="organization"
              required
              maxLength={200}
              hint="Your workspace in bsns. You can invite colleagues to it later."
            />
            <SubmitButton>Create account</SubmitButton>
          </ApiForm>
        </section>
        <p>
          Already have an account? <a href="/sign-in">Sign in</a>
        </p>
      </div>
    </Layout>
  );
}

import type { PendingEmailChange } from '../../accounts/pending-email-change.js';
import { formatDateTime } from '../../../platform/pages/index.js';
import { ApiForm, Field, SubmitButton } from '../../../platform/pages/index.js';

export interface EmailAddressCardProps {
  readonly email: string;
  readonly pending: PendingEmailChange | null;
}

/**
 * The sign-in address and how to change it. A change stays pending (and is shown so) until the
 * link mailed to the new address is opened while signed in to this account.
 */
export function EmailAddressCard({ email, pending }: EmailAddressCardProps) {
  return (
    <section class="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      <p>
        You sign in with <strong>{email}</strong>.
      </p>
      {pending ? (
        <div class="stack" data-pending-email-change>
          <p class="notice">
            Waiting for <strong>{pending.email}</strong> to confirm: open the link we sent there while signed in here, before {formatDateTime(pending.expiresAt)}. Until then you keep
            signing in with {email}.
          </p>
          <ApiForm api="/api/v1/auth/email-change" method="DELETE" next="reload">
            <SubmitButton variant="secondary">Cancel the change</SubmitButton>
          </ApiForm>
        </div>
      ) : null}
      <ApiForm api="/api/v1/auth/email-change" next="reload">
        <Field id="new-email" name="email" type="email" label="New email address" autocomplete="email" required maxLength={320} hint="We send a link to the new address; nothing changes until it is opened." />
        <SubmitButton variant="secondary">Change email address</SubmitButton>
      </ApiForm>
    </section>
  );
}

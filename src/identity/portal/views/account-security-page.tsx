import type { PendingEmailChange } from '../../accounts/pending-email-change.js';
import type { EnrolledFactors } from '../../mfa/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { SessionRow } from '../../sessions/session-store.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { EmailAddressCard } from './email-address-card.js';
import { formatDateTime } from '../../../platform/pages/index.js';
import { ApiForm, Field, SubmitButton, Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import { NewPasswordField, PasskeyForm } from './identity-form-parts.js';
import { RecoveryCodesPanel } from './recovery-codes-panel.js';
import { SessionList } from './session-list.js';

export interface AccountSecurityPageProps {
  readonly chrome: PageChrome;
  readonly viewer: Viewer;
  readonly factors: EnrolledFactors;
  /** One page of live sessions, newest first. */
  readonly sessions: Page<SessionRow>;
  readonly pendingEmailChange: PendingEmailChange | null;
}

export function AccountSecurityPage({ chrome, viewer, factors, sessions, pendingEmailChange }: AccountSecurityPageProps) {
  const hasFactor = factors.totp !== null || factors.passkeys.length > 0;
  return (
    <Layout chrome={chrome} title="Security">
      <h1>Security</h1>
      <p>Changing sign-in methods asks you to have signed in or verified within the last ten minutes.</p>

      <EmailAddressCard email={viewer.email} pending={pendingEmailChange} />

      <section class="card" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">Passkeys</h2>
        {factors.passkeys.length === 0 ? (
          <p class="empty">No passkeys yet. A passkey signs you in with your fingerprint, face or device PIN instead of a password.</p>
        ) : (
          <ul class="item-list">
            {factors.passkeys.map((passkey) => (
              <li key={passkey.id} class="item">
                <div class="item-main">
                  <p class="item-title">{passkey.name}</p>
                  <p class="item-meta">
                    Added {formatDateTime(passkey.createdAt)} · {passkey.lastUsedAt ? `last used ${formatDateTime(passkey.lastUsedAt)}` : 'not used yet'}
                  </p>
                </div>
                <ApiForm api={`/api/v1/auth/passkeys/${passkey.id}`} method="DELETE" next="reload" confirm={`Remove the passkey “${passkey.name}”?`} class="item-action">
                  <SubmitButton variant="danger">Remove</SubmitButton>
                </ApiForm>
              </li>
            ))}
          </ul>
        )}
        <div data-requires-webauthn hidden>
          <PasskeyForm mode="register" next="reload" codesPanel="first-factor-codes">
            <Field id="passkey-name" name="name" label="Name for a new passkey" optional maxLength={100} hint="For example, the device it is on." />
            <SubmitButton variant="secondary">Add a passkey</SubmitButton>
          </PasskeyForm>
        </div>
      </section>

      <section class="card" aria-labelledby="totp-heading">
        <h2 id="totp-heading">Authenticator app</h2>
        {factors.totp ? (
          <div class="item">
            <p class="item-main">Set up {formatDateTime(factors.totp.confirmedAt)}.</p>
            <ApiForm
              api={`/api/v1/auth/totp/${factors.totp.factorId}`}
              method="DELETE"
              next="reload"
              confirm="Remove the authenticator app? You will no longer be able to sign in with its codes."
              class="item-action"
            >
              <SubmitButton variant="danger">Remove</SubmitButton>
            </ApiForm>
          </div>
        ) : (
          <p class="empty">
            Not set up. <a href="/mfa/setup?return_to=%2Faccount%2Fsecurity">Set up an authenticator app</a>
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="recovery-heading">
        <h2 id="recovery-heading">Recovery codes</h2>
        {hasFactor ? (
          <>
            <p class={factors.recoveryCodesRemaining === 0 ? 'notice notice-warning' : undefined}>
              {factors.recoveryCodesRemaining === 0
                ? 'You have no unused recovery codes left. Make new ones now.'
                : `You have ${factors.recoveryCodesRemaining} unused recovery codes.`}
            </p>
            <ApiForm
              api="/api/v1/auth/recovery-codes"
              action="show-recovery-codes"
              reveal="new-recovery-codes"
              confirm="Make new recovery codes? Your current ones stop working."
            >
              <SubmitButton variant="secondary">Make new recovery codes</SubmitButton>
            </ApiForm>
          </>
        ) : (
          <p class="empty">Recovery codes come with your first authenticator app.</p>
        )}
      </section>
      <RecoveryCodesPanel id="new-recovery-codes" />
      <RecoveryCodesPanel id="first-factor-codes" continueTo="/account/security" />

      <section class="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <SessionList sessions={sessions.items} currentSessionId={viewer.sessionId} />
        <Pager path="/account/security" param="sessions" page={sessions} label="Pages of sessions" />
      </section>

      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ApiForm api="/api/v1/auth/password/change" reset successMessage="Your password has been changed. Your other sessions were signed out.">
          <Field id="current-password" name="currentPassword" type="password" label="Current password" autocomplete="current-password" required maxLength={256} />
          <NewPasswordField name="newPassword" />
          <SubmitButton>Change password</SubmitButton>
        </ApiForm>
      </section>
    </Layout>
  );
}

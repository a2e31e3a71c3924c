import type { ComponentChildren } from 'preact';
import { Field, FormMessage } from '../../../platform/pages/index.js';
import { passwordSchema } from '../../passwords/password-policy.js';

/**
 * A passkey ceremony: `sign-in` (discoverable, no account name) or `register` (for the signed-in
 * user). Shown only once the client script finds WebAuthn support.
 */
export function PasskeyForm({
  mode,
  next,
  codesPanel,
  conceal,
  children,
}: {
  mode: 'sign-in' | 'register';
  next: string;
  /** The recovery-code panel a first passkey's codes are shown in (hiding `conceal`) instead of going on to `next`. */
  codesPanel?: string;
  conceal?: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" class="stack" data-passkey={mode} data-next={next} data-codes-panel={codesPanel} data-codes-conceal={conceal}>
      {children}
      <FormMessage />
    </form>
  );
}

export interface NewPasswordFieldProps {
  readonly name: string;
  readonly id?: string;
  readonly label?: string;
  readonly hint?: string;
}

/** A password being chosen, with the bounds of the password policy the API applies. */
export function NewPasswordField({ name, id = 'new-password', label = 'New password', hint = 'At least 12 characters.' }: NewPasswordFieldProps) {
  return (
    <Field
      id={id}
      name={name}
      type="password"
      label={label}
      autocomplete="new-password"
      required
      minLength={passwordSchema.minLength ?? undefined}
      maxLength={passwordSchema.maxLength ?? undefined}
      hint={hint}
    />
  );
}


export interface RecoveryCodesPanelProps {
  readonly id: string;
  /** Where "Continue" goes after the user confirms the codes are saved; absent on the security page. */
  readonly continueTo?: string;
}

/**
 * Recovery codes appear once, in the response to the request that made them; the client script
 * fills this hidden panel from that response. The server never renders codes into HTML.
 */
export function RecoveryCodesPanel({ id, continueTo }: RecoveryCodesPanelProps) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-heading`} hidden>
      <h2 id={`${id}-heading`} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <p>
        If you lose your phone or passkey, each of these codes signs you in once. Store them somewhere safe, such as a password manager. This is the
        only time they are shown.
      </p>
      <ol class="codes" data-recovery-code-list />
      {continueTo !== undefined ? (
        <form method="get" action="/" class="stack" data-continue data-next={continueTo}>
          <div class="checkbox">
            <input type="checkbox" id={`${id}-saved`} required />
            <label for={`${id}-saved`}>I have saved these codes somewhere safe</label>
          </div>
          <button type="submit" class="button">
            Continue
          </button>
        </form>
      ) : null}
    </section>
  );
}

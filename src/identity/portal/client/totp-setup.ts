import type { FormAction } from '../../../platform/pages/client/index.js';

interface TotpEnrollment {
  readonly secret: string;
  readonly qrSvg: string;
}

/**
 * Shows the new authenticator secret: the QR code goes into an `<img>` as a data: URI, which the
 * CSP allows and in which an SVG cannot run script; the key to type is set as text.
 */
export const showTotpEnrollment: FormAction = (_form, result) => {
  const enrollment = result as TotpEnrollment;
  const qr = document.querySelector<HTMLImageElement>('[data-totp-qr]');
  if (qr) qr.src = `data:image/svg+xml;base64,${base64(enrollment.qrSvg)}`;
  const secret = document.querySelector<HTMLElement>('[data-totp-secret]');
  // Groups of four are easier to type; authenticator apps ignore the spaces.
  if (secret) secret.textContent = enrollment.secret.replace(/(.{4})(?=.)/g, '$1 ');
};

/** Fills the recovery-code panel named by the form's `data-reveal` with the codes, as text. */
export const showRecoveryCodes: FormAction = (form, result) => {
  fillRecoveryCodes(form.dataset.reveal, (result as { recoveryCodes: string[] }).recoveryCodes);
};

/** Writes codes into a recovery-code panel's list, as text. */
export function fillRecoveryCodes(panelId: string | undefined, codes: readonly string[]): void {
  const panel = panelId ? document.getElementById(panelId) : null;
  const list = panel?.querySelector('[data-recovery-code-list]');
  if (!list) return;
  list.replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement('li');
      const text = document.createElement('code');
      text.textContent = code;
      item.append(text);
      return item;
    }),
  );
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, callApi, finishForm, runFormRequest } from '../../../platform/pages/client/index.js';
import { fillRecoveryCodes } from './totp-setup.js';

/** Reveals the passkey parts of the page where the browser can use them, and wires their forms. */
export function enhancePasskeyForms(root: ParentNode): void {
  if (!browserSupportsWebAuthn()) return;
  for (const element of root.querySelectorAll('[data-requires-webauthn]')) element.removeAttribute('hidden');
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-passkey]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const ceremony = form.dataset.passkey === 'register' ? () => registerPasskey(form) : signInWithPasskey;
      void runFormRequest(form, () => withFriendlyErrors(ceremony), (result) => afterCeremony(form, result));
    });
  }
}

/** A first passkey comes with recovery codes: show them (they are never shown again) before going on. */
function afterCeremony(form: HTMLFormElement, result: unknown): void {
  const codes = (result as { recoveryCodes?: string[] } | null)?.recoveryCodes;
  const panelId = form.dataset.codesPanel;
  if (!codes || !panelId) return finishForm(form);
  fillRecoveryCodes(panelId, codes);
  if (form.dataset.codesConceal) document.getElementById(form.dataset.codesConceal)?.setAttribute('hidden', '');
  const panel = document.getElementById(panelId);
  panel?.removeAttribute('hidden');
  panel?.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
}

/** Passwordless sign-in (or MFA) with a discoverable credential: no account name is asked for. */
async function signInWithPasskey(): Promise<unknown> {
  const optionsJSON = (await callApi('POST', '/api/v1/auth/passkeys/authentication/options')) as PublicKeyCredentialRequestOptionsJSON;
  const response = await startAuthentication({ optionsJSON });
  return callApi('POST', '/api/v1/auth/passkeys/authentication/verify', { response });
}

async function registerPasskey(form: HTMLFormElement): Promise<unknown> {
  const optionsJSON = (await callApi('POST', '/api/v1/auth/passkeys/registration/options')) as PublicKeyCredentialCreationOptionsJSON;
  const response = await startRegistration({ optionsJSON });
  const name = form.querySelector<HTMLInputElement>('input[name="name"]')?.value.trim();
  return callApi('POST', '/api/v1/auth/passkeys/registration/verify', name ? { response, name } : { response });
}

async function withFriendlyErrors(ceremony: () => Promise<unknown>): Promise<unknown> {
  try {
    return await ceremony();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const name = error instanceof WebAuthnError ? error.code : error instanceof Error ? error.name : '';
    if (name === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
      throw new ApiError('passkey', 'This device already holds a passkey for your account.');
    }
    throw new ApiError('passkey', 'The passkey request was cancelled or timed out. Try again.');
  }
}

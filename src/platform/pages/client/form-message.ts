import type { ApiError } from './api.js';

/** Writes into the form's live region, so screen readers announce the outcome. */
export function showMessage(form: HTMLFormElement, text: string, kind: 'error' | 'success'): HTMLElement | null {
  const region = form.querySelector<HTMLElement>('[data-form-message]');
  if (!region) return null;
  region.textContent = text;
  region.classList.toggle('is-error', kind === 'error');
  region.classList.toggle('is-success', kind === 'success');
  return region;
}

export function clearMessage(form: HTMLFormElement): void {
  showMessage(form, '', 'success');
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}

/**
 * Shows an API error: validation issues are named by the field's own label ("Password: must be at
 * least 12 characters") and the field is marked invalid; a stale sign-in gets a link to renew it.
 */
export function showApiError(form: HTMLFormElement, error: ApiError): void {
  const fieldMessages = error.issues.map((issue) => {
    const name = issue.path.split('.').at(-1) ?? '';
    const field = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (!field) return issue.message;
    field.setAttribute('aria-invalid', 'true');
    const label = field.id ? form.querySelector(`label[for="${CSS.escape(field.id)}"]`)?.textContent?.trim() : undefined;
    return label ? `${label}: ${issue.message}` : issue.message;
  });
  const region = showMessage(form, fieldMessages.length > 0 ? fieldMessages.join('. ') : error.message, 'error');
  if (region && error.code === 'auth.fresh_auth_required') {
    const link = document.createElement('a');
    link.href = `/sign-in?return_to=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    link.textContent = 'Sign in again';
    region.append(' ', link);
  }
}

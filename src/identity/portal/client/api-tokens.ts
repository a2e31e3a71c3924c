import { callApi, finishForm, idempotencyKeyFor, runFormRequest, settleIdempotencyKey } from '../../../platform/pages/client/index.js';

/**
 * The create-token form: its scopes are checkboxes of one name, sent as an array (the kit's
 * forms send one value per name). The answer's token text is written, as text, into the
 * hidden panel the form names, and is never stored anywhere by the page.
 */
export function enhanceTokenCreateForms(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-token-create]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = tokenRequest(form);
      const path = form.dataset.tokenCreate ?? '';
      void runFormRequest(
        form,
        async () => {
          const result = await callApi('POST', path, body, { 'idempotency-key': idempotencyKeyFor(form, [path, JSON.stringify(body)]) });
          settleIdempotencyKey(form);
          return result;
        },
        (result) => {
          const secret = (result as { secret: string }).secret;
          const target = form.dataset.reveal ? document.getElementById(form.dataset.reveal)?.querySelector('[data-new-token-secret]') : null;
          if (target) target.textContent = secret;
          form.reset();
          finishForm(form, result);
        },
      );
    });
  }
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', () => void copyText(button));
  }
}

function tokenRequest(form: HTMLFormElement): Record<string, unknown> {
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
  const scopes = [...form.querySelectorAll<HTMLInputElement>('input[name="scopes"]:checked')].map((box) => box.value);
  return { name: field('name'), tenantId: field('tenantId'), scopes, expiresAt: field('expiresAt') };
}

async function copyText(button: HTMLButtonElement): Promise<void> {
  const text = document.getElementById(button.dataset.copy ?? '')?.textContent ?? '';
  const message = button.parentElement?.querySelector('[data-copy-message]');
  try {
    await navigator.clipboard.writeText(text);
    if (message) message.textContent = 'Copied.';
  } catch {
    if (message) message.textContent = 'Could not copy: select the token and copy it yourself.';
  }
}

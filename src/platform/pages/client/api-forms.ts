import { ApiError, callApi } from './api.js';
import { clearMessage, showApiError, showMessage } from './form-message.js';
import { idempotencyKeyFor, settleIdempotencyKey } from './idempotency-keys.js';
import { navigateTo } from './navigate.js';

/** A named response handler a form opts into with `data-action`. */
export type FormAction = (form: HTMLFormElement, result: unknown) => void;

/** Submits `form[data-api]` forms as JSON instead of navigating. */
export function enhanceApiForms(root: ParentNode, actions: Readonly<Record<string, FormAction>>): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-api]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submitApiForm(form, actions);
    });
  }
}

/** Runs a form's request with the shared busy state, error display and success steps. */
export async function runFormRequest(form: HTMLFormElement, request: () => Promise<unknown>, onSuccess: (result: unknown) => void): Promise<void> {
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  clearMessage(form);
  try {
    onSuccess(await request());
  } catch (error) {
    showApiError(form, error instanceof ApiError ? error : new ApiError('client', error instanceof Error ? error.message : 'Something went wrong.'));
  } finally {
    form.removeAttribute('aria-busy');
    for (const button of form.querySelectorAll('button')) button.disabled = false;
  }
}

/** What every successful form does: reveal or hide parts of the page, say so, go on. */
export function finishForm(form: HTMLFormElement, result?: unknown): void {
  const { conceal, reveal, successMessage, next } = form.dataset;
  if (conceal) document.getElementById(conceal)?.setAttribute('hidden', '');
  if (reveal) {
    const target = document.getElementById(reveal);
    target?.removeAttribute('hidden');
    target?.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
  }
  if (successMessage) showMessage(form, successMessage, 'success');
  if (form.dataset.reset !== undefined) form.reset();
  if (next) navigateTo(next.replace('{id}', encodeURIComponent(idOf(result))));
}

async function submitApiForm(form: HTMLFormElement, actions: Readonly<Record<string, FormAction>>): Promise<void> {
  const path = form.dataset.api ?? '';
  const method = form.dataset.method ?? 'POST';
  const body = jsonBody(form);
  // Every POST carries a key: creates honour it, other routes ignore it.
  const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': idempotencyKeyFor(form, [path, JSON.stringify(body)]) } : {};
  await runFormRequest(
    form,
    () =>
      callApi(method, path, body, headers).then(
        (result) => {
          settleIdempotencyKey(form);
          return result;
        },
        (error: unknown) => {
          if (!(error instanceof ApiError && error.code === 'network')) settleIdempotencyKey(form);
          throw error;
        },
      ),
    (result) => {
      const action = form.dataset.action ? actions[form.dataset.action] : undefined;
      action?.(form, result);
      finishForm(form, result);
    },
  );
}

/** The form's named fields as a JSON object; `data-optional` fields are left out when empty. */
function jsonBody(form: HTMLFormElement): Record<string, string> | undefined {
  const body: Record<string, string> = {};
  for (const element of form.elements) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!element.name || element.disabled) continue;
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio') && !element.checked) continue;
    if (element.value === '' && element.dataset.optional !== undefined) continue;
    body[element.name] = element.value;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

/** The `id` of a created thing, for a `data-next` such as `/records/people/{id}`. */
function idOf(result: unknown): string {
  const id = (result as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
}

// The records app's client script, bundled by the page kit at start (see records-part.ts).
// Pages work as server-rendered HTML; this script sends their forms to the JSON API.
import { enhanceApiForms, type FormAction } from '../../../../platform/pages/client/index.js';
import { enhanceImportForm } from './import-wizard.js';

/** Puts a revealed value in place of its mask; it is gone again on the next page load. */
const showRevealed: FormAction = (_form, result) => {
  const { field, value } = result as { field: string; value: string };
  const target = document.querySelector<HTMLElement>(`[data-sensitive-value="${CSS.escape(field)}"]`);
  if (target) target.textContent = value;
};

/** Shows a new webhook endpoint's signing secret, which its create answers this once. */
const showWebhookSecret: FormAction = (_form, result) => {
  const target = document.querySelector<HTMLElement>('#webhook-secret [data-field="secret"]');
  if (target) target.textContent = (result as { secret: string }).secret;
};

enhanceApiForms(document, { 'show-revealed': showRevealed, 'show-webhook-secret': showWebhookSecret });
enhanceImportForm(document);

// The admin part's client script: the page kit's form handling, plus what a start answers.
import { enhanceApiForms, navigateTo, type FormAction } from '../../../platform/pages/client/index.js';

/**
 * A started impersonation has replaced this browser's session with the support session: go to
 * the tenant's launcher. A request waiting for the tenant's approval stays on this page.
 */
const supportAccessAnswered: FormAction = (_form, result) => {
  navigateTo((result as { started?: unknown } | null)?.started === true ? '/' : 'reload');
};

enhanceApiForms(document, { 'support-access-answered': supportAccessAnswered });

// The browser half of the page kit, imported by each app's client entry script.
export { ApiError, callApi } from './api.js';
export { enhanceApiForms, finishForm, runFormRequest } from './api-forms.js';
export type { FormAction } from './api-forms.js';
export { clearMessage, showApiError, showMessage } from './form-message.js';
export { idempotencyKeyFor, settleIdempotencyKey } from './idempotency-keys.js';
export { navigateTo } from './navigate.js';

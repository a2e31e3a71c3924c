export { AppError } from './app-error.js';
export { ERROR_CATALOGUE, isErrorCode } from './error-catalogue.js';
export type { ErrorCode } from './error-catalogue.js';
export { ERROR_REFERENCE_PATH, renderErrorReference } from './error-reference.js';

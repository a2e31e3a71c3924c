import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js';

/**
 * A failure the caller can act on: a stable code from the catalogue and a user-safe message.
 * The HTTP edge maps the code to its status; nothing else about the error leaks out.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOGUE[code].message,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

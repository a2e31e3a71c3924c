export type TenancyErrorCode =
  | 'tenant.invalid_id'
  | 'tenant.context_conflict'
  | 'tenant.transaction_closed'
  | 'tenant.no_context'
  | 'tenant.read_only';

/** A misuse of the tenancy kernel. Always a bug in the caller, never user input. */
export class TenancyError extends Error {
  override readonly name = 'TenancyError';
  constructor(
    readonly code: TenancyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

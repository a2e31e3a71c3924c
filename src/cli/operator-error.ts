/**
 * A failure the operator fixes from its message alone (a missing setting, a busy port), not a
 * bug: the CLI prints the message without a stack trace and exits 1.
 */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}

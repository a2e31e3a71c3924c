/**
 * Every error code the HTTP API can return, with its status and default message.
 * Codes are a public contract: clients switch on them, so a code is never renamed or reused.
 * docs/reference/errors.md is generated from this table (`npm run docs:generate`) and
 * a test keeps the two in sync.
 */
export const ERROR_CATALOGUE = {
  'request.invalid': { status: 400, message: 'The request did not match the expected schema.' },
  'request.invalid_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.malformed': { status: 400, message: 'The request could not be read.' },
  'request.unsupported_media_type': { status: 415, message: 'Send the request body as application/json.' },
  'request.body_too_large': { status: 413, message: 'The request body is too large.' },
  'route.not_found': { status: 404, message: 'No such endpoint.' },
  'auth.required': { status: 401, message: 'Sign in to continue.' },
  'auth.mfa_required': { status: 403, message: 'Complete multi-factor verification to continue.' },
  'auth.permission_denied': { status: 403, message: 'You do not have permission to do this.' },
  'auth.tenant_required': { status: 403, message: 'Choose a tenant to continue.' },
  'label.not_found': { status: 404, message: 'No such label.' },
  'label.name_taken': { status: 409, message: 'A label with this name already exists.' },
  'label.parent_not_found': { status: 422, message: 'The parent label does not exist.' },
  'service.unavailable': { status: 503, message: 'A dependency is unavailable; try again shortly.' },
  'internal.error': { status: 500, message: 'Something went wrong on our side. The request id identifies it in our logs.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

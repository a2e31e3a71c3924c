/**
 * Every error code the HTTP API can return, with its status and default message.
 * Codes are a public contract: clients switch on them, so a code is never renamed or reused.
 * docs/reference/errors.md is generated from this table (`npm run docs:errors`) and
 * a test keeps the two in sync.
 */
export const ERROR_CATALOGUE = {
  'request.invalid': { status: 400, message: 'The request did not match the expected schema.' },
  'request.invalid_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.malformed': { status: 400, message: 'The request could not be read.' },
  'request.unsupported_media_type': { status: 415, message: 'Send the request body as application/json.' },
  'request.body_too_large': { status: 413, message: 'The request body is too large.' },
  'request.url_too_long': { status: 414, message: 'A part of the address is too long.' },
  'request.headers_too_large': { status: 431, message: 'The request headers are too large.' },
  'request.timeout': { status: 408, message: 'The request took too long to arrive.' },
  'request.rate_limited': { status: 429, message: 'Too many attempts; try again later.' },
  'route.not_found': { status: 404, message: 'No such endpoint.' },
  'auth.required': { status: 401, message: 'Sign in to continue.' },
  'auth.mfa_required': { status: 403, message: 'Complete multi-factor verification to continue.' },
  'auth.permission_denied': { status: 403, message: 'You do not have permission to do this.' },
  'auth.tenant_required': { status: 403, message: 'Choose a tenant to continue.' },
  'auth.invalid_credentials': { status: 401, message: 'The email or password is not correct.' },
  'auth.email_unverified': { status: 403, message: 'Confirm your email address first: we sent you a link.' },
  'auth.invalid_token': { status: 400, message: 'This link is invalid or has expired. Ask for a new one.' },
  'auth.csrf_rejected': { status: 403, message: 'This request came from another site and was refused.' },
  'auth.fresh_auth_required': { status: 403, message: 'Confirm it is you again (password or second factor) to change sign-in methods.' },
  'auth.mfa_enrollment_required': { status: 403, message: 'Set up a passkey or authenticator app to continue.' },
  'auth.session_not_found': { status: 404, message: 'No such session.' },
  'auth.not_a_member': { status: 403, message: 'You are not a member of this tenant.' },
  'auth.app_not_available': { status: 403, message: 'This app is not enabled for your tenant.' },
  'auth.unknown_app': { status: 404, message: 'No such app.' },
  'auth.duplicate_cookie': { status: 400, message: 'The request carried a sign-in cookie twice. Clear the cookies of this site and sign in again.' },
  'account.current_password_incorrect': { status: 403, message: 'The current password is not correct.' },
  'member.manage_forbidden': { status: 403, message: 'Only owners and admins can manage members and invitations.' },
  'member.owner_required': { status: 403, message: 'Only an owner can grant the owner role or change an owner.' },
  'member.last_owner': { status: 409, message: 'A tenant needs at least one owner: make someone else an owner first.' },
  'member.not_found': { status: 404, message: 'No such member in this tenant.' },
  'invitation.not_found': { status: 404, message: 'No such pending invitation in this tenant.' },
  'invitation.already_member': { status: 409, message: 'This address already belongs to a member of this tenant.' },
  'invitation.invalid': { status: 400, message: 'This invitation is invalid, has expired or was already used. Ask for a new one.' },
  'invitation.email_unverified': { status: 403, message: 'Confirm your email address before accepting an invitation.' },
  'invitation.email_mismatch': { status: 403, message: 'This invitation was sent to a different email address. Sign in with that address to accept it.' },
  'label.not_found': { status: 404, message: 'No such label.' },
  'label.name_taken': { status: 409, message: 'A label with this name already exists.' },
  'label.parent_not_found': { status: 422, message: 'The parent label does not exist.' },
  'mail.message_not_found': { status: 404, message: 'No such message in the development mailbox.' },
  'mfa.invalid_code': { status: 401, message: 'That code is not valid. Check the time on your device and try a new code.' },
  'mfa.challenge_expired': { status: 401, message: 'The passkey request expired. Start again.' },
  'mfa.challenge_used': { status: 401, message: 'The passkey request was already used. Start again.' },
  'mfa.webauthn_failed': { status: 401, message: 'The passkey could not be verified.' },
  'mfa.factor_not_found': { status: 404, message: 'No such sign-in factor.' },
  'mfa.totp_already_enrolled': { status: 409, message: 'An authenticator app is already set up. Remove it before adding another.' },
  'mfa.passkey_already_registered': { status: 409, message: 'This passkey is already registered.' },
  'service.unavailable': { status: 503, message: 'A dependency is unavailable; try again shortly.' },
  'internal.error': { status: 500, message: 'Something went wrong on our side. The request id identifies it in our logs.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

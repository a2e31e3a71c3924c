import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../../platform/errors/index.js';

/**
 * The closed set of codes the factor functions throw: the catalogue's `mfa.*` entries
 * (invalid_code, challenge_expired, challenge_used, webauthn_failed, factor_not_found,
 * totp_already_enrolled, passkey_already_registered). Callers switch on `code`.
 */
export type MfaErrorCode = Extract<ErrorCode, `mfa.${string}`>;

/** An AppError whose code is one of the factor codes. */
export type MfaError = AppError & { readonly code: MfaErrorCode };

export function mfaError(code: MfaErrorCode, message?: string): MfaError {
  return new AppError(code, message) as MfaError;
}

const MFA_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CATALOGUE).filter((code) => code.startsWith('mfa.')));

export function isMfaError(error: unknown): error is MfaError {
  return error instanceof AppError && MFA_CODES.has(error.code);
}

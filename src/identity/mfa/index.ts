// Second factors (SPEC control 12): TOTP, recovery codes and passkeys. Domain functions over the
// identity database only; the HTTP routes and the "fresh MFA proof" gate live with the caller.
export type { MfaDeps, RelyingParty } from './mfa-deps.js';
export { isMfaError } from './mfa-error.js';
export type { MfaError, MfaErrorCode } from './mfa-error.js';

export { startTotpEnrollment } from './totp/start-totp-enrollment.js';
export type { StartTotpEnrollmentOptions, TotpEnrollment } from './totp/start-totp-enrollment.js';
export { confirmTotpEnrollment } from './totp/confirm-totp-enrollment.js';
export type { ConfirmTotpEnrollmentOptions, ConfirmedTotpEnrollment } from './totp/confirm-totp-enrollment.js';
export { verifyTotp } from './totp/verify-totp.js';
export type { VerifyTotpOptions } from './totp/verify-totp.js';
export { removeTotp } from './totp/remove-totp.js';
export type { RemoveTotpOptions } from './totp/remove-totp.js';
export { totpQrSvg } from './totp/totp-qr-svg.js';

export { generateRecoveryCodes } from './recovery-codes/generate-recovery-codes.js';
export type { GenerateRecoveryCodesOptions } from './recovery-codes/generate-recovery-codes.js';
export { useRecoveryCode } from './recovery-codes/use-recovery-code.js';
export type { UseRecoveryCodeOptions } from './recovery-codes/use-recovery-code.js';
export { remainingRecoveryCodes } from './recovery-codes/remaining-recovery-codes.js';

export { passkeyRegistrationOptions } from './passkeys/passkey-registration-options.js';
export type { PasskeyRegistrationOptionsInput } from './passkeys/passkey-registration-options.js';
export { verifyPasskeyRegistration } from './passkeys/verify-passkey-registration.js';
export type { RegisteredPasskey, VerifyPasskeyRegistrationInput } from './passkeys/verify-passkey-registration.js';
export { passkeyAuthenticationOptions } from './passkeys/passkey-authentication-options.js';
export type { PasskeyAuthenticationOptionsInput } from './passkeys/passkey-authentication-options.js';
export { verifyPasskeyAuthentication } from './passkeys/verify-passkey-authentication.js';
export type { PasskeyAuthentication, VerifyPasskeyAuthenticationInput } from './passkeys/verify-passkey-authentication.js';
export { CHALLENGE_TTL_MS } from './passkeys/webauthn-challenges.js';
export { listPasskeys } from './passkeys/list-passkeys.js';
export type { PasskeySummary } from './passkeys/list-passkeys.js';
export { renamePasskey } from './passkeys/rename-passkey.js';
export type { RenamePasskeyOptions } from './passkeys/rename-passkey.js';
export { removePasskey } from './passkeys/remove-passkey.js';
export type { RemovePasskeyOptions } from './passkeys/remove-passkey.js';

export { listFactors } from './list-factors.js';
export type { EnrolledFactors } from './list-factors.js';
export { hasSecondFactor, secondFactorEnrolledSql } from './has-second-factor.js';

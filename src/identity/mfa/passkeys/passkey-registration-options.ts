import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { MfaDeps } from '../mfa-deps.js';
import { CHALLENGE_TTL_MS, storeChallenge } from './webauthn-challenges.js';
import { credentialDescriptorsOf, PASSKEY_ALGORITHMS, userHandleOf } from './webauthn-user.js';

export interface PasskeyRegistrationOptionsInput {
  readonly userId: string;
  /** Shown by the authenticator when the user picks a passkey, usually the email address. */
  readonly userName: string;
  readonly displayName: string;
}

/**
 * Options for `navigator.credentials.create()`. The credential must be discoverable (resident) so
 * it also signs in without a password; the user's existing passkeys are excluded so one
 * authenticator is not registered twice. The challenge is stored for a single use within 5 minutes.
 */
export async function passkeyRegistrationOptions(
  deps: Pick<MfaDeps, 'db' | 'clock' | 'rp'>,
  input: PasskeyRegistrationOptionsInput,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await credentialDescriptorsOf(deps.db, input.userId);
  const options = await generateRegistrationOptions({
    rpName: deps.rp.name,
    rpID: deps.rp.id,
    userID: userHandleOf(input.userId),
    userName: input.userName,
    userDisplayName: input.displayName,
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing,
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
  await storeChallenge(deps.db, deps.clock, { value: options.challenge, purpose: 'registration', userId: input.userId });
  return options;
}

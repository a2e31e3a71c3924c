import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { MfaDeps } from '../mfa-deps.js';
import { CHALLENGE_TTL_MS, storeChallenge } from './webauthn-challenges.js';
import { credentialDescriptorsOf } from './webauthn-user.js';

export interface PasskeyAuthenticationOptionsInput {
  /** Set for a second-factor check of a known user; absent for passwordless sign-in. */
  readonly userId?: string;
}

/**
 * Options for `navigator.credentials.get()`. With a user, only their passkeys are allowed and the
 * challenge is bound to them; without one, `allowCredentials` is left out so the browser offers
 * any discoverable passkey for this site (passwordless). Single use, 5 minutes.
 */
export async function passkeyAuthenticationOptions(
  deps: Pick<MfaDeps, 'db' | 'clock' | 'rp'>,
  input: PasskeyAuthenticationOptionsInput = {},
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowCredentials = input.userId ? await credentialDescriptorsOf(deps.db, input.userId) : undefined;
  const options = await generateAuthenticationOptions({
    rpID: deps.rp.id,
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'preferred',
    ...(allowCredentials ? { allowCredentials } : {}),
  });
  await storeChallenge(deps.db, deps.clock, { value: options.challenge, purpose: 'authentication', userId: input.userId ?? null });
  return options;
}

import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type VerifiedAuthenticationResponse } from '@simplewebauthn/server';
import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';
import { challengeFromResponse, consumeChallenge } from './webauthn-challenges.js';
import { userHandleBase64url } from './webauthn-user.js';

export interface VerifyPasskeyAuthenticationInput {
  /** The browser's `startAuthentication()` result, as posted. */
  readonly response: AuthenticationResponseJSON;
}

export interface PasskeyAuthentication {
  readonly userId: string;
  readonly passkeyId: string;
  readonly credentialId: string;
  /**
   * Whether the authenticator verified the user (PIN, biometrics). A passwordless sign-in without
   * it is possession only; the caller decides what that is worth (the `amr` it records).
   */
  readonly userVerified: boolean;
}

interface StoredPasskey {
  id: string;
  user_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
}

/**
 * Verifies an assertion: the challenge is spent first (single use, unexpired), the credential must
 * be registered (and be the challenged user's, for a second factor), origin and rpId must be the
 * portal's, and the signature counter must move forward. Throws `mfa.*` AppErrors on any failure.
 */
export async function verifyPasskeyAuthentication(
  deps: Pick<MfaDeps, 'db' | 'clock' | 'rp'>,
  input: VerifyPasskeyAuthenticationInput,
): Promise<PasskeyAuthentication> {
  const challenge = challengeFromResponse(input.response);
  const issued = await consumeChallenge(deps.db, deps.clock, { value: challenge, purpose: 'authentication' });
  const { rows } = await deps.db.query<StoredPasskey>(
    'SELECT id, user_id, public_key, counter, transports FROM passkeys WHERE credential_id = $1',
    [input.response.id],
  );
  const passkey = rows[0];
  if (!passkey) throw mfaError('mfa.webauthn_failed');
  if (issued.userId !== null && issued.userId !== passkey.user_id) throw mfaError('mfa.webauthn_failed');
  const userHandle = input.response.response.userHandle;
  if (userHandle && userHandle !== userHandleBase64url(passkey.user_id)) throw mfaError('mfa.webauthn_failed');

  const storedCounter = Number(passkey.counter);
  let verification: VerifiedAuthenticationResponse;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: deps.rp.origin,
      expectedRPID: deps.rp.id,
      credential: { id: input.response.id, publicKey: new Uint8Array(passkey.public_key), counter: storedCounter, transports: passkey.transports },
      requireUserVerification: false,
    });
  } catch {
    // Includes a counter that did not increase: the library refuses it before the signature.
    throw mfaError('mfa.webauthn_failed');
  }
  if (!verification.verified) throw mfaError('mfa.webauthn_failed');

  const { newCounter, userVerified } = verification.authenticationInfo;
  // Re-checked in the UPDATE so two assertions racing past the read cannot both move the counter.
  const moved = await deps.db.query(
    `UPDATE passkeys SET counter = $2, last_used_at = $3
      WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))
      RETURNING id`,
    [passkey.id, newCounter, deps.clock.now()],
  );
  if (moved.rowCount !== 1) throw mfaError('mfa.webauthn_failed');
  return { userId: passkey.user_id, passkeyId: passkey.id, credentialId: input.response.id, userVerified };
}

import { appendAudit } from '../../../platform/audit/index.js';
import { verifyRegistrationResponse, type RegistrationResponseJSON, type VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { hasSecondFactor } from '../has-second-factor.js';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { replaceRecoveryCodes } from '../recovery-codes/generate-recovery-codes.js';
import { mfaError } from '../mfa-error.js';
import { challengeFromResponse, consumeChallenge } from './webauthn-challenges.js';
import { PASSKEY_ALGORITHMS } from './webauthn-user.js';

export interface VerifyPasskeyRegistrationInput {
  readonly userId: string;
  /** The browser's `startRegistration()` result, as posted. */
  readonly response: RegistrationResponseJSON;
  /** The user's label for it ("MacBook", "YubiKey"). */
  readonly name: string;
}

export interface RegisteredPasskey {
  readonly passkeyId: string;
  readonly name: string;
  /** A first set of recovery codes when this passkey is the user's first factor; shown once. */
  readonly recoveryCodes: string[] | null;
}

const DEFAULT_NAME = 'Passkey';
const MAX_NAME = 100;

/**
 * Verifies a registration against a challenge issued to this same user (spent even if the
 * response then fails), the portal's origin and rpId, and stores the credential. The first
 * factor of a user comes with recovery codes, as a confirmed authenticator app does.
 */
export async function verifyPasskeyRegistration(
  deps: Pick<MfaDeps, 'db' | 'clock' | 'rp'>,
  input: VerifyPasskeyRegistrationInput,
): Promise<RegisteredPasskey> {
  const challenge = challengeFromResponse(input.response);
  await consumeChallenge(deps.db, deps.clock, { value: challenge, purpose: 'registration', userId: input.userId });
  let verification: VerifiedRegistrationResponse;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: deps.rp.origin,
      expectedRPID: deps.rp.id,
      // "preferred" at registration: a security key without a PIN is still a possession factor.
      requireUserVerification: false,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
  } catch {
    throw mfaError('mfa.webauthn_failed');
  }
  if (!verification.verified) throw mfaError('mfa.webauthn_failed');
  const info = verification.registrationInfo;
  const name = input.name.trim().slice(0, MAX_NAME) || DEFAULT_NAME;
  return deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, input.userId);
    const firstFactor = !(await hasSecondFactor({ db: tx }, input.userId));
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO passkeys (user_id, credential_id, public_key, counter, transports, device_type, backed_up, aaguid, name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (credential_id) DO NOTHING
       RETURNING id`,
      [
        input.userId,
        info.credential.id,
        Buffer.from(info.credential.publicKey),
        info.credential.counter,
        info.credential.transports ?? [],
        info.credentialDeviceType,
        info.credentialBackedUp,
        info.aaguid,
        name,
        deps.clock.now(),
      ],
    );
    const inserted = rows[0];
    if (!inserted) throw mfaError('mfa.passkey_already_registered');
    const target = { type: 'passkey', id: inserted.id };
    await appendAudit(tx, { actor: { type: 'user', id: input.userId }, action: 'auth.factor.added', target, metadata: { kind: 'passkey' } }, deps.clock.now());
    const recoveryCodes = firstFactor ? await replaceRecoveryCodes(tx, deps.clock, input.userId) : null;
    return { passkeyId: inserted.id, name, recoveryCodes };
  });
}

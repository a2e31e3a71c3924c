import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { MfaDeps } from '../mfa-deps.js';
import { CHALLENGE_TTL_MS, storeChallenge } from './webauthn-challenges.js';

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
  let allowCredentials: { id: string; transports: string[] }[] | undefined;
  if (input.userId) {
    const { rows } = await deps.db.query<{ credential_id: string; transports: string[] }>(
      'SELECT credential_id, transports FROM passkeys WHERE user_id = $1 ORDER BY created_at',
      [input.userId],
    );
    allowCredentials = rows.map((row) => ({ id: row.credential_id, transports: row.transports }));
  }
  const options = await generateAuthenticationOptions({
    rpID: deps.rp.id,
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'preferred',
    ...(allowCredentials ? { allowCredentials } : {}),
  });
  await storeChallenge(deps.db, deps.clock, { value: options.challenge, purpose: 'authentication', userId: input.userId ?? null });
  return options;
}

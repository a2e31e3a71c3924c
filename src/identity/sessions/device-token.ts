import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDeps } from '../identity-deps.js';
import { signJwt } from './sign-jwt.js';
import { SESSION_JWT_ALG, type SigningKeys } from './signing-keys.js';

export const DEVICE_TOKEN_TYPE = 'bsns-device+jwt';
const DEVICE_AUDIENCE = 'bsns-device';
/**
 * How long a browser stays a known device without signing in again. Each sign-in issues a new
 * one; a signing-key rotation (every 30 days, or `keys rotate-signing` after a leak) ends the
 * older ones a day later, like any token those keys signed.
 */
export const DEVICE_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** A browser that once signed in to this account: the account and the device's own nonce. */
export interface KnownDevice {
  readonly userId: string;
  /** The device's identity for its own failure counter; new at every sign-in. */
  readonly nonce: string;
  /** When the cookie was issued: a password reset ends the trust of every cookie issued before it. */
  readonly issuedAt: Date;
}

export interface DeviceTokenOptions {
  readonly signingKeys: SigningKeys;
  readonly issuer: string;
  readonly clock: Clock;
}

/** The options identity's own dependencies give: its signing keys, its public URL as issuer, its clock. */
export function deviceTokenOptions(deps: Pick<IdentityDeps, 'signingKeys' | 'config' | 'clock'>): DeviceTokenOptions {
  return { signingKeys: deps.signingKeys, issuer: deps.config.publicUrl, clock: deps.clock };
}

/**
 * The OWASP device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): the
 * account, a random nonce and an expiry, signed with the session signing keys. Its own `typ`
 * and audience keep it from ever passing for a session token, and the reverse.
 */
export async function issueDeviceToken(options: DeviceTokenOptions, userId: string): Promise<{ token: string; maxAgeSeconds: number }> {
  const { kid, privateKey } = await options.signingKeys.signingKey();
  const now = Math.floor(options.clock.now().getTime() / 1000);
  const token = signJwt(privateKey, { kid, typ: DEVICE_TOKEN_TYPE }, {
    iss: options.issuer,
    aud: DEVICE_AUDIENCE,
    sub: userId,
    jti: randomBytes(16).toString('base64url'),
    iat: now,
    exp: now + DEVICE_TOKEN_TTL_SECONDS,
  });
  return { token, maxAgeSeconds: DEVICE_TOKEN_TTL_SECONDS };
}

/** The known device a cookie vouches for, or null for anything forged, expired or malformed. */
export async function verifyDeviceToken(options: DeviceTokenOptions, token: string): Promise<KnownDevice | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = typeof header.kid === 'string' ? await options.signingKeys.verificationKey(header.kid) : null;
        if (!key) throw new Error('unknown signing key');
        return key;
      },
      {
        algorithms: [SESSION_JWT_ALG],
        issuer: options.issuer,
        audience: DEVICE_AUDIENCE,
        typ: DEVICE_TOKEN_TYPE,
        currentDate: options.clock.now(),
        requiredClaims: ['sub', 'jti', 'exp'],
      },
    );
    const { sub, jti, iat, exp } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || exp! - iat > DEVICE_TOKEN_TTL_SECONDS) return null;
    return { userId: sub, nonce: jti, issuedAt: new Date(iat * 1000) };
  } catch {
    // Any failure means "not a known device": the attempt is counted as an unknown client's.
    return null;
  }
}

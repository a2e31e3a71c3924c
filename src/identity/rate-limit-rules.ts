import type { RateLimitRule } from '../platform/rate-limit/index.js';

/**
 * The limits on identity's guessable endpoints. Keys are per account (normalised email or user
 * id) and per client address (IPv6 by /64): one leaked credential or one botnet node cannot
 * exceed its ceiling, whichever path spelling it uses.
 */
export const IDENTITY_RATE_LIMITS = {
  signInAccount: { name: 'sign-in:account', limit: 10, windowSeconds: 15 * 60 },
  signInAddress: { name: 'sign-in:address', limit: 100, windowSeconds: 15 * 60 },
  signInDevice: { name: 'sign-in:device', limit: 10, windowSeconds: 15 * 60 },
  /**
   * Every sign-in attempt from an unknown client, installation-wide (one key): the ceiling on a
   * credential-stuffing run spread over many accounts and addresses. Known devices are not
   * counted, so even at this ceiling owners keep signing in from their own browsers.
   */
  signInUnknownClients: { name: 'sign-in:unknown-clients', limit: 10_000, windowSeconds: 15 * 60 },
  signUpAddress: { name: 'sign-up:address', limit: 20, windowSeconds: 3600 },
  mfaUser: { name: 'mfa:user', limit: 10, windowSeconds: 15 * 60 },
  mfaAddress: { name: 'mfa:address', limit: 100, windowSeconds: 15 * 60 },
  emailLinkAccount: { name: 'email-link:account', limit: 5, windowSeconds: 3600 },
  emailLinkAddress: { name: 'email-link:address', limit: 30, windowSeconds: 3600 },
  tokenRedeemAddress: { name: 'token-redeem:address', limit: 30, windowSeconds: 15 * 60 },
  invitationUser: { name: 'invitation:user', limit: 50, windowSeconds: 3600 },
  passkeyAddress: { name: 'passkey:address', limit: 60, windowSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule>;

import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { verificationEmail } from './account-emails.js';
import { issueTokenForAddress } from './issue-token-for-address.js';
import { normalizeEmail } from './normalize-email.js';
import { sendAfterResponse } from './send-mail.js';

export interface ResendVerificationInput {
  readonly email: string;
  readonly addressKey: string;
}

/**
 * Sends a fresh verification link to an account whose address is still unverified. Known,
 * unknown and already-verified addresses all get the same answer after the same work.
 */
export async function resendVerification(deps: IdentityDeps, input: ResendVerificationInput): Promise<{ status: 'verification_requested' }> {
  const emailNormalized = normalizeEmail(input.email);
  await enforceRateLimits(deps.rateLimiter, [
    { rule: IDENTITY_RATE_LIMITS.emailLinkAccount, key: emailNormalized },
    { rule: IDENTITY_RATE_LIMITS.emailLinkAddress, key: input.addressKey },
  ]);
  const issued = await issueTokenForAddress(deps.db, deps.clock, { purpose: 'verify_email', emailNormalized, onlyIfUnverified: true });
  if (issued) sendAfterResponse(deps, verificationEmail(deps.config.publicUrl, issued.to, issued.token));
  return { status: 'verification_requested' };
}

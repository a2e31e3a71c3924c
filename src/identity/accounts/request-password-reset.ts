import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { passwordResetEmail } from './account-emails.js';
import { issueTokenForAddress } from './issue-token-for-address.js';
import { normalizeEmail } from './normalize-email.js';
import { sendAfterResponse } from './send-mail.js';

export interface RequestPasswordResetInput {
  readonly email: string;
  /** Normalised client address (IPv6 by /64), the per-address rate-limit key. */
  readonly addressKey: string;
}

/**
 * Emails a 30-minute reset link to the owner of an address, if there is one; asking again spends
 * the older links. The answer never depends on whether the address is registered: the limits
 * count by address string, the same single statement runs either way, and the mail goes out
 * after the response. The link is built from the configured public URL, never the Host header.
 */
export async function requestPasswordReset(deps: IdentityDeps, input: RequestPasswordResetInput): Promise<{ status: 'reset_requested' }> {
  const emailNormalized = normalizeEmail(input.email);
  await enforceRateLimits(deps.rateLimiter, [
    { rule: IDENTITY_RATE_LIMITS.emailLinkAccount, key: emailNormalized },
    { rule: IDENTITY_RATE_LIMITS.emailLinkAddress, key: input.addressKey },
  ]);
  const issued = await issueTokenForAddress(deps.db, deps.clock, { purpose: 'reset_password', emailNormalized, onlyIfUnverified: false });
  if (issued) sendAfterResponse(deps, passwordResetEmail(deps.config.publicUrl, issued.to, issued.token));
  return { status: 'reset_requested' };
}

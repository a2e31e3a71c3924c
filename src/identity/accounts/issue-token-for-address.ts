import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import { hashSecret } from '../sessions/session-store.js';
import { EMAIL_TOKEN_TTL_MS, type EmailTokenPurpose } from './email-tokens.js';

export interface IssueTokenForAddressInput {
  readonly purpose: EmailTokenPurpose;
  readonly emailNormalized: string;
  /** Issue only while the address is unverified (verification resends). */
  readonly onlyIfUnverified: boolean;
}

// One statement whether or not the address has an account: the lookup, the retirement of older
// links and the insert all run (on zero rows for an unknown address), so the database work,
// and with it the response time, is the same for both. Older unused links of the same purpose
// are spent, so only the newest link in the mailbox works.
const ISSUE_SQL = `
  WITH target AS (
    SELECT id, email FROM users
    WHERE email_normalized = $1 AND disabled_at IS NULL AND (NOT $2::boolean OR email_verified_at IS NULL)
  ), superseded AS (
    UPDATE email_tokens SET used_at = $4
    WHERE purpose = $3 AND used_at IS NULL AND user_id IN (SELECT id FROM target)
  ), issued AS (
    INSERT INTO email_tokens (user_id, purpose, token_hash, email_normalized, expires_at, created_at)
    SELECT id, $3::text, $5::text, $1::text, $6::timestamptz, $4::timestamptz FROM target
    RETURNING user_id
  )
  SELECT target.email FROM target JOIN issued ON issued.user_id = target.id`;

/**
 * Mints an emailed-link token for whoever owns an address, if anyone (and, for resends, only
 * while unverified). The token is generated and hashed on both paths. Returns the address as
 * the user spelt it and the token, or null when nothing should be sent.
 */
export async function issueTokenForAddress(db: IdentityDb, clock: Clock, input: IssueTokenForAddressInput): Promise<{ to: string; token: string } | null> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const { rows } = await db.transaction(async (tx) => {
    // A lost link costs nothing (ask again), so the commit does not wait for the disk. Otherwise
    // only the path that writes (a registered address) would pay for a flush, and show it.
    await tx.query('SET LOCAL synchronous_commit = off');
    return tx.query<{ email: string }>(ISSUE_SQL, [
      input.emailNormalized,
      input.onlyIfUnverified,
      input.purpose,
      now,
      hashSecret(token),
      new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[input.purpose]),
    ]);
  });
  return rows[0] ? { to: rows[0].email, token } : null;
}

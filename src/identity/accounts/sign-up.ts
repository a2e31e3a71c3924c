import { addDays } from '../identity-time.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashPassword } from '../passwords/password-hashing.js';
import { alreadyRegisteredEmail, verificationEmail } from './account-emails.js';
import { createEmailToken } from './email-tokens.js';
import { normalizeEmail } from './normalize-email.js';
import { sendAfterResponse } from './send-mail.js';

export interface SignUpInput {
  readonly email: string;
  readonly password: string;
  readonly tenantName: string;
}

/**
 * Creates a user, their tenant and the owner membership, and emails a verification link.
 * The answer is the same whether or not the address already has an account (the owner of
 * that address gets a notice instead), and both paths hash a password, so neither the
 * response nor its timing tells an attacker who is registered.
 */
export async function signUp(deps: IdentityDeps, input: SignUpInput): Promise<{ status: 'verification_sent' }> {
  const emailNormalized = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();

  const created = await deps.db.transaction(async (tx) => {
    // A new account's commit must not wait for a disk flush that the existing-address path (which
    // writes nothing) never pays: that wait is a timing signal of who is registered. Losing a
    // just-created, unverified account in a crash only means signing up again.
    await tx.query('SET LOCAL synchronous_commit = off');
    const user = await tx.query<{ id: string }>(
      `INSERT INTO users (email, email_normalized, password_hash, password_changed_at, mfa_grace_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $4)
       ON CONFLICT (email_normalized) DO NOTHING
       RETURNING id`,
      [input.email.trim(), emailNormalized, passwordHash, now, addDays(now, deps.config.mfaGraceDays)],
    );
    const userId = user.rows[0]?.id;
    if (!userId) return null;
    const tenant = await tx.query<{ id: string }>('INSERT INTO tenants (name, created_by, created_at) VALUES ($1, $2, $3) RETURNING id', [
      input.tenantName.trim(),
      userId,
      now,
    ]);
    const tenantId = tenant.rows[0]!.id;
    await tx.query("INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)", [tenantId, userId, now]);
    const token = await createEmailToken(tx, deps.clock, { userId, purpose: 'verify_email', emailNormalized });
    return { userId, tenantId, token };
  });

  if (!created) {
    sendAfterResponse(deps, alreadyRegisteredEmail(deps.config.publicUrl, emailNormalized));
    return { status: 'verification_sent' };
  }
  // Not awaited: a second database's commit only on the new-address path would show in the
  // response time. The identity side is committed; the mirror is idempotent and re-run at
  // launch, so a failure here is logged and converges later.
  deps.mirrorTenant({ id: created.tenantId, name: input.tenantName.trim() }).catch((error: unknown) => {
    deps.logger.error({ err: error, tenantId: created.tenantId }, 'tenant mirror failed at sign-up');
  });
  sendAfterResponse(deps, verificationEmail(deps.config.publicUrl, input.email.trim(), created.token));
  return { status: 'verification_sent' };
}

import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { adminAuditEntry, type AdminActor } from './admin-actor.js';
import { revokeAllSessions } from './user-disabled.js';

/**
 * Forces MFA re-enrolment (`users:manage`): removes the user's authenticator app, passkeys and
 * recovery codes, ends the enrolment grace window now and revokes every session. With no factor
 * and no grace left, the MFA policy puts the next sign-in in `enroll`: it reaches nothing until a
 * new factor is set up. The user is told by email after the commit. Not for one's own account.
 */
export async function forceMfaReenrolment(deps: Pick<AdminDeps, 'db' | 'clock' | 'mailer' | 'logger' | 'publicUrl'>, actor: AdminActor, userId: string): Promise<void> {
  if (userId === actor.userId) throw new AppError('admin.self_action_refused');
  const email = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query<{ email: string }>('UPDATE users SET mfa_grace_until = $2 WHERE id = $1 RETURNING email', [userId, now]);
    if (!rows[0]) throw new AppError('admin.user_not_found');
    await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    const totp = await tx.query('DELETE FROM totp_factors WHERE user_id = $1', [userId]);
    const passkeys = await tx.query('DELETE FROM passkeys WHERE user_id = $1', [userId]);
    const revoked = await revokeAllSessions(tx, userId, now);
    const metadata = { totp_removed: totp.rowCount ?? 0, passkeys_removed: passkeys.rowCount ?? 0, sessions_revoked: revoked };
    await appendAudit(tx, adminAuditEntry(actor, 'users:manage', 'admin.user.mfa_reset', { type: 'user', id: userId }, { metadata }), now);
    return rows[0].email;
  });
  const signIn = new URL('/sign-in', deps.publicUrl).toString();
  deps.mailer
    .send({
      to: email,
      subject: 'Set up multi-factor authentication again',
      text: `A platform administrator removed the second factors of your bsns account and signed you out everywhere.\n\nWhen you next sign in (${signIn}) you will be asked to set up a passkey or an authenticator app before you can continue.\n\nIf you did not ask for this, contact your administrator.`,
    })
    .catch((error: unknown) => deps.logger.error({ err: error, userId }, 'could not send the MFA re-enrolment email'));
}

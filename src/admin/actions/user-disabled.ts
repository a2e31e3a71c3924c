import { appendAudit } from '../../platform/audit/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { adminAuditEntry, type ActionResult, type AdminActor } from './admin-actor.js';

/**
 * Disables or enables a user (`users:manage`). Disabling revokes every session in the same
 * transaction; their tokens stop at the next request because the token resolver joins
 * `users.disabled_at`. An admin cannot disable themself (nobody would be left to undo it).
 */
export async function setUserDisabled(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: AdminActor, userId: string, disabled: boolean): Promise<ActionResult> {
  if (disabled && userId === actor.userId) throw new AppError('admin.self_action_refused');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query(
      disabled ? 'UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING id' : 'UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id',
      disabled ? [userId, now] : [userId],
    );
    if (rows.length === 0) {
      await requireUser(tx, userId);
      return { changed: false };
    }
    const revoked = disabled ? await revokeAllSessions(tx, userId, now) : 0;
    const action = disabled ? 'admin.user.disabled' : 'admin.user.enabled';
    const metadata: Record<string, number> = disabled ? { sessions_revoked: revoked } : {};
    await appendAudit(tx, adminAuditEntry(actor, 'users:manage', action, { type: 'user', id: userId }, { metadata }), now);
    return { changed: true };
  });
}

export async function requireUser(tx: Queryable, userId: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM users WHERE id = $1', [userId]);
  if (rows.length === 0) throw new AppError('admin.user_not_found');
}

/** Revokes every live session of the user; how many. */
export async function revokeAllSessions(tx: Queryable, userId: string, now: Date): Promise<number> {
  const result = await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
  return result.rowCount ?? 0;
}

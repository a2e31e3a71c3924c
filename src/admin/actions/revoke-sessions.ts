import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { adminAuditEntry, type AdminActor } from './admin-actor.js';
import { requireUser, revokeAllSessions } from './user-disabled.js';

/** Revokes every live session of a user (`users:manage`); audited even when there was none, as the admin acted. */
export async function revokeUserSessionsAsAdmin(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: AdminActor, userId: string): Promise<{ revoked: number }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await requireUser(tx, userId);
    const revoked = await revokeAllSessions(tx, userId, now);
    await appendAudit(tx, adminAuditEntry(actor, 'users:manage', 'admin.user.sessions_revoked', { type: 'user', id: userId }, { metadata: { sessions_revoked: revoked } }), now);
    return { revoked };
  });
}

/** Revokes one session, whoever holds it (`users:manage`). One revoked before answers `revoked: 0` and is not audited again. */
export async function revokeSessionAsAdmin(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: AdminActor, sessionId: string): Promise<{ revoked: number }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query<{ user_id: string; live: boolean }>(
      `WITH target AS (SELECT id, user_id, revoked_at IS NULL AS live FROM sessions WHERE id = $1 FOR UPDATE)
       UPDATE sessions s SET revoked_at = coalesce(s.revoked_at, $2) FROM target WHERE s.id = target.id RETURNING target.user_id, target.live`,
      [sessionId, now],
    );
    const session = rows[0];
    if (!session) throw new AppError('auth.session_not_found');
    if (!session.live) return { revoked: 0 };
    const entry = adminAuditEntry(actor, 'users:manage', 'admin.session.revoked', { type: 'session', id: sessionId }, { metadata: { user_id: session.user_id } });
    await appendAudit(tx, entry, now);
    return { revoked: 1 };
  });
}

import { appendAudit } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import type { Queryable } from '../../platform/db/queryable.js';
import { permissionsOfGroups, PLATFORM_GROUPS, type PlatformGroup, type PlatformPermission } from '../../platform/access/platform-permissions.js';
import { normalizeEmail } from '../accounts/normalize-email.js';

export class PlatformGroupError extends Error {
  override readonly name = 'PlatformGroupError';
}

export interface GroupMember {
  readonly userId: string;
  readonly email: string;
  readonly group: PlatformGroup;
  readonly grantedAt: Date;
  readonly grantedBy: string;
}

export function parsePlatformGroup(value: string): PlatformGroup {
  const group = value.toUpperCase();
  if (!(PLATFORM_GROUPS as readonly string[]).includes(group)) {
    throw new PlatformGroupError(`Unknown platform group "${value}": use one of ${PLATFORM_GROUPS.join(', ')}`);
  }
  return group as PlatformGroup;
}

/**
 * Adds a user (by email) to a platform group, with its audit entry in the same transaction. The
 * operator's shell is the only caller: no route grants a group, so sign-up can never make an
 * admin, and the first super-admin is made here.
 */
export async function grantPlatformGroup(db: IdentityDb, clock: Clock, email: string, group: PlatformGroup): Promise<{ changed: boolean; userId: string }> {
  return db.transaction(async (tx) => {
    const userId = await activeUserId(tx, email);
    const now = clock.now();
    const inserted = await tx.query(
      `INSERT INTO platform_group_members (user_id, group_name, granted_at, granted_by) VALUES ($1, $2, $3, 'cli')
       ON CONFLICT DO NOTHING`,
      [userId, group, now],
    );
    const changed = (inserted.rowCount ?? 0) > 0;
    if (changed) {
      await appendAudit(tx, { actor: { type: 'cli' }, action: 'platform.group.granted', target: { type: 'user', id: userId }, metadata: { group } }, now);
    }
    return { changed, userId };
  });
}

/** Removes a user from a group, audited like a grant. Takes effect on the user's next token (≤ 10 minutes). */
export async function revokePlatformGroup(db: IdentityDb, clock: Clock, email: string, group: PlatformGroup): Promise<{ changed: boolean; userId: string }> {
  return db.transaction(async (tx) => {
    const userId = await userIdByEmail(tx, email);
    const removed = await tx.query('DELETE FROM platform_group_members WHERE user_id = $1 AND group_name = $2', [userId, group]);
    const changed = (removed.rowCount ?? 0) > 0;
    if (changed) {
      await appendAudit(tx, { actor: { type: 'cli' }, action: 'platform.group.revoked', target: { type: 'user', id: userId }, metadata: { group } }, clock.now());
    }
    return { changed, userId };
  });
}

export async function listPlatformGroupMembers(db: Queryable): Promise<GroupMember[]> {
  const { rows } = await db.query<{ user_id: string; email: string; group_name: PlatformGroup; granted_at: Date; granted_by: string }>(
    `SELECT m.user_id, u.email, m.group_name, m.granted_at, m.granted_by
     FROM platform_group_members m JOIN users u ON u.id = m.user_id ORDER BY m.group_name, u.email`,
  );
  return rows.map((row) => ({ userId: row.user_id, email: row.email, group: row.group_name, grantedAt: row.granted_at, grantedBy: row.granted_by }));
}

/** The platform permissions a user holds through their groups (code maps groups to permissions). */
export async function platformPermissionsOf(db: Queryable, userId: string): Promise<PlatformPermission[]> {
  const { rows } = await db.query<{ group_name: PlatformGroup }>('SELECT group_name FROM platform_group_members WHERE user_id = $1', [userId]);
  return [...permissionsOfGroups(rows.map((row) => row.group_name))].sort();
}

async function activeUserId(tx: Queryable, email: string): Promise<string> {
  const { rows } = await tx.query<{ id: string; disabled: boolean }>('SELECT id, disabled_at IS NOT NULL AS disabled FROM users WHERE email_normalized = $1', [
    normalizeEmail(email),
  ]);
  if (!rows[0]) throw new PlatformGroupError(`No user with the email ${email}: they sign up first, then get a group`);
  if (rows[0].disabled) throw new PlatformGroupError(`The user ${email} is disabled`);
  return rows[0].id;
}

async function userIdByEmail(tx: Queryable, email: string): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM users WHERE email_normalized = $1', [normalizeEmail(email)]);
  if (!rows[0]) throw new PlatformGroupError(`No user with the email ${email}`);
  return rows[0].id;
}

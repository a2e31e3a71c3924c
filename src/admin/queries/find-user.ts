import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { ADMIN_USER_COLUMNS, type AdminUser } from './list-users.js';

/** The kinds of second factor a user has: never a secret, a credential id or a code. */
export type FactorKind = 'totp' | 'passkey' | 'recovery_codes';

export interface AdminUserDetail extends AdminUser {
  readonly factors: FactorKind[];
  readonly platformGroups: string[];
  readonly mfaGraceUntil: Date;
}

/** One user with the kinds of factor they have and their platform groups; `admin.user_not_found` otherwise. */
export async function findUser(db: Queryable, userId: string): Promise<AdminUserDetail> {
  const { rows } = await db.query<AdminUser & { totp: boolean; passkey: boolean; recovery: boolean; platformGroups: string[]; mfaGraceUntil: Date }>(
    `SELECT ${ADMIN_USER_COLUMNS}, u.mfa_grace_until AS "mfaGraceUntil",
       EXISTS (SELECT 1 FROM totp_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS totp,
       EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = u.id) AS passkey,
       EXISTS (SELECT 1 FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) AS recovery,
       ARRAY(SELECT g.group_name FROM platform_group_members g WHERE g.user_id = u.id ORDER BY g.group_name) AS "platformGroups"
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new AppError('admin.user_not_found');
  const { totp, passkey, recovery, ...user } = row;
  const factors: FactorKind[] = [...(totp ? (['totp'] as const) : []), ...(passkey ? (['passkey'] as const) : []), ...(recovery ? (['recovery_codes'] as const) : [])];
  return { ...user, factors };
}

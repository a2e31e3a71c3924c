import type { Queryable } from '../../platform/db/index.js';

/**
 * Whether the user has a real second factor: a confirmed authenticator app or a passkey.
 * Recovery codes alone do not count; they are the way back to one.
 */
export async function hasSecondFactor(deps: { readonly db: Queryable }, userId: string): Promise<boolean> {
  const { rows } = await deps.db.query<{ enrolled: boolean }>(`SELECT ${secondFactorEnrolledSql('$1')} AS enrolled`, [userId]);
  return rows[0]?.enrolled === true;
}

/**
 * The same check as an SQL boolean expression over `userIdSql` (a parameter or a column), for a
 * statement that answers it beside other work instead of in a round trip of its own.
 */
export function secondFactorEnrolledSql(userIdSql: string): string {
  return `(EXISTS (SELECT 1 FROM totp_factors WHERE user_id = ${userIdSql} AND confirmed_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = ${userIdSql}))`;
}

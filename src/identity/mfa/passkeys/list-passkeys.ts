import type { MfaDeps } from '../mfa-deps.js';

export interface PasskeySummary {
  readonly id: string;
  readonly name: string;
  /** `multiDevice` passkeys sync between devices (iCloud Keychain, Google Password Manager). */
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

/** A person holds a handful of passkeys; the list stops here rather than growing without bound. */
export const MAX_LISTED_PASSKEYS = 100;

/** The user's passkeys (the first 100), oldest first, as the portal lists them. */
export async function listPasskeys(deps: Pick<MfaDeps, 'db'>, userId: string): Promise<PasskeySummary[]> {
  const { rows } = await deps.db.query<{ id: string; name: string; device_type: PasskeySummary['deviceType']; backed_up: boolean; created_at: Date; last_used_at: Date | null }>(
    `SELECT id, name, device_type, backed_up, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id LIMIT ${MAX_LISTED_PASSKEYS}`,
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    deviceType: row.device_type,
    backedUp: row.backed_up,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

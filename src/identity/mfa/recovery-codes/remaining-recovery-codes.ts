import type { MfaDeps } from '../mfa-deps.js';

/** How many unused recovery codes the user has left (the portal nudges them to regenerate). */
export async function remainingRecoveryCodes(deps: Pick<MfaDeps, 'db'>, options: { readonly userId: string }): Promise<number> {
  const { rows } = await deps.db.query<{ remaining: number }>(
    'SELECT count(*)::int AS remaining FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL',
    [options.userId],
  );
  return rows[0]?.remaining ?? 0;
}

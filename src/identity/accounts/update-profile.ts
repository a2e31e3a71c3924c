import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';

export interface UpdateProfileInput {
  readonly userId: string;
  /** `null` clears the name; absent leaves it. */
  readonly displayName?: string | null;
}

/**
 * Updates the display name. The email address is not part of the profile: it changes only
 * through `requestEmailChange` and the link the new address confirms, so an account can never
 * take an address it does not control (the account pre-hijack).
 */
export async function updateProfile(deps: IdentityDeps, input: UpdateProfileInput): Promise<{ status: 'updated' }> {
  if (input.displayName !== undefined) {
    const updated = await deps.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [input.userId, input.displayName || null]);
    if (updated.rowCount !== 1) throw new AppError('auth.required');
  }
  return { status: 'updated' };
}

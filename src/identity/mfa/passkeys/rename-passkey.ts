import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';

export interface RenamePasskeyOptions {
  readonly userId: string;
  readonly passkeyId: string;
  /** 1–100 characters after trimming; the route's schema enforces it for the user. */
  readonly name: string;
}

/** Renames one of the user's own passkeys; someone else's is `mfa.factor_not_found`. */
export async function renamePasskey(deps: Pick<MfaDeps, 'db'>, options: RenamePasskeyOptions): Promise<void> {
  const name = options.name.trim();
  if (name.length < 1 || name.length > 100) throw new RangeError('renamePasskey: name must be 1–100 characters');
  const { rowCount } = await deps.db.query('UPDATE passkeys SET name = $3 WHERE id = $1 AND user_id = $2', [options.passkeyId, options.userId, name]);
  if (rowCount !== 1) throw mfaError('mfa.factor_not_found');
}

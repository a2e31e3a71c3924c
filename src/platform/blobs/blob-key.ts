import { AppError } from '../errors/index.js';

/** Letters, digits, `_`, `-` and `/` between segments; dots only after a segment's first character. */
const BLOB_KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;
const MAX_KEY_LENGTH = 300;
// Below every filesystem's 255-byte name limit, with room for nothing else to be appended.
const MAX_SEGMENT_LENGTH = 200;

/**
 * Refuses a key that could name another place (`..`, a leading `/`, `a//b`) or that a store would
 * spell differently: AppError `blob.invalid_key`. Keys are chosen by the app, never by a client.
 */
export function assertBlobKey(key: string): void {
  const valid =
    key.length <= MAX_KEY_LENGTH &&
    BLOB_KEY.test(key) &&
    key.split('/').every((segment) => segment.length <= MAX_SEGMENT_LENGTH && !segment.includes('..'));
  if (!valid) throw new AppError('blob.invalid_key');
}

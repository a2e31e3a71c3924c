import { randomBytes } from 'node:crypto';

/**
 * A mailbox message id is also its file name (without `.eml`), so it is the one thing standing
 * between a URL parameter and the file system. It is a UTC timestamp to the millisecond, so ids
 * sort by time, plus 64 random bits, so two messages in the same millisecond never collide.
 */
/** Allowed characters only, fixed length: no `/`, `\`, `.` or `%` can reach a path. */
export const MAILBOX_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{16}$/;

export function isMailboxId(value: string): boolean {
  return MAILBOX_ID_PATTERN.test(value);
}

export function newMailboxId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(8).toString('hex')}`;
}

export function mailboxFileName(id: string): string {
  return `${id}.eml`;
}

/** The id of a mailbox file name, or null for anything else in the directory (temp files, strays). */
export function mailboxIdOfFileName(fileName: string): string | null {
  if (!fileName.endsWith('.eml')) return null;
  const id = fileName.slice(0, -'.eml'.length);
  return isMailboxId(id) ? id : null;
}

import { readdir } from 'node:fs/promises';
import { mailboxIdOfFileName } from './mailbox-id.js';
import type { MailboxSummary } from './mailbox.types.js';
import { readMailboxMessage } from './read-mailbox-message.js';

export interface ListMailboxOptions {
  /** Newest messages returned; older ones stay on disk. */
  readonly limit?: number;
}

/**
 * The development mailbox, newest first. Ids begin with their UTC timestamp, so sorting names
 * sorts by time without opening files; only the messages returned are parsed.
 * A directory that does not exist yet is an empty mailbox: nothing has been sent.
 */
export async function listMailbox(directory: string, options: ListMailboxOptions = {}): Promise<MailboxSummary[]> {
  const ids = (await fileNames(directory))
    .map(mailboxIdOfFileName)
    .filter((id): id is string => id !== null)
    .sort()
    .reverse()
    .slice(0, options.limit ?? 100);
  const messages = await Promise.all(ids.map((id) => readMailboxMessage(directory, id)));
  return messages
    .filter((message) => message !== null)
    .map(({ id, subject, to, date }) => ({ id, subject, to, date }));
}

async function fileNames(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

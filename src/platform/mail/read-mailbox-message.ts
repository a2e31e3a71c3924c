import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { isMailboxId, mailboxFileName } from './mailbox-id.js';
import type { MailboxMessage } from './mailbox.types.js';

/**
 * One message of the development mailbox, parsed, or null when there is no such message.
 * The id is checked here as well as at the route: it becomes a file name, so nothing but
 * the id format may reach the path, whoever the caller is.
 */
export async function readMailboxMessage(directory: string, id: string): Promise<MailboxMessage | null> {
  if (!isMailboxId(id)) return null;
  const raw = await readIfPresent(path.join(directory, mailboxFileName(id)));
  if (raw === null) return null;
  const mail = await simpleParser(raw);
  return {
    id,
    subject: mail.subject ?? '',
    from: addressText(mail.from),
    to: addressText(mail.to),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
  };
}

/** O_NOFOLLOW: a symlink planted under a message's name is refused, not followed elsewhere. */
async function readIfPresent(filePath: string): Promise<Buffer | null> {
  try {
    const handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Gone since it was listed, never there, or a symlink (ELOOP under O_NOFOLLOW): no such message.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return null;
    throw error;
  }
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return Array.isArray(address) ? address.map((one) => one.text).join(', ') : address.text;
}

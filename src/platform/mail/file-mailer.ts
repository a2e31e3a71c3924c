import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { MailMessage, Mailer } from './mailer.js';
import { MailDeliveryError } from './mail-delivery-error.js';
import { mailboxFileName, newMailboxId } from './mailbox-id.js';
import { nodemailerMessage } from './nodemailer-message.js';

export interface FileMailerOptions {
  readonly from: string;
  readonly clock: Clock;
}

/**
 * Writes each message as one `.eml` file (RFC 5322, CRLF line ends) named `<id>.eml`, the
 * development mailbox. Messages hold live sign-in tokens, so the directory is 0700 and
 * files are 0600: other local users of the machine cannot read them.
 */
export function createFileMailer(directory: string, options: FileMailerOptions): Mailer {
  // The stream transport runs nodemailer's real MIME composer and hands back the bytes.
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: options.from });

  return {
    async send(message: MailMessage): Promise<void> {
      const info = await composer.sendMail(nodemailerMessage(message));
      const bytes = info.message;
      if (!Buffer.isBuffer(bytes)) throw new Error('nodemailer stream transport returned a stream despite buffer: true');
      try {
        await writeMessageFile(directory, newMailboxId(options.clock.now()), bytes);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MailDeliveryError('write', `Writing a message to the mailbox directory failed: ${reason}`, { cause: error });
      }
    },
    async close(): Promise<void> {
      composer.close();
    },
  };
}

/**
 * Written under a dot-name and renamed into place, so a reader listing the directory never
 * parses half a message. `wx` refuses to follow or replace anything already at the name.
 */
async function writeMessageFile(directory: string, id: string, bytes: Buffer): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const finalPath = path.join(directory, mailboxFileName(id));
  const partialPath = path.join(directory, `.${mailboxFileName(id)}.partial`);
  const handle = await open(partialPath, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.close();
    await rename(partialPath, finalPath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partialPath, { force: true });
    throw error;
  }
}

import { systemClock, type Clock } from '../clock.js';
import { createFileMailer } from './file-mailer.js';
import { parseMailUrl } from './mail-url.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

export interface CreateMailerOptions {
  /** The `From` header and envelope sender of every message (`MAIL_FROM`). */
  readonly from: string;
  /** Names the `.eml` files; injected so tests control their order. */
  readonly clock?: Clock;
  /** SMTP connect, greeting and idle limit; a down server fails a send within this. */
  readonly smtpTimeoutMs?: number;
}

const DEFAULT_SMTP_TIMEOUT_MS = 15_000;

/**
 * The mailer `MAIL_URL` names: `smtp://user:pass@host:port` or `smtps://…` through nodemailer,
 * or `file:///abs/dir` writing `.eml` files. Throws `MailUrlError` at boot for an unusable URL.
 */
export function createMailer(mailUrl: string, options: CreateMailerOptions): Mailer {
  const target = parseMailUrl(mailUrl);
  if (target.kind === 'file') {
    return createFileMailer(target.directory, { from: options.from, clock: options.clock ?? systemClock });
  }
  return createSmtpMailer(target, { from: options.from, timeoutMs: options.smtpTimeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS });
}

import { z } from 'zod';
import { MAILBOX_ID_PATTERN } from './mailbox-id.js';

export const mailboxIdSchema = z.string().regex(MAILBOX_ID_PATTERN, 'must be a mailbox message id');

export const mailboxSummarySchema = z.object({
  id: mailboxIdSchema,
  subject: z.string(),
  to: z.string(),
  /** ISO 8601; null when the message carries no parseable Date header. */
  date: z.iso.datetime().nullable(),
});
export type MailboxSummary = z.infer<typeof mailboxSummarySchema>;

export const mailboxMessageSchema = mailboxSummarySchema.extend({
  from: z.string(),
  text: z.string(),
  /** The sender's HTML as sent. Render it only inside a sandboxed iframe, never inline. */
  html: z.string().nullable(),
});
export type MailboxMessage = z.infer<typeof mailboxMessageSchema>;

export const mailboxListSchema = z.object({ messages: z.array(mailboxSummarySchema).max(100) });
export const mailboxParamsSchema = z.object({ id: mailboxIdSchema }).strict();

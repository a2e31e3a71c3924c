/** One outgoing email. Bodies are built by the sender's templates; the mailer only delivers. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** Delivers mail through the transport `MAIL_URL` names (SMTP, or `.eml` files in a directory). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

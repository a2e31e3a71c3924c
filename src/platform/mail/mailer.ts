/** One outgoing email. Bodies are built by the sender's templates; the mailer only delivers. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Files sent with it (a completed PDF), as bytes. */
  readonly attachments?: ReadonlyArray<{ readonly filename: string; readonly content: Buffer; readonly contentType: string }>;
}

/** Delivers mail through the transport `MAIL_URL` names (SMTP, or `.eml` files in a directory). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

import { createTransport } from 'nodemailer';
import type { MailMessage, Mailer } from './mailer.js';
import { MailDeliveryError, type MailDeliveryFailure } from './mail-delivery-error.js';
import type { MailTransportTarget } from './mail-url.js';
import { nodemailerMessage } from './nodemailer-message.js';

export interface SmtpMailerOptions {
  readonly from: string;
  /**
   * Bound on connecting, on the server's greeting and on any silence mid-conversation.
   * nodemailer's defaults are minutes long; a request waiting on mail would hang that long.
   */
  readonly timeoutMs: number;
}

type SmtpTarget = Extract<MailTransportTarget, { kind: 'smtp' }>;

/** Sends each message through one SMTP server, opening a connection per message. */
export function createSmtpMailer(target: SmtpTarget, options: SmtpMailerOptions): Mailer {
  const transport = createTransport(
    {
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: target.auth ?? undefined,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      dnsTimeout: options.timeoutMs,
      // nodemailer's own logger would print the conversation, and with it the body and its tokens.
      logger: false,
      debug: false,
    },
    { from: options.from },
  );
  const server = `${target.secure ? 'smtps' : 'smtp'}://${target.host}:${target.port}`;

  return {
    async send(message: MailMessage): Promise<void> {
      try {
        await transport.sendMail(nodemailerMessage(message));
      } catch (error) {
        const failure = failureOf(error);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MailDeliveryError(failure, `SMTP delivery through ${server} failed (${failure}): ${reason}`, { cause: error });
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

/** nodemailer tags its errors with a code; see its smtp-connection error list. */
function failureOf(error: unknown): MailDeliveryFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EAUTH' || code === 'ENOAUTH') return 'authentication';
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return 'rejected';
  return 'connection';
}

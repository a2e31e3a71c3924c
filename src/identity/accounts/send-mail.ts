import type { MailMessage } from '../../platform/mail/mailer.js';
import type { IdentityDeps } from '../identity-deps.js';

/**
 * Sends without making the caller wait: whether a message goes out (or how long delivery takes)
 * must not show in the response, or it would reveal which addresses have accounts.
 * Failures are logged without the message body, which holds a token.
 */
export function sendAfterResponse(deps: Pick<IdentityDeps, 'mailer' | 'logger'>, message: MailMessage): void {
  // Deferred to a later turn of the event loop: even composing the message happens after the
  // reply is written, so the response time of a request that mails equals one that does not.
  setImmediate(() => {
    deps.mailer.send(message).catch((error: unknown) => {
      deps.logger.error({ err: error, subject: message.subject }, 'could not send identity email');
    });
  });
}

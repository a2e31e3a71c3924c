/**
 * Why a message was not delivered. A closed set, so a caller can decide (retry on `connection`,
 * alert an operator on `authentication`) without reading messages.
 */
export type MailDeliveryFailure = 'connection' | 'authentication' | 'rejected' | 'write';

/**
 * A failed delivery. The message names the transport and the server's answer, never the
 * recipient or the body: bodies carry reset and verification tokens, and this error gets logged.
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';

  constructor(
    readonly failure: MailDeliveryFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

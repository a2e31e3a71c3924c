import type { SendMailOptions } from 'nodemailer';
import type { MailMessage } from './mailer.js';

/**
 * The nodemailer form of a message, shared by both transports so a `.eml` in development is
 * byte-for-byte the MIME structure SMTP would carry. Bodies are plain strings: file and URL
 * access stay off so no content can ever make nodemailer read a path or fetch a URL.
 */
export function nodemailerMessage(message: MailMessage): SendMailOptions {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

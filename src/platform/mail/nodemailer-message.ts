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
    // Attachments are bytes in memory, never a path or URL nodemailer would open.
    ...(message.attachments === undefined ? {} : { attachments: message.attachments.map((item) => ({ filename: item.filename, content: item.content, contentType: item.contentType })) }),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

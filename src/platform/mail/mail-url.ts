import { fileURLToPath } from 'node:url';

/** Where `MAIL_URL` sends mail: an SMTP server, or a directory of `.eml` files. */
export type MailTransportTarget =
  | {
      readonly kind: 'smtp';
      readonly host: string;
      readonly port: number;
      /** Implicit TLS from the first byte (`smtps://`); `smtp://` upgrades with STARTTLS when offered. */
      readonly secure: boolean;
      readonly auth: { readonly user: string; readonly pass: string } | null;
    }
  | { readonly kind: 'file'; readonly directory: string };

/** Thrown at boot when `MAIL_URL` cannot be used; the message never repeats the password. */
export class MailUrlError extends Error {
  override readonly name = 'MailUrlError';
}

/**
 * Reads `MAIL_URL`. Query options are refused rather than ignored: nodemailer accepts some
 * (`?tls.rejectUnauthorized=false`), and silently dropping a setting the operator relies on is worse.
 */
export function parseMailUrl(mailUrl: string): MailTransportTarget {
  if (!URL.canParse(mailUrl)) throw new MailUrlError('MAIL_URL is not a valid URL');
  const url = new URL(mailUrl);
  if (url.search || url.hash) throw new MailUrlError('MAIL_URL takes no query string or fragment');

  if (url.protocol === 'file:') return { kind: 'file', directory: fileDirectory(url) };
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new MailUrlError(`MAIL_URL scheme ${url.protocol} is not supported: use smtp://, smtps:// or file:///absolute/dir`);
  }
  if (!url.hostname) throw new MailUrlError('MAIL_URL names no SMTP host');
  const secure = url.protocol === 'smtps:';
  // Userinfo is percent-encoded in a URL, so a password holding `@` or `:` is written as %40 / %3A.
  const user = decodeURIComponent(url.username);
  const auth = user ? { user, pass: decodeURIComponent(url.password) } : null;
  return {
    kind: 'smtp',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth,
  };
}

function fileDirectory(url: URL): string {
  try {
    return fileURLToPath(url);
  } catch {
    // `file://relative/dir` parses "relative" as a host; only absolute paths are meant.
    throw new MailUrlError('MAIL_URL file:// must name an absolute directory, e.g. file:///var/lib/bsns/mail');
  }
}

import type { SecurityTxtConfig } from '../../config/index.js';

/** How far ahead Expires points. RFC 9116 §2.5.5 recommends less than a year; renewed on every request. */
export const SECURITY_TXT_LIFETIME_DAYS = 180;
const DAY_MS = 86_400_000;

export interface SecurityTxtInput {
  readonly config: SecurityTxtConfig;
  /** `mailto:` or `https:` URIs, most preferred first (`securityContacts`). */
  readonly contacts: readonly string[];
  /** The trust part's origin, e.g. `https://example.com`. */
  readonly origin: string;
  readonly now: Date;
}

/**
 * The body of `/.well-known/security.txt` (RFC 9116). Expires is computed from the clock, rounded
 * down to the start of its UTC day so every process (and every request of a day) answers the same
 * bytes, and is always SECURITY_TXT_LIFETIME_DAYS − 1 to SECURITY_TXT_LIFETIME_DAYS days ahead.
 */
export function buildSecurityTxt({ config, contacts, origin, now }: SecurityTxtInput): string {
  const expires = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + SECURITY_TXT_LIFETIME_DAYS * DAY_MS);
  const lines = [
    '# Security contact of this bsns deployment (RFC 9116).',
    ...contacts.map((contact) => `Contact: ${contact}`),
    `Expires: ${expires.toISOString()}`,
    ...(config.encryption ? [`Encryption: ${config.encryption}`] : []),
    ...(config.policy ? [`Policy: ${config.policy}`] : []),
    `Preferred-Languages: ${config.languages.join(', ')}`,
    // RFC 9116 §3: the file's URIs must be https; a development origin (http://localhost) has none.
    ...(origin.startsWith('https://') ? [`Canonical: ${origin}/.well-known/security.txt`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

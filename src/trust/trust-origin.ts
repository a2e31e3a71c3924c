import type { Config } from '../config/index.js';

/**
 * Where the trust part is served: the apex `https://<domain>` in host mode (spec: trust lives on
 * `<domain>`), else the suite's one public origin. Never taken from the Host header.
 */
export function trustOrigin(config: Pick<Config, 'domain' | 'publicUrl'>): string {
  return config.domain ? `https://${config.domain}` : new URL(config.publicUrl).origin;
}

/**
 * The security contacts: `BSNS_SECURITY_CONTACT`, or the conventional `security@` address of the
 * deployment's domain (or its public host) when the operator named none.
 */
export function securityContacts(config: Pick<Config, 'domain' | 'publicUrl' | 'securityTxt'>): readonly string[] {
  if (config.securityTxt.contacts.length > 0) return config.securityTxt.contacts;
  return [`mailto:security@${config.domain ?? new URL(config.publicUrl).hostname}`];
}

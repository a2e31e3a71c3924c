import type { Config } from '../../config/index.js';

/** Where pact lives for links in emails: `pact.<domain>` in host mode, else `/pact` on the public URL. */
export function pactUrlOf(config: Pick<Config, 'domain' | 'publicUrl'>): string {
  return config.domain ? `https://pact.${config.domain}` : `${config.publicUrl}/pact`;
}

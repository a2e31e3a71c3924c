import { isIP } from 'node:net';
import { systemLookup, type HostLookup } from '../../src/platform/webhooks/index.js';

/**
 * Host names a test controls, answered the way the system resolver answers (`{ address, family }`
 * for every address), for the webhook guard's `lookup`. An attacker owns the DNS of their domain
 * and can point it anywhere, and change it between our save and our send (rebinding): `set` does
 * both. Names outside the zone go to the system resolver. No outside network, no /etc/hosts.
 */
export class TestDnsZone {
  readonly #names = new Map<string, readonly string[]>();

  /** Points `name` at `addresses` (IPv4 or IPv6 literals), replacing what it answered before. */
  set(name: string, addresses: readonly string[]): void {
    for (const address of addresses) if (isIP(address) === 0) throw new Error(`${address} is not an IP address`);
    this.#names.set(name.toLowerCase(), addresses);
  }

  readonly lookup: HostLookup = async (hostname) => {
    const addresses = this.#names.get(hostname.toLowerCase().replace(/\.$/, ''));
    if (!addresses) return systemLookup(hostname);
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };
}

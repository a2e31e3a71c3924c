import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

export interface ClientAddressOptions {
  /** `TRUST_PROXY`: believe the proxy's `X-Forwarded-For` (via Fastify's `request.ip`). */
  readonly trustProxy: boolean;
}

/** The one key every unparseable address shares, so garbage cannot mint fresh buckets. */
export const INVALID_ADDRESS_KEY = 'invalid-address';

/**
 * The rate-limit key for the caller's network address. Without `trustProxy` this is the TCP
 * peer, whatever headers say, even if the server itself was built trusting a proxy.
 * With it, `request.ip`: what the server (built with `trustProxy`) takes from the proxy's header.
 */
export function clientAddress(request: FastifyRequest, options: ClientAddressOptions): string {
  const raw = options.trustProxy ? request.ip : request.socket.remoteAddress;
  return normaliseAddress(raw ?? '');
}

/**
 * One key per client network: IPv4 as is (IPv4-mapped IPv6 becomes the IPv4 address), IPv6 cut
 * to its /64, fully expanded and lower-cased. A single host usually holds a whole /64, so
 * counting per IPv6 address would hand an attacker 2^64 fresh budgets; and one /64 has many
 * spellings (`2001:db8::1`, `2001:DB8:0:0::2`), which must not be separate keys either.
 */
export function normaliseAddress(ip: string): string {
  const address = ip.trim();
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return INVALID_ADDRESS_KEY;
  const groups = expandIpv6(address);
  const isMappedIpv4 = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (isMappedIpv4) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16).padStart(4, '0')).join(':')}::/64`;
}

/** Eight 16-bit groups of an address that `isIP` already accepted as IPv6. */
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  if (rest === undefined) return headGroups.map((group) => parseInt(group, 16));
  const restGroups = rest ? rest.split(':') : [];
  const zeros = new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((group) => parseInt(group, 16));
}

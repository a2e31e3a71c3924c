import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * SSRF guard for webhook URLs (checked at save and again at send, on the address actually
 * connected to, so a DNS answer that changes after the save cannot reach inside). Only http(s)
 * to public addresses; loopback, private, link-local, unique-local, CGNAT, multicast and the
 * cloud metadata address are refused. `allowlist` (BSNS_WEBHOOK_PRIVATE_ALLOWLIST) lets an
 * operator name exact private addresses on purpose; the metadata addresses stay refused.
 */
export interface WebhookAddressPolicy {
  readonly allowlist: ReadonlySet<string>;
  /**
   * How host names are resolved, at save and at send alike: the system resolver unless given
   * one, the way node's http `lookup` option is (tests serve names from a zone of their own).
   */
  readonly lookup?: HostLookup;
}

/** Every address a host name has, as `dns.lookup(host, { all: true, verbatim: true })` answers. */
export type HostLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), which production uses. */
export const systemLookup: HostLookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
// IPv6 forms that carry an IPv4 address to a translator or tunnel are refused whole, since
// whatever IPv4 they embed is reached by a host we do not control: IPv4-compatible (::/96, which
// also holds :: and ::1), SIIT-translated (::ffff:0:0:0/96), 6to4 (2002::/16) and Teredo
// (2001::/32). IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) are judged by their IPv4.
for (const [network, prefix] of [
  ['::', 96], ['::ffff:0:0:0', 96], ['2002::', 16], ['2001::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b:1::', 48], ['100::', 64],
] as const) NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

export class WebhookAddressRefused extends Error {
  override readonly name = 'WebhookAddressRefused';
}

/** Whether one resolved address may be connected to. IPv4-mapped IPv6 is judged as its IPv4. */
export function isAllowedAddress(address: string, policy: WebhookAddressPolicy): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address.toLowerCase();
  const family = isIP(ip);
  if (family === 0 || METADATA.has(ip)) return false;
  if (policy.allowlist.has(ip)) return true;
  // NAT64 (64:ff9b::/96) embeds an IPv4 address: judge that one.
  const nat64 = family === 6 && /^64:ff9b::/.test(ip) ? ip.slice('64:ff9b::'.length) : null;
  if (nat64 !== null) return isIP(nat64) === 4 ? isAllowedAddress(nat64, policy) : false;
  return !NON_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parses and vets a URL's form (scheme, credentials, port): no network access. */
export function parseWebhookUrl(raw: string): URL {
  if (!URL.canParse(raw)) throw new WebhookAddressRefused('not a URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookAddressRefused('only http and https URLs');
  if (url.username || url.password) throw new WebhookAddressRefused('no credentials in the URL');
  return url;
}

/** Resolves the host and returns its addresses if every one is allowed; refuses otherwise. */
export async function resolveWebhookHost(hostname: string, policy: WebhookAddressPolicy): Promise<Array<{ address: string; family: number }>> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const resolve = policy.lookup ?? systemLookup;
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : [...(await resolve(host).catch(() => []))];
  if (addresses.length === 0) throw new WebhookAddressRefused(`${host} does not resolve`);
  const refused = addresses.find((entry) => !isAllowedAddress(entry.address, policy));
  if (refused) throw new WebhookAddressRefused(`${host} resolves to a non-public address`);
  return addresses;
}

/** The save-time check: the URL's form and its current DNS answer. */
export async function checkWebhookUrl(raw: string, policy: WebhookAddressPolicy): Promise<URL> {
  const url = parseWebhookUrl(raw);
  await resolveWebhookHost(url.hostname, policy);
  return url;
}

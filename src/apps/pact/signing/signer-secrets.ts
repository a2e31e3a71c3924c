import { createHash, randomBytes } from 'node:crypto';

/**
 * A signer's link token (`psl_`) or signing-session cookie (`pss_`): the tenant's id and 32
 * random bytes, base64url. The tenant in it only says where to look: the hash must then be
 * found in that tenant's rows, so a forged tenant finds nothing. Only SHA-256 is stored.
 */
const PREFIX = { link: 'psl_', session: 'pss_' } as const;
export type SecretKind = keyof typeof PREFIX;

export function newSignerSecret(kind: SecretKind, tenantId: string): string {
  const tenant = Buffer.from(tenantId.replace(/-/g, ''), 'hex');
  return `${PREFIX[kind]}${Buffer.concat([tenant, randomBytes(32)]).toString('base64url')}`;
}

/** The tenant a well-formed secret names, or null for anything else. */
export function tenantOfSecret(kind: SecretKind, secret: string | undefined): string | null {
  if (!secret?.startsWith(PREFIX[kind]) || secret.length !== PREFIX[kind].length + 64) return null;
  const body = secret.slice(PREFIX[kind].length);
  if (!/^[A-Za-z0-9_-]{64}$/.test(body)) return null;
  const hex = Buffer.from(body, 'base64url').subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

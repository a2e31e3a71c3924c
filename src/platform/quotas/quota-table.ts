/**
 * Every quota of the suite, declared once. A quota bounds what one user, one tenant or one
 * request may make, so no account can fill a shared installation. Operators override the
 * defaults with `BSNS_QUOTAS` (`key=value,…`), and one tenant's (or user's) limits with
 * `npx bsns quotas set`; apps enforce a quota with one call to `QuotaGuard.enforce`.
 */
export const QUOTA_TABLE = {
  'user.tenants_owned': { scope: 'user', default: 10, unit: 'tenants', description: 'Tenants one user may own.' },
  'tenant.members': { scope: 'tenant', default: 50, unit: 'members and pending invitations', description: 'Members of one tenant, counting pending invitations (each may become a member).' },
  'tenant.pending_invitations': { scope: 'tenant', default: 20, unit: 'pending invitations', description: 'Invitations of one tenant not yet accepted, revoked or expired.' },
  'tenant.records': { scope: 'tenant', default: 100_000, unit: 'records', description: 'People and companies in one tenant.' },
  'tenant.labels': { scope: 'tenant', default: 1_000, unit: 'labels', description: 'Labels in one tenant.' },
  'tenant.tasks': { scope: 'tenant', default: 100_000, unit: 'tasks', description: 'Tasks in one tenant.' },
  'tenant.notes': { scope: 'tenant', default: 100_000, unit: 'notes', description: 'Notes in one tenant.' },
  'tenant.envelopes': { scope: 'tenant', default: 10_000, unit: 'envelopes', description: 'Signature envelopes in one tenant.' },
  'tenant.blob_bytes': { scope: 'tenant', default: 5 * 1024 ** 3, unit: 'bytes', description: 'Bytes of stored files (blobs) in one tenant.' },
  'tenant.webhooks': { scope: 'tenant', default: 20, unit: 'webhooks', description: 'Webhook endpoints of one tenant.' },
  'tenant.api_tokens': { scope: 'tenant', default: 50, unit: 'tokens', description: 'API tokens of one tenant.' },
  'tenant.sso_connections': { scope: 'tenant', default: 5, unit: 'SSO connections', description: 'SSO connections of one tenant.' },
  'tenant.emails_per_hour': { scope: 'tenant', default: 100, unit: 'emails in the last hour', description: 'Emails one tenant causes per hour (invitations today).' },
  'installation.import_rows': { scope: 'installation', default: 10_000, unit: 'rows', description: 'Rows in one import (CSV and the like).' },
} as const satisfies Record<string, QuotaDefinition>;

export interface QuotaDefinition {
  /** Whose usage is counted: one user's, one tenant's, or one request's (the installation sets it). */
  readonly scope: 'user' | 'tenant' | 'installation';
  readonly default: number;
  /** What is counted, as a message names it ("12 of 10 labels"). */
  readonly unit: string;
  readonly description: string;
}

export type QuotaKey = keyof typeof QUOTA_TABLE;
export type QuotaLimits = Readonly<Record<QuotaKey, number>>;

export const QUOTA_KEYS = Object.keys(QUOTA_TABLE) as QuotaKey[];

export function isQuotaKey(value: string): value is QuotaKey {
  return Object.hasOwn(QUOTA_TABLE, value);
}

/** The defaults of the table, with an operator's overrides on top. */
export function quotaLimits(overrides: Partial<Record<QuotaKey, number>> = {}): QuotaLimits {
  return Object.freeze(Object.fromEntries(QUOTA_KEYS.map((key) => [key, overrides[key] ?? QUOTA_TABLE[key].default])) as Record<QuotaKey, number>);
}

/**
 * Parses `key=value` pairs separated by commas (`BSNS_QUOTAS`, the CLI). Throws with a message
 * naming the bad pair: an unknown key is an operator's typo, never silently ignored.
 */
export function parseQuotaAssignments(text: string): Partial<Record<QuotaKey, number>> {
  const parsed: Partial<Record<QuotaKey, number>> = {};
  for (const pair of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z_.]+)=(\d{1,15})$/.exec(pair);
    if (!match) throw new Error(`"${pair}" is not key=non-negative integer`);
    const [, key, value] = match as unknown as [string, string, string];
    if (!isQuotaKey(key)) throw new Error(`"${key}" is not a quota (known: ${QUOTA_KEYS.join(', ')})`);
    parsed[key] = Number(value);
  }
  return parsed;
}

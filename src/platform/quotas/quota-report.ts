import type { QuotaOverrides } from './quota-overrides.js';
import { parseQuotaAssignments, QUOTA_KEYS, QUOTA_TABLE, type QuotaKey, type QuotaLimits } from './quota-table.js';

export type QuotaSubject = { readonly kind: 'tenant' | 'user'; readonly id: string };

/** One line of `bsns quotas show`: the limit in force and where it comes from. */
export interface QuotaLine {
  readonly key: QuotaKey;
  readonly limit: number;
  readonly source: 'default' | 'BSNS_QUOTAS' | 'override';
}

/** The limits in force for a subject (or for the installation when none is given). */
export async function effectiveQuotas(limits: QuotaLimits, overrides: QuotaOverrides, subject?: QuotaSubject): Promise<QuotaLine[]> {
  const stored = subject ? await overrides.list(subject.id) : {};
  return QUOTA_KEYS.filter((key) => !subject || QUOTA_TABLE[key].scope === subject.kind).map((key) => {
    const override = stored[key];
    if (override !== undefined) return { key, limit: override, source: 'override' };
    return { key, limit: limits[key], source: limits[key] === QUOTA_TABLE[key].default ? 'default' : 'BSNS_QUOTAS' };
  });
}

/**
 * Parses `key=value` assignments for one subject and refuses a key of another scope (a tenant
 * quota set on a user would never be read), then stores them.
 */
export async function setSubjectQuotas(overrides: QuotaOverrides, subject: QuotaSubject, assignments: readonly string[]): Promise<Partial<Record<QuotaKey, number>>> {
  const values = parseQuotaAssignments(assignments.join(','));
  const misplaced = Object.keys(values).filter((key) => QUOTA_TABLE[key as QuotaKey].scope !== subject.kind);
  if (misplaced.length > 0) throw new Error(`${misplaced.join(', ')} ${misplaced.length === 1 ? 'is not a' : 'are not'} ${subject.kind} quota${misplaced.length === 1 ? '' : 's'}`);
  if (Object.keys(values).length === 0) throw new Error('give at least one key=value');
  await overrides.set(subject.id, values);
  return values;
}

export { createQuotaGuard, quotaExceeded } from './quota-guard.js';
export type { EnforceOptions, QuotaGuard, QuotaUsage } from './quota-guard.js';
export { createQuotaOverrides } from './quota-overrides.js';
export type { QuotaOverrides } from './quota-overrides.js';
export { isQuotaKey, parseQuotaAssignments, QUOTA_KEYS, QUOTA_TABLE, quotaLimits } from './quota-table.js';
export type { QuotaDefinition, QuotaKey, QuotaLimits } from './quota-table.js';
export { effectiveQuotas, setSubjectQuotas } from './quota-report.js';
export type { QuotaLine, QuotaSubject } from './quota-report.js';

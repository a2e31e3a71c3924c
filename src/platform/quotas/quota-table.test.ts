import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createQuotaGuard } from './quota-guard.js';
import type { QuotaOverrides } from './quota-overrides.js';
import { parseQuotaAssignments, QUOTA_KEYS, QUOTA_TABLE, quotaLimits } from './quota-table.js';

const noOverrides: QuotaOverrides = { read: async () => null, list: async () => ({}), set: async () => undefined, clear: async () => undefined };

describe('the quota table', () => {
  it('declares every quota the installation bounds, each with a scope and a positive default', () => {
    expect(QUOTA_KEYS).toEqual(
      expect.arrayContaining([
        'user.tenants_owned',
        'tenant.members',
        'tenant.pending_invitations',
        'tenant.records',
        'tenant.labels',
        'tenant.tasks',
        'tenant.notes',
        'tenant.envelopes',
        'tenant.blob_bytes',
        'tenant.webhooks',
        'tenant.api_tokens',
        'tenant.sso_connections',
        'tenant.emails_per_hour',
        'installation.import_rows',
      ]),
    );
    for (const key of QUOTA_KEYS) {
      expect(key.startsWith(`${QUOTA_TABLE[key].scope}.`), key).toBe(true);
      expect(QUOTA_TABLE[key].default).toBeGreaterThan(0);
    }
  });

  it('parses key=value lists and refuses what is not one', () => {
    expect(parseQuotaAssignments(' tenant.labels=5 ,user.tenants_owned=0,')).toEqual({ 'tenant.labels': 5, 'user.tenants_owned': 0 });
    expect(() => parseQuotaAssignments('tenant.labels=5.5')).toThrow('is not key=non-negative integer');
    expect(() => parseQuotaAssignments('tenant.label=5')).toThrow('"tenant.label" is not a quota');
  });
});

describe('QuotaGuard.assertWithin (per-request quotas such as the rows of one import)', () => {
  it('accepts the limit and refuses one more with quota.exceeded naming both', () => {
    const guard = createQuotaGuard(quotaLimits({ 'installation.import_rows': 100 }), noOverrides);
    expect(() => guard.assertWithin('installation.import_rows', 100)).not.toThrow();
    const refusal = (() => {
      try {
        guard.assertWithin('installation.import_rows', 101);
      } catch (error) {
        return error;
      }
    })() as AppError;
    expect(refusal).toBeInstanceOf(AppError);
    expect([refusal.code, refusal.status, refusal.message]).toEqual(['quota.exceeded', 409, expect.stringContaining('101 of 100 rows')]);
  });
});

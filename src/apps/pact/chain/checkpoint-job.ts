import type { CrossTenantGate } from '../../../platform/access/cross-tenant-gate.js';
import type { Clock } from '../../../platform/clock.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import type { ScheduledJob } from '../../../platform/scheduled-jobs/index.js';
import type { BusinessDb } from '../../../platform/tenancy/index.js';
import { makePactCheckpoint } from './checkpoints.js';

/** The system actor the job lists tenants as (the listing is recorded by the cross-tenant gate). */
const CHECKPOINT_ACTOR = { actorId: 'system:pact.checkpoint', permissions: new Set(['tenants:read'] as const) };

/**
 * Every hour, a signed checkpoint of each tenant whose chain moved since its last one: printed
 * on the next completion certificates, and what a saved copy is later checked against.
 */
export function pactCheckpointJob(deps: { readonly businessDb: BusinessDb; readonly runAcrossTenants: CrossTenantGate; readonly tenantVault: TenantVault; readonly clock: Clock }): ScheduledJob {
  return {
    name: 'pact.checkpoint',
    intervalMs: 60 * 60_000,
    graceMs: 30 * 60_000,
    run: async () => {
      const tenants = await deps.runAcrossTenants(CHECKPOINT_ACTOR, 'tenants:read', 'pact checkpoints: tenants whose chain moved', async (db) =>
        (
          await db.query<{ tenant_id: string }>(
            `SELECT e.tenant_id FROM (SELECT tenant_id, max(seq) AS seq FROM pact_chain_entries GROUP BY tenant_id) e
             LEFT JOIN (SELECT tenant_id, max(seq) AS seq FROM pact_chain_checkpoints GROUP BY tenant_id) c USING (tenant_id)
             WHERE c.seq IS NULL OR c.seq < e.seq ORDER BY e.tenant_id`,
          )
        ).rows.map((row) => row.tenant_id),
      );
      // One tenant's failure must not stop the others' checkpoints; a tenant whose data key was
      // destroyed (its checkpoint key sealed under it) can sign no more and is passed over.
      const failed: string[] = [];
      for (const tenantId of tenants) {
        try {
          await deps.businessDb.withTenant(tenantId, () => makePactCheckpoint(deps.tenantVault, deps.clock.now()));
        } catch (error) {
          if (!(error instanceof Error && error.message.startsWith('The pact checkpoint key cannot be opened'))) failed.push(`${tenantId}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failed.length > 0) throw new Error(`pact checkpoints failed for ${failed.length} tenant(s): ${failed.slice(0, 5).join('; ')}`);
    },
  };
}

import type { CrossTenantGate } from '../../../platform/access/cross-tenant-gate.js';
import type { Clock } from '../../../platform/clock.js';
import type { Mailer } from '../../../platform/mail/index.js';
import type { ScheduledJob } from '../../../platform/scheduled-jobs/index.js';
import { currentTenantTransaction, type BusinessDb } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry } from '../chain/index.js';
import { inviteSigner } from '../signing/invite-signers.js';
import { signerRows, type EnvelopeRow } from './envelope-rows.js';

const LIFECYCLE_ACTOR = { actorId: 'system:pact.lifecycle', permissions: new Set(['tenants:read'] as const) };

export interface LifecycleDeps {
  readonly businessDb: BusinessDb;
  readonly runAcrossTenants: CrossTenantGate;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly pactUrl: string;
}

/**
 * Every 15 minutes: envelopes past their expiry stop (their links die, the chain records it as
 * voided for expiry), and signers whose turn it is get a reminder with a fresh link when the
 * envelope asks for reminders and the last one (or the sending) is that many days old.
 */
export function pactLifecycleJob(deps: LifecycleDeps): ScheduledJob {
  return {
    name: 'pact.lifecycle',
    intervalMs: 15 * 60_000,
    graceMs: 30 * 60_000,
    run: async () => {
      const now = deps.clock.now();
      const due = await deps.runAcrossTenants(LIFECYCLE_ACTOR, 'tenants:read', 'pact: envelopes to expire or remind', async (db) =>
        (
          await db.query<{ tenant_id: string; id: string }>(
            `SELECT tenant_id, id FROM pact_envelopes WHERE status = 'sent' AND kind = 'envelope'
               AND (expires_at <= $1 OR (remind_every_days IS NOT NULL AND coalesce(last_reminded_at, sent_at) + make_interval(days => remind_every_days) <= $1))
             ORDER BY tenant_id, id LIMIT 1000`,
            [now],
          )
        ).rows,
      );
      for (const { tenant_id: tenantId, id } of due) await deps.businessDb.withTenant(tenantId, () => expireOrRemind(deps, id, now));
    },
  };
}

/** One envelope, under its row lock (a signature arriving meanwhile waits, then finds it closed, or the other way round). */
export async function expireOrRemind(deps: Pick<LifecycleDeps, 'mailer' | 'pactUrl'>, id: string, now: Date): Promise<'expired' | 'reminded' | 'nothing'> {
  const tx = currentTenantTransaction();
  const envelope = (await tx.query<EnvelopeRow>("SELECT * FROM pact_envelopes WHERE id = $1 AND status = 'sent' FOR UPDATE", [id])).rows[0];
  if (!envelope) return 'nothing';
  if (envelope.expires_at && envelope.expires_at <= now) {
    await tx.query("UPDATE pact_envelopes SET status = 'expired' WHERE id = $1", [id]);
    await tx.query('UPDATE pact_signer_links SET expires_at = least(expires_at, now()), session_expires_at = least(session_expires_at, now()) WHERE envelope_id = $1', [id]);
    await appendPactChainEntry({ type: 'voided', envelopeId: id, payload: { envelopeId: id, expired: true } });
    return 'expired';
  }
  const waiting = (await signerRows(id)).filter((signer) => signer.status === 'sent' || signer.status === 'viewed');
  for (const signer of waiting) await inviteSigner(deps, envelope, signer, true);
  await tx.query('UPDATE pact_envelopes SET last_reminded_at = $2 WHERE id = $1', [id, now]);
  return 'reminded';
}

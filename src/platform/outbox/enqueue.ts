import type { Queryable } from '../db/queryable.js';
import type { TenantTransaction } from '../tenancy/index.js';
import { EMAIL_MAX_ATTEMPTS, type JobNames } from './job-names.js';
import type { OutgoingEmail } from './outbox-topics.js';

export interface OutboxMessage {
  readonly topic: string;
  /** Unique per tenant and topic: a second enqueue with the same key is a no-op (control 22). */
  readonly idempotencyKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface EnqueueResult {
  readonly eventId: string;
  /** True when the key was already used: nothing new will fire. */
  readonly duplicate: boolean;
}

/** Adds a job in the caller's transaction, so it exists exactly when the transaction commits. */
export async function addJob(tx: Queryable, name: string, payload: Record<string, string>, options: { jobKey: string; maxAttempts: number; replace?: boolean }) {
  await tx.query(`SELECT graphile_worker.add_job($1, $2::json, job_key => $3, max_attempts => $4, job_key_mode => $5)`, [
    name,
    JSON.stringify(payload),
    options.jobKey,
    options.maxAttempts,
    options.replace ? 'replace' : 'preserve_run_at',
  ]);
}

/**
 * Records an event in the tenant's outbox, in the caller's transaction, and adds the job that
 * dispatches it. A rollback drops both; a duplicate idempotency key hits the unique constraint
 * and adds nothing. The job carries only ids: the payload stays under RLS.
 */
export async function enqueueEvent(names: JobNames, tx: TenantTransaction, message: OutboxMessage): Promise<EnqueueResult> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO outbox_events (tenant_id, topic, idempotency_key, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, topic, idempotency_key) DO NOTHING RETURNING id`,
    [tx.tenantId, message.topic, message.idempotencyKey, JSON.stringify(message.payload)],
  );
  const eventId = inserted.rows[0]?.id;
  if (eventId) {
    await addJob(tx, names.dispatch, { tenantId: tx.tenantId, eventId }, { jobKey: `event:${eventId}`, maxAttempts: 25 });
    return { eventId, duplicate: false };
  }
  const existing = await tx.query<{ id: string }>('SELECT id FROM outbox_events WHERE topic = $1 AND idempotency_key = $2', [message.topic, message.idempotencyKey]);
  return { eventId: existing.rows[0]!.id, duplicate: true };
}

/** Queues one email of an event; one per event and address, whatever retries happen. */
export async function queueEmail(names: JobNames, tx: TenantTransaction, eventId: string, email: OutgoingEmail): Promise<void> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO outbox_emails (tenant_id, event_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, event_id, to_address) DO NOTHING RETURNING id`,
    [tx.tenantId, eventId, email.to, email.subject, email.text],
  );
  const emailId = inserted.rows[0]?.id;
  if (emailId) await addJob(tx, names.email, { tenantId: tx.tenantId, emailId }, { jobKey: `email:${emailId}`, maxAttempts: EMAIL_MAX_ATTEMPTS });
}

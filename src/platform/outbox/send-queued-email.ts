import type { Mailer } from '../mail/index.js';
import type { BusinessDb } from '../tenancy/index.js';

/**
 * Sends one queued email and marks it sent in the same transaction, with the row locked so two
 * workers never send it at once. SMTP has no transaction: a crash between the send and the
 * commit sends it once more (at-least-once at that one boundary, documented in the runbook).
 */
export async function sendQueuedEmail(deps: { businessDb: BusinessDb; mailer: Mailer }, tenantId: string, emailId: string): Promise<'sent' | 'skipped'> {
  return deps.businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<{ to_address: string; subject: string; body_text: string; sent_at: Date | null }>(
      'SELECT to_address, subject, body_text, sent_at FROM outbox_emails WHERE id = $1 FOR UPDATE',
      [emailId],
    );
    const row = rows[0];
    if (!row || row.sent_at) return 'skipped';
    await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.body_text });
    await tx.query('UPDATE outbox_emails SET sent_at = now(), attempts = attempts + 1 WHERE id = $1', [emailId]);
    return 'sent';
  });
}

import { sendAfterResponse } from '../accounts/send-mail.js';
import type { IdentityDeps } from '../identity-deps.js';

/**
 * Tells a tenant's owners and admins that support asks to come in: who, why, for how long, and
 * where to answer. Sent after the request has committed; the request shows in tenant settings
 * whether or not the mail arrives.
 */
export async function mailSupportAccessRequest(deps: Pick<IdentityDeps, 'db' | 'config' | 'mailer' | 'logger'>, eventId: string): Promise<void> {
  const { rows } = await deps.db.query<{ email: string; tenant_name: string; actor_email: string; reason: string; minutes: number }>(
    `SELECT u.email, t.name AS tenant_name, a.email AS actor_email, e.reason, e.minutes
     FROM impersonation_events e
     JOIN tenants t ON t.id = e.tenant_id
     JOIN users a ON a.id = e.actor_id
     JOIN memberships m ON m.tenant_id = e.tenant_id AND m.role IN ('owner', 'admin')
     JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
     WHERE e.id = $1`,
    [eventId],
  );
  const link = `${deps.config.publicUrl}/tenant/support-access`;
  for (const row of rows) {
    sendAfterResponse(deps, {
      to: row.email,
      subject: `Support asks for access to ${row.tenant_name} on bsns`,
      text:
        `${row.actor_email} of bsns support asks to access ${row.tenant_name} for ${row.minutes} minutes.\n\n` +
        `Reason given: ${row.reason}\n\nApprove or deny it in your tenant settings within 24 hours:\n\n${link}\n\n` +
        `Nothing happens unless an owner or admin approves.\n`,
    });
  }
}

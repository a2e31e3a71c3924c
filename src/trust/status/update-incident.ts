import { IncidentNotFoundError, type StatusDeps } from './status-deps.js';
import { addIncidentUpdate } from './add-incident-update.js';
import type { IncidentState } from './status-model.js';

/** Posts an update to an open incident, moving it to `state` (resolving it when `resolved`). */
export async function updateIncident(deps: StatusDeps, id: string, state: IncidentState, message: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const result = await tx.query(
      `UPDATE status_incidents
          SET state = $2, updated_at = $3, resolved_at = CASE WHEN $2 = 'resolved' THEN $3::timestamptz END
        WHERE id = $1 AND state <> 'resolved'`,
      [id, state, now],
    );
    if (result.rowCount !== 1) throw new IncidentNotFoundError(`No open incident ${id}: list them with \`bsns status incident list\`.`);
    await addIncidentUpdate(tx, id, state, message, now);
  });
}

/** Resolves an open incident with a closing update. */
export function resolveIncident(deps: StatusDeps, id: string, message: string): Promise<void> {
  return updateIncident(deps, id, 'resolved', message);
}

import type { Clock } from '../../platform/clock.js';
import type { IdentityDb, Queryable } from '../../platform/db/index.js';
import type { IncidentImpact, IncidentState } from './status-model.js';

export interface StatusDeps {
  readonly db: IdentityDb;
  readonly clock: Clock;
}

/** An incident the operator named does not exist (or is already resolved, for an update). */
export class IncidentNotFoundError extends Error {
  override readonly name = 'IncidentNotFoundError';
}

export interface OpenIncidentInput {
  readonly title: string;
  readonly impact: IncidentImpact;
  readonly message: string;
  readonly componentIds?: readonly string[];
  readonly state?: Exclude<IncidentState, 'resolved'>;
}

/** Opens an incident with its first update, in one transaction. Returns its id. */
export async function openIncident(deps: StatusDeps, input: OpenIncidentInput): Promise<string> {
  const now = deps.clock.now();
  const state = input.state ?? 'investigating';
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO status_incidents (title, impact, state, component_ids, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [input.title, input.impact, state, input.componentIds ?? [], now],
    );
    const id = rows[0]!.id;
    await addUpdate(tx, id, state, input.message, now);
    return id;
  });
}

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
    await addUpdate(tx, id, state, message, now);
  });
}

export function resolveIncident(deps: StatusDeps, id: string, message: string): Promise<void> {
  return updateIncident(deps, id, 'resolved', message);
}

async function addUpdate(tx: Queryable, incidentId: string, state: IncidentState, message: string, at: Date): Promise<void> {
  await tx.query('INSERT INTO status_incident_updates (incident_id, state, message, created_at) VALUES ($1, $2, $3, $4)', [incidentId, state, message, at]);
}

import type { Queryable } from '../../platform/db/index.js';
import type { IncidentState } from './status-model.js';

/** One timestamped update of an incident, inside the transaction that changes its state. */
export async function addIncidentUpdate(tx: Queryable, incidentId: string, state: IncidentState, message: string, at: Date): Promise<void> {
  await tx.query('INSERT INTO status_incident_updates (incident_id, state, message, created_at) VALUES ($1, $2, $3, $4)', [incidentId, state, message, at]);
}

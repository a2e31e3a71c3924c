import type { StatusDeps } from './status-deps.js';
import { addIncidentUpdate } from './add-incident-update.js';
import type { IncidentImpact, IncidentState } from './status-model.js';

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
    await addIncidentUpdate(tx, id, state, input.message, now);
    return id;
  });
}

import type { ComponentState } from './status-model.js';
import type { StatusDeps } from './status-deps.js';

export interface SetComponentInput {
  readonly id: string;
  readonly state: ComponentState;
  /** Kept when omitted; a new component without one is named by its id. */
  readonly name?: string;
  /** A `/readyz` check name; `null` unlinks; omitted keeps the current link. */
  readonly readinessCheck?: string | null;
}

/** Creates or changes a component of the status page. */
export async function setComponent(deps: StatusDeps, input: SetComponentInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.query(
    `INSERT INTO status_components (id, name, state, readiness_check, position, updated_at)
     SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1, $5 FROM status_components
     ON CONFLICT (id) DO UPDATE SET
       state = excluded.state,
       name = coalesce($6, status_components.name),
       readiness_check = CASE WHEN $7 THEN excluded.readiness_check ELSE status_components.readiness_check END,
       updated_at = excluded.updated_at`,
    [input.id, input.name ?? input.id, input.state, input.readinessCheck ?? null, now, input.name ?? null, input.readinessCheck !== undefined],
  );
}

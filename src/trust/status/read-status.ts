import type { ReadinessCheck } from '../../platform/http/index.js';
import { checkReadiness } from '../../platform/http/index.js';
import type { StatusDeps } from './status-deps.js';
import { worstState, type ComponentState, type Incident, type IncidentImpact, type IncidentState, type StatusComponent, type StatusReport } from './status-model.js';

/** Resolved incidents stay on the page and in the feeds this long. */
export const RESOLVED_WINDOW_DAYS = 30;

/** What one status page shows at most: a public page must stay small whatever the operator recorded. */
export const STATUS_LIMITS = { components: 50, incidents: 100, updatesPerIncident: 50 } as const;

export interface ReadStatusDeps extends StatusDeps {
  readonly readiness: readonly ReadinessCheck[];
}

interface ComponentRow {
  id: string;
  name: string;
  state: ComponentState;
  readiness_check: string | null;
  updated_at: Date;
}

interface IncidentRow {
  id: string;
  title: string;
  impact: IncidentImpact;
  state: IncidentState;
  component_ids: string[];
  opened_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  updates: { state: IncidentState; message: string; created_at: string }[];
}

/**
 * The status page's content: components (each linked readiness check run live), open incidents
 * and those resolved in the last RESOLVED_WINDOW_DAYS, each with its updates.
 */
export async function readStatus(deps: ReadStatusDeps): Promise<StatusReport> {
  const now = deps.clock.now();
  const [components, incidents, live] = await Promise.all([
    deps.db.query<ComponentRow>(`SELECT id, name, state, readiness_check, updated_at FROM status_components ORDER BY position, id LIMIT ${STATUS_LIMITS.components}`),
    deps.db.query<IncidentRow>(
      `SELECT i.id, i.title, i.impact, i.state, i.component_ids, i.opened_at, i.updated_at, i.resolved_at,
              coalesce(json_agg(json_build_object('state', u.state, 'message', u.message, 'created_at', u.created_at)
                                ORDER BY u.created_at DESC, u.id) FILTER (WHERE u.id IS NOT NULL), '[]') AS updates
         FROM status_incidents i LEFT JOIN status_incident_updates u ON u.incident_id = i.id
        WHERE i.resolved_at IS NULL OR i.resolved_at > $1
        GROUP BY i.id ORDER BY i.opened_at DESC, i.id LIMIT ${STATUS_LIMITS.incidents}`,
      [new Date(now.getTime() - RESOLVED_WINDOW_DAYS * 86_400_000)],
    ),
    checkReadiness(deps.readiness),
  ]);
  const liveByName = new Map(live.map((check) => [check.name, check.ok]));
  const shown: StatusComponent[] = components.rows.map((row) => {
    const ok = row.readiness_check ? (liveByName.get(row.readiness_check) ?? false) : null;
    return {
      id: row.id,
      name: row.name,
      declaredState: row.state,
      state: ok === false ? 'major_outage' : row.state,
      readinessCheck: row.readiness_check,
      live: ok,
      updatedAt: row.updated_at,
    };
  });
  const all = incidents.rows.map(toIncident);
  return {
    overall: worstState(shown.map((component) => component.state)),
    components: shown,
    active: all.filter((incident) => incident.state !== 'resolved'),
    resolved: all.filter((incident) => incident.state === 'resolved'),
    generatedAt: now,
  };
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    title: row.title,
    impact: row.impact,
    state: row.state,
    componentIds: row.component_ids.slice(0, STATUS_LIMITS.components),
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    updates: row.updates.slice(0, STATUS_LIMITS.updatesPerIncident).map((update) => ({ state: update.state, message: update.message, createdAt: new Date(update.created_at) })),
  };
}

/** What a component can be, best first: the page shows the worst of the stored and the live state. */
export const COMPONENT_STATES = ['operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

export const INCIDENT_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_IMPACTS = ['minor', 'major', 'critical', 'maintenance'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export interface StatusComponent {
  readonly id: string;
  readonly name: string;
  /** The state shown: the operator's, or `major_outage` while its readiness check fails. */
  readonly state: ComponentState;
  /** What the operator set (`bsns status component set`). */
  readonly declaredState: ComponentState;
  /** The readiness check feeding it, and whether it answered just now (null: no check). */
  readonly readinessCheck: string | null;
  readonly live: boolean | null;
  readonly updatedAt: Date;
}

export interface IncidentUpdate {
  readonly state: IncidentState;
  readonly message: string;
  readonly createdAt: Date;
}

export interface Incident {
  readonly id: string;
  readonly title: string;
  readonly impact: IncidentImpact;
  readonly state: IncidentState;
  readonly componentIds: readonly string[];
  readonly openedAt: Date;
  readonly updatedAt: Date;
  readonly resolvedAt: Date | null;
  /** Newest first. */
  readonly updates: readonly IncidentUpdate[];
}

export interface StatusReport {
  /** The worst component state (`operational` when all are). */
  readonly overall: ComponentState;
  readonly components: readonly StatusComponent[];
  /** Open incidents, newest first. */
  readonly active: readonly Incident[];
  /** Incidents resolved in the report's window, newest first. */
  readonly resolved: readonly Incident[];
  readonly generatedAt: Date;
}

export function worstState(states: readonly ComponentState[]): ComponentState {
  return states.reduce<ComponentState>((worst, state) => (COMPONENT_STATES.indexOf(state) > COMPONENT_STATES.indexOf(worst) ? state : worst), 'operational');
}

export const COMPONENT_STATE_LABELS: Record<ComponentState, string> = {
  operational: 'Operational',
  maintenance: 'Under maintenance',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

import { z } from 'zod';
import { STATUS_LIMITS } from './read-status.js';
import { COMPONENT_STATES, INCIDENT_IMPACTS, INCIDENT_STATES, type Incident, type StatusReport } from './status-model.js';

const incidentJson = z.object({
  id: z.uuid(),
  title: z.string(),
  impact: z.enum(INCIDENT_IMPACTS),
  state: z.enum(INCIDENT_STATES),
  components: z.array(z.string()).max(STATUS_LIMITS.components),
  openedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  updates: z.array(z.object({ state: z.enum(INCIDENT_STATES), message: z.string(), createdAt: z.iso.datetime() })).max(STATUS_LIMITS.updatesPerIncident),
});

/** The schema of `/status.json`: the response schema of its route, and what its test validates. */
export const statusJsonSchema = z.object({
  overall: z.enum(COMPONENT_STATES),
  generatedAt: z.iso.datetime(),
  components: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.enum(COMPONENT_STATES),
      declaredState: z.enum(COMPONENT_STATES),
      live: z.boolean().nullable(),
      updatedAt: z.iso.datetime(),
    }),
  ).max(STATUS_LIMITS.components),
  active: z.array(incidentJson).max(STATUS_LIMITS.incidents),
  resolved: z.array(incidentJson).max(STATUS_LIMITS.incidents),
});

export type StatusJson = z.infer<typeof statusJsonSchema>;

export function statusJson(report: StatusReport): StatusJson {
  return {
    overall: report.overall,
    generatedAt: report.generatedAt.toISOString(),
    // The readiness check's name stays internal: the page says whether it answered, not what it probes.
    components: report.components.map((component) => ({
      id: component.id,
      name: component.name,
      state: component.state,
      declaredState: component.declaredState,
      live: component.live,
      updatedAt: component.updatedAt.toISOString(),
    })),
    active: report.active.map(incidentToJson),
    resolved: report.resolved.map(incidentToJson),
  };
}

function incidentToJson(incident: Incident): StatusJson['active'][number] {
  return {
    id: incident.id,
    title: incident.title,
    impact: incident.impact,
    state: incident.state,
    components: [...incident.componentIds],
    openedAt: incident.openedAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    updates: incident.updates.map((update) => ({ state: update.state, message: update.message, createdAt: update.createdAt.toISOString() })),
  };
}

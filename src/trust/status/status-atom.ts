import { COMPONENT_STATE_LABELS, type Incident, type StatusReport } from './status-model.js';

/**
 * The status page as an Atom feed (RFC 4287): one entry per incident, its updates in the
 * content, newest incident first. Every text goes through `xml`, so no incident text can open
 * an element.
 */
export function statusAtomFeed(report: StatusReport, origin: string): string {
  const incidents = [...report.active, ...report.resolved].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const updated = incidents[0]?.updatedAt ?? latestComponentChange(report);
  const entries = incidents.map((incident) => entry(incident, origin)).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<id>${xml(`${origin}/status`)}</id>` +
    '<title>bsns status</title>' +
    `<subtitle>${xml(COMPONENT_STATE_LABELS[report.overall])}</subtitle>` +
    `<updated>${updated.toISOString()}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${xml(`${origin}/status/feed.atom`)}"/>` +
    `<link rel="alternate" type="text/html" href="${xml(`${origin}/status`)}"/>` +
    '<author><name>bsns operator</name></author>' +
    entries +
    '</feed>\n'
  );
}

function entry(incident: Incident, origin: string): string {
  const updates = incident.updates.map((update) => `${update.createdAt.toISOString()} — ${update.state}: ${update.message}`).join('\n\n');
  return (
    '<entry>' +
    `<id>urn:uuid:${incident.id}</id>` +
    `<title>${xml(`[${incident.state}] ${incident.title}`)}</title>` +
    `<published>${incident.openedAt.toISOString()}</published>` +
    `<updated>${incident.updatedAt.toISOString()}</updated>` +
    `<link rel="alternate" type="text/html" href="${xml(`${origin}/status#incident-${incident.id}`)}"/>` +
    `<category term="${xml(incident.impact)}"/>` +
    `<content type="text">${xml(updates)}</content>` +
    '</entry>'
  );
}

function latestComponentChange(report: StatusReport): Date {
  const times = report.components.map((component) => component.updatedAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : report.generatedAt;
}

// XML 1.0 forbids most control characters even escaped; the CLI's input is safe text, this is the backstop.
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

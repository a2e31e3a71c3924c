import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { loadTrustDocuments } from '../documents/trust-documents.js';
import { openIncident, readStatus, resolveIncident, setComponent, statusJsonSchema, updateIncident } from '../status/index.js';

const clock = new ManualClock(new Date('2026-12-02T10:00:00Z'));
const suite = useTestSuite({ clock });
const client = () => new SuiteClient(suite.app);
const statusDeps = () => ({ db: suite.platform.identityDb, clock });

describe('trust documents', () => {
  it('/security links every trust page and lists what is done and not done yet from the repo file', async () => {
    const { statusOfWork } = await loadTrustDocuments();
    const response = await client().get('/security');
    expect(response.statusCode).toBe(200);
    for (const href of ['/security/sub-processors', '/security/faq', '/status', '/.well-known/security.txt']) expect(response.body).toContain(`href="${href}"`);
    for (const item of [...statusOfWork.done, ...statusOfWork.notYet]) expect(response.body).toContain(item.replaceAll("'", '&#39;').replaceAll('&', '&amp;').slice(0, 40));
  });

  it('/security/sub-processors renders the repo file, and its CSV and JSON carry the same entries', async () => {
    const { subProcessors } = await loadTrustDocuments();
    const page = await client().get('/security/sub-processors');
    for (const entry of subProcessors.subProcessors) expect(page.body).toContain(entry.name);
    expect((await client().get('/security/sub-processors.json')).json()).toEqual(subProcessors);
    const csv = await client().get('/security/sub-processors.csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="sub-processors.csv"');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.name)).toEqual(subProcessors.subProcessors.map((entry) => entry.name));
    expect(rows[0]).toEqual(expect.objectContaining({ dpa_status: subProcessors.subProcessors[0]!.dpaStatus, region: subProcessors.subProcessors[0]!.region }));
  });

  it('/security/faq renders every CAIQ question with its answer, planned ones as "No (planned)", and downloads as CSV and JSON', async () => {
    const { faq } = await loadTrustDocuments();
    const page = await client().get('/security/faq');
    for (const question of faq.questions) expect(page.body).toContain(`id="${question.id.replace('&', '&amp;')}"`);
    expect(page.body).toContain('No (planned)');
    expect((await client().get('/security/faq.json')).json()).toEqual(faq);
    const rows = parse((await client().get('/security/faq.csv')).body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(faq.questions.length);
    const backups = rows.find((row) => row.question_id === 'BCR-08.1')!;
    expect(backups.answer).toBe('No (planned)');
    expect(backups.control).toMatch(/^http:\/\/localhost:\d+\/security$/);
  });
});

describe('status page', () => {
  it('shows an incident through its updates to resolution in the page, the JSON and the Atom feed', async () => {
    const title = `Slow sign-in <b>& co ${crypto.randomUUID().slice(0, 6)}</b>`;
    const id = await openIncident(statusDeps(), { title, impact: 'major', message: 'We are looking into slow sign-ins.', componentIds: ['portal'] });
    clock.advance(10 * 60_000);
    await updateIncident(statusDeps(), id, 'identified', 'A slow query on sessions; fix on the way.');

    const open = statusJsonSchema.parse((await client().get('/status.json')).json());
    const active = open.active.find((incident) => incident.id === id)!;
    expect(active.state).toBe('identified');
    expect(active.updates.map((update) => update.state)).toEqual(['identified', 'investigating']);

    const page = await client().get('/status');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Slow sign-in &lt;b>&amp; co');
    expect(page.body).not.toContain('<b>&');

    clock.advance(30 * 60_000);
    await resolveIncident(statusDeps(), id, 'Fixed and monitored for 30 minutes.');
    const after = statusJsonSchema.parse((await client().get('/status.json')).json());
    expect(after.active.some((incident) => incident.id === id)).toBe(false);
    const resolved = after.resolved.find((incident) => incident.id === id)!;
    expect(resolved.resolvedAt).toBe(clock.now().toISOString());

    const feed = await client().get('/status/feed.atom');
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(feed.body)).toBe(true);
    const atom = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(feed.body).feed;
    expect(atom['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const required of ['id', 'title', 'updated']) expect(atom[required]).toBeTruthy();
    const entry = atom.entry.find((item: { id: string }) => item.id === `urn:uuid:${id}`);
    expect(entry.title).toBe(`[resolved] ${title}`);
    expect(new Date(entry.updated).toISOString()).toBe(clock.now().toISOString());
    expect(entry.content['#text']).toContain('Fixed and monitored');
  });

  it('refuses an update to a resolved incident', async () => {
    const id = await openIncident(statusDeps(), { title: 'Short blip', impact: 'minor', message: 'Investigating.' });
    await resolveIncident(statusDeps(), id, 'Gone.');
    await expect(updateIncident(statusDeps(), id, 'monitoring', 'Again?')).rejects.toThrow(/No open incident/);
  });

  it('shows a component as a major outage while its readiness check fails, whatever the operator set', async () => {
    await setComponent(statusDeps(), { id: 'portal', state: 'operational' });
    const failing = [{ name: 'identity-database', check: () => Promise.reject(new Error('connection refused')) }];
    const down = await readStatus({ ...statusDeps(), readiness: failing });
    expect(down.components.find((component) => component.id === 'portal')).toEqual(expect.objectContaining({ state: 'major_outage', declaredState: 'operational', live: false }));
    expect(down.overall).toBe('major_outage');

    const live = statusJsonSchema.parse((await client().get('/status.json')).json());
    expect(live.components.find((component) => component.id === 'portal')).toEqual(expect.objectContaining({ state: 'operational', live: true }));
  });

  it('lets the operator add a component and mark it degraded', async () => {
    const id = `search-${crypto.randomUUID().slice(0, 6)}`;
    await setComponent(statusDeps(), { id, name: 'Search', state: 'degraded' });
    const json = statusJsonSchema.parse((await client().get('/status.json')).json());
    expect(json.components.find((component) => component.id === id)).toEqual(expect.objectContaining({ name: 'Search', state: 'degraded', live: null }));
    await setComponent(statusDeps(), { id, state: 'operational' });
  });
});

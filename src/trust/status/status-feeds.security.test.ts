// Attack story: an incident's text is written under pressure, often pasted from a customer's
// report or a log line. Someone who can get text into it (a crafted error message the operator
// quotes, a hostile customer ticket) tries to run script on the public status page, break the
// Atom feed every subscriber's reader parses (an unescaped `<`, `]]>` or a control character
// that XML 1.0 forbids even escaped), or plant a spreadsheet formula in a CSV download.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { toCsv } from '../documents/csv.js';
import { openIncident, statusJsonSchema } from './index.js';

const clock = new ManualClock(new Date('2026-12-02T12:00:00Z'));
const suite = useTestSuite({ clock });

describe('hostile incident text', () => {
  const title = `</title><script>alert(1)</script> ]]> "quoted" ${crypto.randomUUID().slice(0, 6)}`;
  const message = 'Pasted log: <img src=x onerror=alert(1)> \u0001\u0008 & done';

  it('stays inert on the page, exact in the JSON and well-formed in the Atom feed', async () => {
    const id = await openIncident({ db: suite.platform.identityDb, clock }, { title, impact: 'major', message });
    const client = new SuiteClient(suite.app);

    const page = await client.get('/status');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;/title>&lt;script>');

    const json = statusJsonSchema.parse((await client.get('/status.json')).json());
    expect(json.active.find((incident) => incident.id === id)?.updates[0]?.message).toBe(message);

    const feed = (await client.get('/status/feed.atom')).body;
    expect(XMLValidator.validate(feed)).toBe(true);
    expect([...feed].some((character) => character >= '\u0001' && character <= '\u0008')).toBe(false);
    const entries = new XMLParser({ isArray: (name) => name === 'entry' }).parse(feed).feed.entry as Array<{ id: string; title: string; content: string }>;
    const entry = entries.find((item) => item.id === `urn:uuid:${id}`)!;
    expect(entry.title).toBe(`[investigating] ${title}`);
    expect(entry.content).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('CSV downloads', () => {
  it('neutralise cells a spreadsheet would run as a formula', () => {
    const csv = toCsv(['a', 'b'], [['=HYPERLINK("http://evil.test")', '+1+cmd|calc'], ['-2', '@SUM(A1)']]);
    expect(csv).toBe(`a,b\r\n"'=HYPERLINK(""http://evil.test"")",'+1+cmd|calc\r\n'-2,'@SUM(A1)\r\n`);
  });
});

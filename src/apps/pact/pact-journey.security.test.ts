/**
 * Pact over HTTP, as a sender (a test principal) and two signers (only their emailed links):
 * prepare, send, sign in order, complete, verify; and the attacks on each step.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { mailsTo, waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { pactLifecycleJob, pactUrlOf } from './index.js';

const suite = useTestSuite({ resolvers: testResolvers });

async function samplePdf(pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index += 1) document.addPage([612, 792]).drawText(`Agreement page ${index + 1}`, { x: 72, y: 700, size: 18, font });
  return Buffer.from(await document.save());
}

function sender(tenantId: string) {
  const headers = testPrincipalHeader({ tenantId, subject: randomUUID() });
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    suite.app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload: payload as string }) });
  return { call };
}

/** A browser of one signer: the cookie their link opens, nothing else. */
function signerBrowser() {
  let cookie = '';
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await suite.app.inject({ method, url, headers: cookie ? { cookie, origin: suite.platform.config.publicUrl } : { origin: suite.platform.config.publicUrl }, ...(payload === undefined ? {} : { payload: payload as string }) });
    const set = response.cookies.find((item) => item.name.includes('pact-signer'));
    if (set) cookie = `${set.name}=${set.value}`;
    return response;
  };
  return { call };
}

async function draftWithTwoSigners(tenantId: string, order: 'sequential' | 'parallel' = 'sequential') {
  const api = sender(tenantId);
  const created = await api.call('POST', '/api/v1/pact/envelopes', { title: 'Services agreement', signingOrder: order });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const document = await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=agreement.pdf`, await samplePdf(), { 'content-type': 'application/pdf' });
  expect(document.statusCode, document.body).toBe(201);
  const ada = `ada-${randomUUID().slice(0, 8)}@example.test`;
  const grace = `grace-${randomUUID().slice(0, 8)}@example.test`;
  const first = (await api.call('POST', `/api/v1/pact/envelopes/${id}/signers`, { name: 'Ada Lovelace', email: ada })).json<{ id: string }>();
  const second = (await api.call('POST', `/api/v1/pact/envelopes/${id}/signers`, { name: 'Grace Hopper', email: grace })).json<{ id: string }>();
  const documentId = document.json<{ id: string }>().id;
  const fields = [
    { documentId, signerId: first.id, kind: 'signature', page: 0, x: 0.1, y: 0.7, width: 0.35, height: 0.08 },
    { documentId, signerId: first.id, kind: 'date', page: 0, x: 0.5, y: 0.7, width: 0.2, height: 0.04 },
    { documentId, signerId: second.id, kind: 'signature', page: 1, x: 0.1, y: 0.7, width: 0.35, height: 0.08 },
    { documentId, signerId: second.id, kind: 'text', label: 'Company', page: 1, x: 0.5, y: 0.7, width: 0.3, height: 0.04 },
  ];
  const placed = await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields });
  expect(placed.statusCode, placed.body).toBe(200);
  return { api, id, documentId, ada, grace, signers: [first.id, second.id] };
}

async function openAs(email: string) {
  const [token] = await waitForMailTokens(email, 'Please sign');
  const browser = signerBrowser();
  const opened = await browser.call('POST', '/api/v1/pact/signing/open', { token });
  return { browser, opened, token: token! };
}

describe('an envelope from draft to verified PDF', () => {
  it('is prepared, signed in order through emailed links, completed, and verifies; a one-byte edit does not', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada, grace } = await draftWithTwoSigners(tenant);
    const sent = await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ signers: Array<{ status: string }> }>().signers.map((signer) => signer.status)).toEqual(['sent', 'pending']);

    const first = await openAs(ada);
    expect(first.opened.statusCode, first.opened.body).toBe(200);
    const view = await first.browser.call('GET', '/api/v1/pact/signing/envelope');
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json<{ fields: unknown[]; yourTurn: boolean }>()).toMatchObject({ yourTurn: true });
    expect(view.json<{ fields: unknown[] }>().fields).toHaveLength(2);
    expect((await first.browser.call('POST', '/api/v1/pact/signing/viewed')).statusCode).toBe(200);
    const signed = await first.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Ada Lovelace' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toEqual({ completed: false });
    // The session ends with the signature: the cookie opens nothing any more.
    expect((await first.browser.call('GET', '/api/v1/pact/signing/envelope')).json()).toMatchObject({ error: { code: 'pact.signing_session_required' } });

    const second = await openAs(grace);
    const missing = await second.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Grace Hopper' } });
    expect(missing.json()).toMatchObject({ error: { code: 'pact.fields_missing' } });
    const fieldId = (await second.browser.call('GET', '/api/v1/pact/signing/envelope')).json<{ fields: Array<{ id: string; kind: string }> }>().fields.find((field) => field.kind === 'text')!.id;
    const done = await second.browser.call('POST', '/api/v1/pact/signing/sign', { values: { [fieldId]: 'Navy Ltd' }, signature: { kind: 'typed', text: 'Grace Hopper' } });
    expect(done.json()).toEqual({ completed: true });

    const envelope = (await api.call('GET', `/api/v1/pact/envelopes/${id}`)).json<{ status: string; finalSha256: string; chain: Array<{ type: string; seq: number }> }>();
    expect(envelope.status).toBe('completed');
    expect(envelope.chain.map((entry) => entry.type)).toEqual(['created', 'sent', 'viewed', 'signed', 'signed', 'completed']);
    const pdf = await api.call('GET', `/api/v1/pact/envelopes/${id}/completed.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
    await expect.poll(async () => (await mailsTo(grace, 'Completed: Services agreement')).length).toBe(1);
    expect((await mailsTo(ada, 'Completed: Services agreement'))[0]!.text).toContain(envelope.finalSha256);

    const verified = await suite.app.inject({ method: 'POST', url: '/api/v1/pact/verify', payload: bytes, headers: { 'content-type': 'application/pdf' } });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ valid: true, sha256: envelope.finalSha256, chainEntry: { found: true, matches: true }, signature: { intact: true, coversWholeDocument: true }, problems: [] });

    const edited = Buffer.from(bytes);
    const at = edited.indexOf('Certificate');
    edited[at + 50] = edited[at + 50]! ^ 0x01;
    const refused = await suite.app.inject({ method: 'POST', url: '/api/v1/pact/verify', payload: edited, headers: { 'content-type': 'application/pdf' } });
    expect(refused.json()).toMatchObject({ valid: false, chainEntry: { matches: false } });
  });

  it('lets parallel signers sign in any order', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada, grace } = await draftWithTwoSigners(tenant, 'parallel');
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const second = await openAs(grace);
    const fieldId = (await second.browser.call('GET', '/api/v1/pact/signing/envelope')).json<{ fields: Array<{ id: string; kind: string }> }>().fields.find((field) => field.kind === 'text')!.id;
    expect((await second.browser.call('POST', '/api/v1/pact/signing/sign', { values: { [fieldId]: 'Navy' }, signature: { kind: 'typed', text: 'Grace Hopper' } })).json()).toEqual({ completed: false });
    const first = await openAs(ada);
    expect((await first.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Ada' } })).json()).toEqual({ completed: true });
  });
});

describe('attacks and bad input', () => {
  it('refuses a reused link, and two racing openings open it once', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const [token] = await waitForMailTokens(ada, 'Please sign');
    const [one, two] = await Promise.all([signerBrowser().call('POST', '/api/v1/pact/signing/open', { token }), signerBrowser().call('POST', '/api/v1/pact/signing/open', { token })]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 410]);
    const again = await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ error: { code: 'pact.link_used' } });
  });

  it('refuses a link of another tenant, a forged one, and an expired one', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const [token] = await waitForMailTokens(ada, 'Please sign');
    // The same secret claimed for another tenant: looked up there, found nowhere.
    const other = await createTestTenant(suite.platform);
    const body = Buffer.from(token!.slice(4), 'base64url');
    Buffer.from(other.replace(/-/g, ''), 'hex').copy(body, 0);
    const moved = await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token: `psl_${body.toString('base64url')}` });
    expect(moved.json()).toMatchObject({ error: { code: 'pact.link_invalid' } });
    for (const forged of ['psl_short', `psl_${'A'.repeat(64)}`, 'nonsense']) {
      expect((await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token: forged })).statusCode).toBe(404);
    }
    await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query("UPDATE pact_signer_links SET expires_at = now() - interval '1 second'"));
    expect((await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token })).json()).toMatchObject({ error: { code: 'pact.link_expired' } });
  });

  it('refuses signing after voiding, and a voided envelope cannot be voided again', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const first = await openAs(ada);
    expect((await api.call('POST', `/api/v1/pact/envelopes/${id}/void`, { reason: 'Wrong price' })).statusCode).toBe(200);
    const late = await first.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Ada' } });
    expect(late.statusCode).toBe(401);
    expect((await api.call('POST', `/api/v1/pact/envelopes/${id}/void`, { reason: 'again' })).json()).toMatchObject({ error: { code: 'pact.envelope_not_open' } });
    const chain = (await api.call('GET', `/api/v1/pact/envelopes/${id}`)).json<{ chain: Array<{ type: string }> }>().chain;
    expect(chain.at(-1)?.type).toBe('voided');
  });

  it('refuses a signer out of turn in a sequential envelope', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    // Only the first signer was invited; the second has no link at all yet.
    const first = await openAs(ada);
    expect(first.opened.statusCode).toBe(200);
    const rows = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query('SELECT count(*)::int AS n FROM pact_signer_links')).rows[0] as { n: number });
    expect(rows.n).toBe(1);
  });

  it.each([
    ['a file that is not a PDF', Buffer.from('PK\u0003\u0004 not a pdf at all, this is a zip '.repeat(4)), 'pact.document_not_pdf'],
    ['a truncated PDF', null, 'pact.document_corrupt'],
  ])('refuses %s and stores nothing', async (_name, bytes, code) => {
    const tenant = await createTestTenant(suite.platform);
    const api = sender(tenant);
    const id = (await api.call('POST', '/api/v1/pact/envelopes', { title: 'X' })).json<{ id: string }>().id;
    const body = bytes ?? (await samplePdf()).subarray(0, 300);
    const response = await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=x.pdf`, body, { 'content-type': 'application/pdf' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.json()).toMatchObject({ error: { code } });
    expect((await api.call('GET', `/api/v1/pact/envelopes/${id}`)).json<{ documents: unknown[] }>().documents).toEqual([]);
  });

  it('refuses fields off the page or on a page the document lacks, and keeps the old layout', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, documentId, signers } = await draftWithTwoSigners(tenant);
    for (const field of [
      { documentId, signerId: signers[0], kind: 'signature', page: 0, x: 0.8, y: 0.5, width: 0.3, height: 0.1 },
      { documentId, signerId: signers[0], kind: 'signature', page: 5, x: 0.1, y: 0.1, width: 0.3, height: 0.1 },
      { documentId, signerId: randomUUID(), kind: 'signature', page: 0, x: 0.1, y: 0.1, width: 0.3, height: 0.1 },
    ]) {
      const response = await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields: [field] });
      expect(response.statusCode, response.body).toBe(422);
    }
    expect((await api.call('GET', `/api/v1/pact/envelopes/${id}`)).json<{ fields: unknown[] }>().fields).toHaveLength(4);
  });

  it('does not send an envelope whose signer has no signature field, and changes nothing after sending', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id } = await draftWithTwoSigners(tenant);
    await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields: [] });
    expect((await api.call('POST', `/api/v1/pact/envelopes/${id}/send`)).json()).toMatchObject({ error: { code: 'pact.envelope_incomplete' } });
    const ready = await draftWithTwoSigners(tenant);
    await ready.api.call('POST', `/api/v1/pact/envelopes/${ready.id}/send`);
    expect((await ready.api.call('POST', `/api/v1/pact/envelopes/${ready.id}/signers`, { name: 'Late', email: 'late@example.test' })).json()).toMatchObject({ error: { code: 'pact.envelope_not_draft' } });
  });

  it("hides one tenant's envelopes from another", async () => {
    const tenant = await createTestTenant(suite.platform);
    const { id } = await draftWithTwoSigners(tenant);
    const intruder = sender(await createTestTenant(suite.platform));
    expect((await intruder.call('GET', `/api/v1/pact/envelopes/${id}`)).statusCode).toBe(404);
    expect((await intruder.call('POST', `/api/v1/pact/envelopes/${id}/send`)).statusCode).toBe(404);
  });

  it('answers a PDF without a certificate with a clear report, not an error', async () => {
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/pact/verify', payload: await samplePdf(), headers: { 'content-type': 'application/pdf' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ valid: false, problems: expect.arrayContaining(['The PDF carries no pact completion certificate.']) });
  });
});

describe('reminders and expiry', () => {
  const job = () => pactLifecycleJob({ ...suite.platform, pactUrl: pactUrlOf(suite.platform.config) });

  it('reminds the signer whose turn it is with a fresh link, and the old link stops working', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query('UPDATE pact_envelopes SET remind_every_days = 1 WHERE id = $1', [id]));
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const [first] = await waitForMailTokens(ada, 'Please sign');
    await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query("UPDATE pact_envelopes SET sent_at = now() - interval '2 days' WHERE id = $1", [id]));
    await job().run();
    const [reminder] = await waitForMailTokens(ada, 'Reminder: Please sign');
    expect(reminder).not.toBe(first);
    expect((await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token: first })).json()).toMatchObject({ error: { code: 'pact.link_expired' } });
    expect((await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token: reminder })).statusCode).toBe(200);
    // Reminded once: the next run within the interval sends nothing more.
    await job().run();
    expect((await mailsTo(ada, 'Reminder: Please sign')).length).toBe(1);
  });

  it('expires an envelope past its date: links die and the chain records it', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const [token] = await waitForMailTokens(ada, 'Please sign');
    await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query("UPDATE pact_envelopes SET expires_at = now() - interval '1 minute' WHERE id = $1", [id]));
    await job().run();
    const envelope = (await api.call('GET', `/api/v1/pact/envelopes/${id}`)).json<{ status: string; chain: Array<{ type: string }> }>();
    expect(envelope.status).toBe('expired');
    expect(envelope.chain.at(-1)?.type).toBe('voided');
    expect((await signerBrowser().call('POST', '/api/v1/pact/signing/open', { token })).json()).toMatchObject({ error: { code: 'pact.envelope_not_open' } });
  });
});

describe('signers racing', () => {
  it('32 signers across 4 parallel envelopes of one tenant, all at once, leave one chain with no fork and no gap', { timeout: 120_000 }, async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = sender(tenant);
    const pdf = await samplePdf(1);
    const emails: string[] = [];
    for (let envelopeIndex = 0; envelopeIndex < 4; envelopeIndex += 1) {
      const id = (await api.call('POST', '/api/v1/pact/envelopes', { title: `Race ${envelopeIndex}`, signingOrder: 'parallel' })).json<{ id: string }>().id;
      const documentId = (await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=race.pdf`, pdf, { 'content-type': 'application/pdf' })).json<{ id: string }>().id;
      const fields = [];
      for (let signerIndex = 0; signerIndex < 8; signerIndex += 1) {
        const email = `racer-${envelopeIndex}-${signerIndex}-${randomUUID().slice(0, 6)}@example.test`;
        emails.push(email);
        const signer = (await api.call('POST', `/api/v1/pact/envelopes/${id}/signers`, { name: `Racer ${signerIndex}`, email })).json<{ id: string }>();
        fields.push({ documentId, signerId: signer.id, kind: 'signature', page: 0, x: 0.05 + (signerIndex % 4) * 0.2, y: 0.1 + Math.floor(signerIndex / 4) * 0.2, width: 0.18, height: 0.05 });
      }
      expect((await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields })).statusCode).toBe(200);
      expect((await api.call('POST', `/api/v1/pact/envelopes/${id}/send`)).statusCode).toBe(200);
    }
    const browsers = await Promise.all(emails.map((email) => openAs(email)));
    const answers = await Promise.all(browsers.map(({ browser }, index) => browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: `Racer ${index}` } })));
    expect(answers.map((answer) => answer.statusCode)).toEqual(emails.map(() => 200));
    expect(answers.filter((answer) => answer.json<{ completed: boolean }>().completed)).toHaveLength(4);
    const chain = (await api.call('GET', '/api/v1/pact/chain')).json<{ entries: number; broken: unknown }>();
    expect(chain.broken).toBeNull();
    // 4 × (created, sent, completed) and 32 signatures.
    expect(chain.entries).toBe(44);
    const seqs = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ seq: string }>('SELECT seq FROM pact_chain_entries ORDER BY seq')).rows.map((row) => Number(row.seq)));
    expect(seqs).toEqual(Array.from({ length: 44 }, (_, index) => index + 1));
  });
});

describe('the one-time code', () => {
  it('opens the document only with the emailed code; five wrong tries lock it, and a new code buys no more tries', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = sender(tenant);
    const id = (await api.call('POST', '/api/v1/pact/envelopes', { title: 'Coded', requireCode: true })).json<{ id: string }>().id;
    const documentId = (await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=c.pdf`, await samplePdf(1), { 'content-type': 'application/pdf' })).json<{ id: string }>().id;
    const email = `coded-${randomUUID().slice(0, 8)}@example.test`;
    const signer = (await api.call('POST', `/api/v1/pact/envelopes/${id}/signers`, { name: 'Coded', email })).json<{ id: string }>();
    await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields: [{ documentId, signerId: signer.id, kind: 'signature', page: 0, x: 0.1, y: 0.1, width: 0.3, height: 0.05 }] });
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const { browser, opened } = await openAs(email);
    expect(opened.json()).toEqual({ requireCode: true });
    expect((await browser.call('GET', '/api/v1/pact/signing/envelope')).json()).toMatchObject({ error: { code: 'pact.code_required' } });
    expect((await browser.call('GET', `/api/v1/pact/signing/documents/${documentId}`)).statusCode).toBe(401);
    const codeMail = async () => {
      await expect.poll(async () => (await mailsTo(email, 'Your code')).length).toBeGreaterThan(0);
      return /is (\d{6})\./.exec((await mailsTo(email, 'Your code'))[0]!.text)![1]!;
    };
    const code = await codeMail();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt += 1) expect((await browser.call('POST', '/api/v1/pact/signing/code', { code: wrong })).json()).toMatchObject({ error: { code: 'pact.code_invalid' } });
    // A resend within the minute sends nothing; the count of wrong tries stays.
    expect((await browser.call('POST', '/api/v1/pact/signing/code/resend')).statusCode).toBe(202);
    expect((await mailsTo(email, 'Your code')).length).toBe(1);
    expect((await browser.call('POST', '/api/v1/pact/signing/code', { code: wrong })).json()).toMatchObject({ error: { code: 'pact.code_locked' } });
    expect((await browser.call('POST', '/api/v1/pact/signing/code', { code })).json()).toMatchObject({ error: { code: 'pact.code_locked' } });
  });

  it('lets the signer in with the right code', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = sender(tenant);
    const id = (await api.call('POST', '/api/v1/pact/envelopes', { title: 'Coded', requireCode: true })).json<{ id: string }>().id;
    const documentId = (await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=c.pdf`, await samplePdf(1), { 'content-type': 'application/pdf' })).json<{ id: string }>().id;
    const email = `coded-${randomUUID().slice(0, 8)}@example.test`;
    const signer = (await api.call('POST', `/api/v1/pact/envelopes/${id}/signers`, { name: 'Coded', email })).json<{ id: string }>();
    await api.call('PUT', `/api/v1/pact/envelopes/${id}/fields`, { fields: [{ documentId, signerId: signer.id, kind: 'signature', page: 0, x: 0.1, y: 0.1, width: 0.3, height: 0.05 }] });
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const { browser } = await openAs(email);
    await expect.poll(async () => (await mailsTo(email, 'Your code')).length).toBe(1);
    const code = /is (\d{6})\./.exec((await mailsTo(email, 'Your code'))[0]!.text)![1]!;
    expect((await browser.call('POST', '/api/v1/pact/signing/code', { code })).statusCode).toBe(200);
    expect((await browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Coded' } })).json()).toEqual({ completed: true });
  });
});

describe('attacks found by an outside test, by class', () => {
  function png(width: number, height: number, body: Buffer): string {
    const header = Buffer.alloc(25);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(width, 16);
    header.writeUInt32BE(height, 20);
    header[24] = 8;
    return `data:image/png;base64,${Buffer.concat([header, body]).toString('base64')}`;
  }

  it('refuses a drawn signature that does not decode or decodes to a huge image, before storing it, so the envelope can still complete', async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id, ada, grace } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const first = await openAs(ada);
    for (const image of [png(200, 80, Buffer.alloc(100, 0x41)), png(7000, 7000, Buffer.alloc(100, 0))]) {
      const refused = await first.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'drawn', text: 'Ada', png: image } });
      expect(refused.json()).toMatchObject({ error: { code: 'pact.signature_invalid' } });
    }
    expect((await first.browser.call('POST', '/api/v1/pact/signing/sign', { signature: { kind: 'typed', text: 'Ada' } })).statusCode).toBe(200);
    const second = await openAs(grace);
    const fieldId = (await second.browser.call('GET', '/api/v1/pact/signing/envelope')).json<{ fields: Array<{ id: string; kind: string }> }>().fields.find((field) => field.kind === 'text')!.id;
    expect((await second.browser.call('POST', '/api/v1/pact/signing/sign', { values: { [fieldId]: 'Navy' }, signature: { kind: 'typed', text: 'Grace' } })).json()).toEqual({ completed: true });
  });

  it('refuses a page tree of hundreds of thousands of references at upload (counted before any parse), and the verifier reads it without parsing', async () => {
    const kids = Array.from({ length: 300_000 }, () => '3 0 R').join(' ');
    const bomb = Buffer.from(
      `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 300000 /Kids [${kids}] >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
      'latin1',
    );
    const tenant = await createTestTenant(suite.platform);
    const api = sender(tenant);
    const id = (await api.call('POST', '/api/v1/pact/envelopes', { title: 'Bomb' })).json<{ id: string }>().id;
    const response = await api.call('POST', `/api/v1/pact/envelopes/${id}/documents?name=bomb.pdf`, bomb, { 'content-type': 'application/pdf' });
    expect(response.json()).toMatchObject({ error: { code: 'pact.document_too_many_pages' } });
    // The public verifier reads the same file without parsing its page tree.
    const verified = await suite.app.inject({ method: 'POST', url: '/api/v1/pact/verify', payload: bomb, headers: { 'content-type': 'application/pdf' } });
    expect(verified.json()).toMatchObject({ valid: false });
  });

  it("tells a stranger with a forged certificate nothing about another tenant's chain", async () => {
    const tenant = await createTestTenant(suite.platform);
    const { api, id } = await draftWithTwoSigners(tenant);
    await api.call('POST', `/api/v1/pact/envelopes/${id}/send`);
    const forged = await PDFDocument.create();
    forged.addPage([612, 792]);
    forged.catalog.set(PDFName.of('BsnsPactCompletion'), PDFHexString.fromText(JSON.stringify({ tenantId: tenant, envelopeId: id, completionSeq: 2 })));
    const bytes = Buffer.from(await forged.save({ useObjectStreams: false }));
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/pact/verify', payload: bytes, headers: { 'content-type': 'application/pdf' } });
    expect(response.json()).toMatchObject({ valid: false, chainEntry: { found: false, hash: null, at: null }, chain: null, checkpoint: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Platform } from '../platform/open-platform.js';
import { buildSuite } from '../suite.js';
import { suiteWithPlantedRoutes, type FastifyZod } from '../../test/support/planted-routes.js';
import { openTestPlatform } from '../../test/support/test-platform.js';
import { checkIdempotentCreates, IDEMPOTENCY_EXEMPT } from './idempotent-creates.js';

let platform: Platform;

beforeAll(async () => {
  platform = await openTestPlatform();
});

afterAll(async () => {
  await platform.close();
});

const created = { 201: z.object({ id: z.uuid() }) };

/** The real suite with planted routes registered beside its own. */
const suiteWith = (plant: (routes: FastifyZod) => void) => suiteWithPlantedRoutes(platform, plant);

describe('check:idempotent-creates', () => {
  it('passes on the real suite: every create declares Idempotency-Key, but for the identity ones it names', async () => {
    const report = await checkIdempotentCreates(() => buildSuite(platform, {}));
    expect(report.findings).toEqual([]);
  });

  it('fails on a planted create that forgets the key, named `.create` or answering 201', async () => {
    const report = await checkIdempotentCreates(
      suiteWith((routes) => {
        routes.post('/api/v1/planted/widgets', { config: { auth: 'public' }, schema: { response: created } }, async () => ({ id: crypto.randomUUID() }));
        routes.post('/api/v1/planted/gadget/build', { config: { auth: 'public' }, schema: { response: created } }, async () => ({ id: crypto.randomUUID() }));
        routes.post('/api/v1/planted/gadget/ping', { config: { auth: 'public' }, schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
      }),
    );
    expect(report.findings.map((finding) => [finding.rule, finding.location])).toEqual([
      ['create-without-idempotency-key', 'POST /api/v1/planted/widgets'],
      ['create-without-idempotency-key', 'POST /api/v1/planted/gadget/build'],
    ]);
  });

  it('fails on a create that declares the header by hand, without its codes', async () => {
    const headers = z.looseObject({ 'idempotency-key': z.string().optional() });
    const report = await checkIdempotentCreates(
      suiteWith((routes) => routes.post('/api/v1/planted/widgets', { config: { auth: 'public' }, schema: { headers, response: created } }, async () => ({ id: crypto.randomUUID() }))),
    );
    expect(report.findings.map((finding) => [finding.rule, finding.location])).toEqual([['create-without-idempotency-codes', 'POST /api/v1/planted/widgets']]);
  });

  it('accepts a planted create declared config.idempotentCreate', async () => {
    const report = await checkIdempotentCreates(
      suiteWith((routes) => routes.post('/api/v1/planted/widgets', { config: { auth: 'public', idempotentCreate: true }, schema: { response: created } }, async () => ({ id: crypto.randomUUID() }))),
    );
    expect(report.findings).toEqual([]);
  });

  it('fails on a stale exemption: one that is no create, or one that declares the key now', async () => {
    const exempt = new Map([...IDEMPOTENCY_EXEMPT, ['POST /api/v1/planted/gone', 'removed'], ['POST /api/v1/records/labels', 'was exempt']]);
    const report = await checkIdempotentCreates(() => buildSuite(platform, {}), exempt);
    expect(report.findings.map((finding) => [finding.rule, finding.location]).sort()).toEqual([
      ['idempotency-exempt-stale', 'POST /api/v1/planted/gone'],
      ['idempotency-exempt-stale', 'POST /api/v1/records/labels'],
    ]);
  });
});

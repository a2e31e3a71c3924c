import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../platform/paging/index.js';
import type { Platform } from '../platform/open-platform.js';
import { buildSuite } from '../suite.js';
import { suiteWithPlantedRoutes, type FastifyZod } from '../../test/support/planted-routes.js';
import { openTestPlatform } from '../../test/support/test-platform.js';
import { checkListPaging } from './list-paging.js';

let platform: Platform;

beforeAll(async () => {
  platform = await openTestPlatform();
});

afterAll(async () => {
  await platform.close();
});

const thing = z.object({ id: z.uuid() });

/** The real suite with planted routes registered beside its own. */
const suiteWith = (plant: (routes: FastifyZod) => void) => suiteWithPlantedRoutes(platform, plant);

describe('check:list-paging', () => {
  it('passes on the real suite: every list is a page, every other array is bounded', async () => {
    const report = await checkListPaging(() => buildSuite(platform, {}));
    expect(report.findings).toEqual([]);
  });

  it('fails on a planted route that answers a bare array', async () => {
    const report = await checkListPaging(
      suiteWith((routes) => routes.get('/api/v1/planted/bare', { config: { auth: 'public' }, schema: { response: { 200: z.array(thing) } } }, async () => [])),
    );
    expect(report.findings.map((finding) => [finding.rule, finding.location])).toEqual([
      ['list-top-level-array', 'GET /api/v1/planted/bare 200'],
      ['list-unbounded-array', 'GET /api/v1/planted/bare 200'],
    ]);
  });

  it('fails on a planted route that wraps an unbounded array in an object', async () => {
    const report = await checkListPaging(
      suiteWith((routes) => routes.get('/api/v1/planted/wrapped', { config: { auth: 'public' }, schema: { response: { 200: z.object({ things: z.array(thing) }) } } }, async () => ({ things: [] }))),
    );
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'list-unbounded-array', location: 'GET /api/v1/planted/wrapped 200', message: expect.stringContaining('body.things') })]);
  });

  it('fails on `items` without a cursor, and on a page that takes no limit and cursor', async () => {
    const report = await checkListPaging(
      suiteWith((routes) => {
        routes.get('/api/v1/planted/items', { config: { auth: 'public' }, schema: { response: { 200: z.object({ items: z.array(thing).max(10) }) } } }, async () => ({ items: [] }));
        routes.get('/api/v1/planted/no-query', { config: { auth: 'public' }, schema: { response: { 200: pageSchema(thing) } } }, async () => ({ items: [], nextCursor: null, prevCursor: null }));
      }),
    );
    expect(report.findings.map((finding) => [finding.rule, finding.location])).toEqual([
      ['list-without-cursor', 'GET /api/v1/planted/items 200'],
      ['list-page-without-query', 'GET /api/v1/planted/no-query 200'],
    ]);
  });

  it('accepts a planted route that follows the rule', async () => {
    const report = await checkListPaging(
      suiteWith((routes) =>
        routes.get('/api/v1/planted/paged', { config: { auth: 'public' }, schema: { querystring: pageQuerySchema(), response: { 200: pageSchema(thing) } } }, async () => ({ items: [], nextCursor: null, prevCursor: null })),
      ),
    );
    expect(report.findings).toEqual([]);
  });
});

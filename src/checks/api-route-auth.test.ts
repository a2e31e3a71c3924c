import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform/open-platform.js';
import { buildSuite } from '../suite.js';
import { buildTestServer } from '../../test/support/test-server.js';
import { openTestPlatform } from '../../test/support/test-platform.js';
import { checkApiRouteAuth } from './api-route-auth.js';

let platform: Platform;

beforeAll(async () => {
  platform = await openTestPlatform();
});

afterAll(async () => {
  await platform.close();
});

describe('check:api-route-auth', () => {
  it('passes on the real suite and lists every route with its posture', async () => {
    const report = await checkApiRouteAuth(() => buildSuite(platform, {}));
    expect(report.findings).toEqual([]);
    const table = report.notes.join('\n');
    expect(table).toMatch(/^GET +\/healthz +public$/m);
    expect(table).toMatch(/^POST +\/api\/v1\/records\/labels +session\+mfa \| token:labels:write$/m);
    expect(table).toMatch(/^POST +\/api\/v1\/records\/entries\/:id\/reveal +session\+mfa$/m);
  });

  it('reports a route without a posture, planted in the real suite, as a finding rather than a crash', async () => {
    const report = await checkApiRouteAuth(async () => {
      const built = await buildSuite(platform, {});
      await built.app.register(async (plugin) => {
        plugin.get('/api/v1/planted/bare', async () => ({ open: true }));
      });
      return built;
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ rule: 'route-posture-missing' });
    expect(report.findings[0]!.message).toContain('GET /api/v1/planted/bare declares no valid auth posture');
  });

  it('reports a route whose posture is not one of the known ones', async () => {
    const report = await checkApiRouteAuth(() =>
      buildTestServer((app) => {
        app.get('/api/v1/planted/typo', { config: { auth: 'sesion' as 'session' } }, async () => ({ open: true }));
      }),
    );
    expect(report.findings.map((finding) => finding.rule)).toEqual(['route-posture-missing']);
    expect(report.findings[0]!.message).toContain('/api/v1/planted/typo');
  });
});

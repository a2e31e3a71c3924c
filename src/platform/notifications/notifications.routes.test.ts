import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

// A user's notifications and a tenant's dead letters are keyset pages like every other list:
// bounded, newest first, with cursors both ways and the page links on their HTML pages.

const suite = useTestSuite({ resolvers: testResolvers });

/** `count` notifications for `userId`, a second apart (the newest is number `count`), each from its own event. */
async function seedNotifications(tenantId: string, userId: string, count: number): Promise<void> {
  await suite.platform.businessDb.withTenant(tenantId, async (tx) => {
    await tx.query(
      `WITH events AS (
         INSERT INTO outbox_events (tenant_id, topic, idempotency_key, payload)
         SELECT $1, 'records.task.assigned', 'paging-' || n, jsonb_build_object('n', n) FROM generate_series(1, $3::int) AS n RETURNING id, payload
       )
       INSERT INTO notifications (tenant_id, user_id, event_id, title, created_at)
       SELECT $1, $2, id, 'Notice ' || (payload->>'n'), now() + (payload->>'n')::int * interval '1 second' FROM events`,
      [tenantId, userId, count],
    );
  });
}

describe('notifications, one page at a time', () => {
  it('pages newest first both ways, counts every unread one on each page, and links the pages of /notifications', async () => {
    const tenant = await createTestTenant(suite.platform);
    const user = randomUUID();
    await seedNotifications(tenant, user, 5);
    const headers = testPrincipalHeader({ tenantId: tenant, subject: user });
    const get = async (url: string) => (await suite.app.inject({ method: 'GET', url, headers })).json();
    const titles = (page: { items: Array<{ title: string }> }) => page.items.map((item) => item.title);

    const first = await get('/api/v1/notifications?limit=2');
    expect([titles(first), first.unread, first.prevCursor]).toEqual([['Notice 5', 'Notice 4'], 5, null]);
    const second = await get(`/api/v1/notifications?limit=2&cursor=${first.nextCursor}`);
    const third = await get(`/api/v1/notifications?limit=2&cursor=${second.nextCursor}`);
    expect([titles(second), titles(third), third.nextCursor, third.unread]).toEqual([['Notice 3', 'Notice 2'], ['Notice 1'], null, 5]);
    expect(titles(await get(`/api/v1/notifications?limit=2&cursor=${third.prevCursor}`))).toEqual(['Notice 3', 'Notice 2']);

    const html = await suite.app.inject({ method: 'GET', url: '/records/notifications?limit=2', headers });
    expect(html.body).toContain('Notice 5');
    expect(html.body).not.toContain('Notice 3');
    expect(html.body).toMatch(/href="\/records\/notifications\?cursor=[A-Za-z0-9_-]+" rel="next"/);
  });

  it("shows none of another user's notifications, and refuses a forged cursor and an unbounded page", async () => {
    const tenant = await createTestTenant(suite.platform);
    await seedNotifications(tenant, randomUUID(), 3);
    const headers = testPrincipalHeader({ tenantId: tenant, subject: randomUUID() });
    const mine = await suite.app.inject({ method: 'GET', url: '/api/v1/notifications', headers });
    expect(mine.json()).toEqual({ items: [], nextCursor: null, prevCursor: null, unread: 0 });
    const forged = Buffer.from(JSON.stringify({ d: 'a', k: ['not a time', randomUUID()] })).toString('base64url');
    for (const [url, code] of [[`/api/v1/notifications?cursor=${forged}`, 'page.invalid_cursor'], ['/api/v1/notifications?limit=201', 'request.invalid'], [`/api/v1/webhooks/deliveries/failed?cursor=${forged}`, 'page.invalid_cursor']] as const) {
      const response = await suite.app.inject({ method: 'GET', url, headers });
      expect([response.statusCode, response.json().error.code], url).toEqual([400, code]);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TASK_ASSIGNED_TOPIC } from '../../apps/records/tasks/task-assigned.topic.js';
import { mailsTo } from '../../../test/support/mailbox-tokens.js';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { createTenantWithUser } from '../../../test/support/tenant-manager.js';
import { verifyWebhook } from '../webhooks/index.js';

// The receiver listens on loopback, which production refuses: tests allow exactly that address.
const suite = useTestSuite({ resolvers: testResolvers, webhookTestAllowlist: ['127.0.0.1'] });
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
});
afterAll(() => receiver.close());

const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 20_000, interval: 50 });

async function addEndpoint(headers: Record<string, string>, topics?: string[]): Promise<{ id: string; secret: string }> {
  const response = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers, payload: { url: receiver.url, topics } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('Idempotency-Key on a create, through the outbox', () => {
  it('50 concurrent creates with one key give one row, one email and one webhook delivery', async () => {
    const owner = await createTenantWithUser(suite.platform);
    const tenant = owner.tenantId;
    const { secret } = await addEndpoint(owner.headers, ['records.label.created']);
    const mailbox = `label-watch-${randomUUID().slice(0, 8)}@example.com`;
    suite.platform.outbox.topics.onTopic('records.label.created', async ({ event, queueEmail }) => {
      if (event.tenantId === tenant) await queueEmail({ to: mailbox, subject: 'Label created', text: JSON.stringify(event.payload) });
    });
    const name = `Once ${randomUUID().slice(0, 8)}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers: { ...testPrincipalHeader({ tenantId: tenant }), 'idempotency-key': 'create-once' }, payload: { name } }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);

    const labelId = responses[0]!.json().id as string;
    const mine = () => receiver.requests.filter((request) => request.body.includes(labelId));
    await waitFor(async () => {
      expect(mine()).toHaveLength(1);
      expect(await mailsTo(mailbox, 'Label created')).toHaveLength(1);
    });
    const rows = await suite.platform.businessDb.withTenant(tenant, async (tx) => ({
      labels: (await tx.query('SELECT id FROM labels WHERE name = $1', [name])).rows.length,
      events: (await tx.query('SELECT id FROM outbox_events')).rows.length,
      deliveries: (await tx.query("SELECT id FROM webhook_deliveries WHERE status = 'delivered'")).rows.length,
    }));
    expect(rows).toEqual({ labels: 1, events: 1, deliveries: 1 });
    const [delivery] = mine();
    expect(verifyWebhook(secret, delivery!, delivery!.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'records.label.created', data: { label: { id: labelId, name } } });
  });

  it('refuses the same key with a different body (422) and stores nothing', async () => {
    const tenant = await createTestTenant(suite.platform);
    const send = (name: string) =>
      suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers: { ...testPrincipalHeader({ tenantId: tenant }), 'idempotency-key': 'k-1' }, payload: { name } });
    expect((await send('first')).statusCode).toBe(201);
    const reused = await send('second');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('request.idempotency_key_reused');
    const names = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query('SELECT name FROM labels')).rows.map((row) => row.name));
    expect(names).toEqual(['first']);
    const bad = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers: { ...testPrincipalHeader({ tenantId: tenant }), 'idempotency-key': 'é'.repeat(3) }, payload: { name: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.idempotency_key_invalid');
  });

  it('keys are per tenant: the same key in another tenant creates there', async () => {
    const [a, b] = [await createTestTenant(suite.platform), await createTestTenant(suite.platform)];
    for (const tenant of [a, b]) {
      const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers: { ...testPrincipalHeader({ tenantId: tenant }), 'idempotency-key': 'shared' }, payload: { name: 'same' } });
      expect(response.statusCode).toBe(201);
    }
  });
});

describe('records.task.assigned', () => {
  it('notifies the assignee in the app and by email, once, and the notification can be marked read', async () => {
    const tenant = await createTestTenant(suite.platform);
    const assignee = randomUUID();
    const email = `assignee-${randomUUID().slice(0, 8)}@example.com`;
    const taskId = randomUUID();
    const payload = { taskId, title: 'Call Ada back', assigneeUserId: assignee, assigneeEmail: email, dueDate: '2026-12-24', link: `/records/people/${randomUUID()}#task-${taskId}` };
    for (let i = 0; i < 3; i++) {
      await suite.platform.businessDb.withTenant(tenant, (tx) => suite.platform.outbox.enqueue(tx, { topic: TASK_ASSIGNED_TOPIC, idempotencyKey: `${taskId}:${assignee}`, payload }));
    }
    const mine = testPrincipalHeader({ tenantId: tenant, subject: assignee });
    const list = await waitFor(async () => {
      const response = await suite.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: mine });
      expect(response.json().items).toHaveLength(1);
      expect(await mailsTo(email, 'New task: Call Ada back')).toHaveLength(1);
      return response.json();
    });
    expect(list).toMatchObject({ unread: 1, items: [{ title: 'New task: Call Ada back', link: payload.link, read: false }], nextCursor: null });
    const page = await suite.app.inject({ method: 'GET', url: '/records/notifications', headers: { ...mine, accept: 'text/html' } });
    expect(page.body).toContain('New task: Call Ada back');
    expect(page.body).toContain(`data-api="/api/v1/notifications/${list.items[0].id}/read"`);
    const someoneElse = await suite.app.inject({ method: 'POST', url: `/api/v1/notifications/${list.items[0].id}/read`, headers: testPrincipalHeader({ tenantId: tenant, subject: randomUUID() }) });
    expect(someoneElse.statusCode).toBe(404);
    const read = await suite.app.inject({ method: 'POST', url: `/api/v1/notifications/${list.items[0].id}/read`, headers: mine });
    expect(read.statusCode).toBe(204);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: mine })).json().unread).toBe(0);
  });
});

describe('failed webhook deliveries', () => {
  it('are recorded with a backoff, listed as dead letters, and delivered by the retry button', async () => {
    const { tenantId: tenant, headers } = await createTenantWithUser(suite.platform);
    await addEndpoint(headers, ['records.label.created']);
    receiver.answer = 503;
    try {
      const created = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers, payload: { name: 'will fail' } });
      const failed = await waitFor(async () => {
        const response = await suite.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries/failed', headers });
        expect(response.json().items).toHaveLength(1);
        return response.json().items[0];
      });
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 503, lastError: 'the endpoint answered 503', topic: 'records.label.created' });
      // graphile-worker schedules the next attempt e^1 seconds later, e^2 after that, …
      const job = await suite.platform.businessDb.withTenant(tenant, (tx) =>
        tx.query<{ delay: number; attempts: number }>(`SELECT extract(epoch FROM run_at - now())::float AS delay, attempts FROM graphile_worker.jobs WHERE key = $1`, [`webhook:${failed.id}`]),
      );
      expect(job.rows[0]!.attempts).toBe(1);
      expect(job.rows[0]!.delay).toBeGreaterThan(0);
      const page = await suite.app.inject({ method: 'GET', url: '/records/settings/webhooks', headers: { ...headers, accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`data-api="/api/v1/webhooks/deliveries/${failed.id}/retry"`);
      expect(page.body).toContain('the endpoint answered 503');

      receiver.answer = 200;
      const retried = await suite.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${failed.id}/retry`, headers });
      expect(retried.statusCode).toBe(202);
      await waitFor(async () => {
        const { rows } = await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query('SELECT status FROM webhook_deliveries WHERE id = $1', [failed.id]));
        expect(rows[0]!.status).toBe('delivered');
      });
      expect((await suite.app.inject({ method: 'GET', url: '/api/v1/webhooks/deliveries/failed', headers })).json().items).toHaveLength(0);
      const deliveredTo = receiver.requests.filter((request) => request.body.includes(created.json().id));
      expect(deliveredTo.length).toBe(2);
      expect(new Set(deliveredTo.map((request) => request.id)).size).toBe(1); // same delivery id: the receiver can dedup
      const otherTenant = await createTenantWithUser(suite.platform);
      const foreign = await suite.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${failed.id}/retry`, headers: otherTenant.headers });
      expect(foreign.statusCode).toBe(404);
    } finally {
      receiver.answer = 200;
    }
  });
});

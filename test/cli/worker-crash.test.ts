import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../src/platform/db/free-port.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { createWebhookEndpoint } from '../../src/platform/webhooks/create-webhook-endpoint.js';
import { cliEnv, spawnCli, type CliProcess } from '../support/cli-process.js';
import { createTestTenant, openTestPlatform, testEnv } from '../support/test-platform.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

// The worker runs inside `bsns start`. Killed with SIGKILL while a webhook request is in flight,
// nothing is lost: after a restart the delivery is sent again with the same webhook-id, and a
// receiver that deduplicates by that id sees the event once.
let platform: Platform;
let receiver: WebhookReceiver;
const children: CliProcess[] = [];

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  // This process only adds jobs; the child process runs them (same job namespace).
  platform = await openTestPlatform({ BSNS_OUTBOX_WORKER: 'off' }, { webhookTestAllowlist: ['127.0.0.1'] });
});
afterAll(async () => {
  for (const child of children) child.child.kill('SIGKILL');
  await platform.close();
  await receiver.close();
});

async function startSuite(): Promise<CliProcess> {
  const env = cliEnv(testEnv({ PORT: String(await freePort()), BSNS_WEBHOOK_PRIVATE_ALLOWLIST: '127.0.0.1', LOG_LEVEL: 'warn' }));
  const child = spawnCli(['start'], env);
  children.push(child);
  return child;
}

describe('the outbox worker killed mid-delivery', { timeout: 120_000 }, () => {
  it('delivers after a restart, and the receiver dedups it to one', async () => {
    const tenant = await createTestTenant(platform);
    const eventKey = randomUUID();
    await platform.businessDb.withTenant(tenant, async (tx) => {
      await createWebhookEndpoint({ tenantVault: platform.tenantVault, addressPolicy: platform.webhookAddressPolicy, quotas: platform.quotas }, { url: receiver.url });
      await platform.outbox.enqueue(tx, { topic: 'records.label.created', idempotencyKey: eventKey, payload: { crash: eventKey } });
    });
    const mine = () => receiver.requests.filter((request) => request.body.includes(eventKey));
    const status = async () =>
      (await platform.businessDb.withTenant(tenant, (tx) => tx.query<{ status: string }>('SELECT status FROM webhook_deliveries'))).rows[0]?.status;

    receiver.hold = true;
    const first = await startSuite();
    await vi.waitFor(() => expect(mine()).toHaveLength(1), { timeout: 60_000, interval: 50 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(await status()).toBe('pending'); // the attempt died with the worker, uncommitted

    receiver.hold = false;
    await startSuite();
    await vi.waitFor(async () => expect(await status()).toBe('delivered'), { timeout: 60_000, interval: 100 });
    expect(mine()).toHaveLength(2);
    expect(new Set(mine().map((request) => request.id)).size).toBe(1);
  });
});

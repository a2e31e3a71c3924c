/**
 * The attack: a tenant member points a webhook at the inside of our network — the cloud metadata
 * service (169.254.169.254, which hands out credentials), a loopback admin port, or a DNS name
 * they control that resolves to a private address (at save time, or only later: DNS rebinding).
 * Each is refused at save and again at send, on the address actually connected to. And a
 * receiver must be able to tell our deliveries from forgeries and replays.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { TestDnsZone } from '../../../test/support/test-dns-zone.js';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { createTenantWithUser } from '../../../test/support/tenant-manager.js';
import { isAllowedAddress } from './webhook-address-policy.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

// The attacker's own domain: its DNS points wherever they like, and changes when they like.
const attackerDns = new TestDnsZone();
// The production policy (no allowlist), resolving through the attacker's zone for its names.
const suite = useTestSuite({ resolvers: testResolvers, webhookTestLookup: attackerDns.lookup });
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
});
afterAll(() => receiver.close());

describe('webhook URLs at save time', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['a DNS name resolving to loopback', 'http://localhost:9000/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/hook'],
    ['SIIT-translated loopback', 'http://[::ffff:0:7f00:1]/hook'],
    ['6to4 of loopback', 'https://[2002:7f00:1::]/hook'],
    ['6to4 of the metadata address', 'https://[2002:a9fe:a9fe::]/hook'],
    ['a Teredo address', 'https://[2001:0:7f00:1::]/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['another private network', 'https://192.168.1.10/hook'],
    ['link-local', 'http://169.254.10.10/hook'],
    ['the unspecified address', 'http://0.0.0.0/hook'],
    ['a non-http scheme', 'ftp://example.com/hook'],
    ['a file URL', 'file:///etc/passwd'],
    ['credentials in the URL', 'https://user:pass@example.com/hook'],
  ])('refuses %s and stores nothing', async (_label, url) => {
    const { tenantId: tenant, headers } = await createTenantWithUser(suite.platform);
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers, payload: { url } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('webhook.url_refused');
    const { rows } = await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query('SELECT id FROM webhook_endpoints'));
    expect(rows).toHaveLength(0);
  });
});

describe('a DNS name that resolves to a private address', () => {
  const save = (headers: Record<string, string>, url: string) => suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers, payload: { url, topics: ['records.label.created'] } });

  it.each([
    ['10.0.0.0/8', 'intranet.attacker.test', ['10.20.30.40']],
    ['172.16.0.0/12', 'db.attacker.test', ['172.16.5.4']],
    ['192.168.0.0/16', 'router.attacker.test', ['192.168.1.1']],
    ['the cloud metadata address', 'metadata.attacker.test', ['169.254.169.254']],
    ['IPv6 unique-local', 'v6.attacker.test', ['fd12:3456::1']],
    ['one private address among public ones', 'mixed.attacker.test', ['93.184.215.14', '10.0.0.8']],
  ])('is refused at save (%s), and nothing is stored', async (_label, name, addresses) => {
    attackerDns.set(name, addresses);
    const { tenantId, headers } = await createTenantWithUser(suite.platform);
    const response = await save(headers, `https://${name}/hook`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toEqual({ code: 'webhook.url_refused', message: `This webhook URL is not allowed: ${name} resolves to a non-public address.` });
    const { rows } = await suite.platform.businessDb.withTenant(tenantId, (tx) => tx.query('SELECT id FROM webhook_endpoints'));
    expect(rows).toHaveLength(0);
  });

  it('is told apart from a name the same zone points at a public address, which is saved (the guard reads this zone)', async () => {
    attackerDns.set('shop.attacker.test', ['93.184.215.14']);
    const { headers } = await createTenantWithUser(suite.platform);
    const saved = await save(headers, 'https://shop.attacker.test/hook');
    expect(saved.statusCode, saved.body).toBe(201);
    // Removed at once: no event of this tenant may ever be sent out of the test machine.
    expect((await suite.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/endpoints/${saved.json().id}`, headers })).statusCode).toBe(204);
  });

  it('is refused at send when the name is pointed inside after the save (DNS rebinding), before any connection', async () => {
    attackerDns.set('rebind.attacker.test', ['93.184.215.14']);
    const { tenantId, headers } = await createTenantWithUser(suite.platform);
    expect((await save(headers, 'https://rebind.attacker.test/hook')).statusCode).toBe(201);
    attackerDns.set('rebind.attacker.test', ['10.20.30.40']);
    expect((await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers, payload: { name: 'rebound' } })).statusCode).toBe(201);
    const delivery = await vi.waitFor(
      async () => {
        const { rows } = await suite.platform.businessDb.withTenant(tenantId, (tx) => tx.query('SELECT status, last_error FROM webhook_deliveries'));
        expect(rows[0]?.status).toBe('failed');
        return rows[0]!;
      },
      { timeout: 20_000, interval: 50 },
    );
    // The guard's refusal, not a failed connection to 10.20.30.40: nothing was dialled.
    expect(delivery.last_error).toBe('rebind.attacker.test resolves to a non-public address');
  });
});

describe('webhook URLs at send time', () => {
  it('refuses a saved URL whose name now resolves to loopback (rebinding): nothing reaches the receiver', async () => {
    const tenant = await createTestTenant(suite.platform);
    const id = randomUUID();
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    // As if the name resolved publicly when it was saved: the row is written past the save check.
    await suite.platform.businessDb.withTenant(tenant, async (tx) => {
      const secret = await suite.platform.tenantVault.seal('whsec_AAAA', { table: 'webhook_endpoints', column: 'secret_sealed', rowId: id });
      await tx.query('INSERT INTO webhook_endpoints (tenant_id, id, url, secret_sealed) VALUES ($1, $2, $3, $4)', [tenant, id, url, secret]);
      await suite.platform.outbox.enqueue(tx, { topic: 'records.label.created', idempotencyKey: randomUUID(), payload: { probe: true } });
    });
    const delivery = await vi.waitFor(
      async () => {
        const { rows } = await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query('SELECT status, last_error FROM webhook_deliveries'));
        expect(rows[0]?.status).toBe('failed');
        return rows[0]!;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(delivery.last_error).toMatch(/non-public address/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('never allows the metadata address, even when an operator allowlists it', () => {
    const policy = { allowlist: new Set(['169.254.169.254', '10.0.0.5']) };
    expect(isAllowedAddress('169.254.169.254', policy)).toBe(false);
    expect(isAllowedAddress('::ffff:169.254.169.254', policy)).toBe(false);
    expect(isAllowedAddress('10.0.0.5', policy)).toBe(true);
    expect(isAllowedAddress('10.0.0.6', policy)).toBe(false);
    expect(isAllowedAddress('64:ff9b::7f00:1', { allowlist: new Set() })).toBe(false);
    expect(isAllowedAddress('fd12:3456::1', { allowlist: new Set() })).toBe(false);
    expect(isAllowedAddress('93.184.215.14', { allowlist: new Set() })).toBe(true);
  });
});

describe('webhook endpoints of another tenant', () => {
  it('cannot be deleted or listed by a manager of another tenant', async () => {
    const owner = await createTestTenant(suite.platform);
    const attacker = await createTenantWithUser(suite.platform);
    const id = randomUUID();
    await suite.platform.businessDb.withTenant(owner, async (tx) => {
      const secret = await suite.platform.tenantVault.seal('whsec_AAAA', { table: 'webhook_endpoints', column: 'secret_sealed', rowId: id });
      await tx.query('INSERT INTO webhook_endpoints (tenant_id, id, url, secret_sealed) VALUES ($1, $2, $3, $4)', [owner, id, 'https://example.com/h', secret]);
    });
    const response = await suite.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/endpoints/${id}`, headers: attacker.headers });
    expect(response.statusCode).toBe(404);
    const list = await suite.app.inject({ method: 'GET', url: '/api/v1/webhooks/endpoints', headers: attacker.headers });
    expect(list.json().endpoints).toEqual([]);
  });

  it('cannot be added by a plain member, or by a principal who is not a member at all', async () => {
    const member = await createTenantWithUser(suite.platform, 'member');
    const payload = { url: 'https://example.com/hook' };
    const asMember = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers: member.headers, payload });
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json().error.code).toBe('member.manage_forbidden');
    const stranger = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers: testPrincipalHeader({ tenantId: member.tenantId, subject: randomUUID() }), payload });
    expect(stranger.statusCode).toBe(403);
    const { rows } = await suite.platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('SELECT id FROM webhook_endpoints'));
    expect(rows).toHaveLength(0);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
  const now = 1_800_000_000;
  const headers = { id: 'msg_1', timestamp: String(now), signature: signWebhook(secret, 'msg_1', now, '{"a":1}') };

  it('verify for the sender secret, body, id and a recent timestamp only', () => {
    expect(verifyWebhook(secret, headers, '{"a":1}', now + 10)).toBe(true);
    expect(verifyWebhook(secret, headers, '{"a":2}', now)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, id: 'msg_2' }, '{"a":1}', now)).toBe(false);
    expect(verifyWebhook('whsec_' + Buffer.alloc(32, 2).toString('base64'), headers, '{"a":1}', now)).toBe(false);
    expect(verifyWebhook(secret, headers, '{"a":1}', now + 301)).toBe(false); // a replay after the tolerance
  });
});

/**
 * The attack: map a network through failed deliveries. A tenant points webhooks at one port after
 * another of a host and reads, from each failed delivery, whether the port refused (closed),
 * never answered (filtered) or the host was unreachable. Every network failure must read alike.
 */
import { describe, expect, it, vi } from 'vitest';
import { createTenantWithUser } from '../../../test/support/tenant-manager.js';
import { testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { freePort } from '../db/free-port.js';

// Loopback allowed on purpose here: a port nobody listens on stands for any host's closed port.
const probing = useTestSuite({ resolvers: testResolvers, webhookTestAllowlist: ['127.0.0.1'] });

describe('a failed delivery, as the tenant reads it', () => {
  it('says only that the endpoint could not be reached, so deliveries cannot map open and closed ports', async () => {
    const { tenantId, headers } = await createTenantWithUser(probing.platform);
    const closedPort = await freePort();
    const saved = await probing.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers, payload: { url: `http://127.0.0.1:${closedPort}/hook` } });
    expect(saved.statusCode, saved.body).toBe(201);
    expect((await probing.app.inject({ method: 'POST', url: '/api/v1/records/labels', headers, payload: { name: 'probe' } })).statusCode).toBe(201);
    const delivery = await vi.waitFor(
      async () => {
        const { rows } = await probing.platform.businessDb.withTenant(tenantId, (tx) => tx.query<{ status: string; last_error: string }>('SELECT status, last_error FROM webhook_deliveries'));
        expect(rows[0]?.status).toBe('failed');
        return rows[0]!;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(delivery.last_error).toBe('the endpoint could not be reached');
  });
});

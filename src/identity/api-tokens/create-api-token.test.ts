import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { bearer, mintToken } from '../../../test/support/api-token-holders.js';
import { createTestMember, signIn } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const suite = useTestSuite();

// A token can be a tenant's first way into the apps: nobody launched one yet, or the mirror at
// sign-up failed. A write through it used to hit the missing business row as a 500.
it('a token of a tenant never mirrored into the business database writes there', async () => {
  const member = await createTestMember(suite.platform.identityDb, suite.platform.clock);
  const mirrored = () => suite.platform.businessDb.withTenant(member.tenantId, async (tx) => (await tx.query('SELECT 1 FROM tenants')).rowCount);
  expect(await mirrored()).toBe(0);
  const browser = new SuiteClient(suite.app);
  await signIn(browser, member.email);
  const { secret } = await mintToken({ ...member, browser, clock: suite.platform.clock }, ['labels:write']);
  expect(await mirrored()).toBe(1);
  const response = await suite.app.inject({
    method: 'POST',
    url: '/api/v1/records/labels',
    headers: { ...bearer(secret), 'idempotency-key': randomUUID() },
    payload: { name: 'first label' },
  });
  expect(response.statusCode, response.body).toBe(201);
});

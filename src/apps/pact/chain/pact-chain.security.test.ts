/**
 * The pact chain under attack: concurrent appends must not fork or leave a gap, and a superuser
 * who edits an entry or cuts the tail must be caught, at that entry or against a saved checkpoint.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestTenant, openTestPlatform } from '../../../../test/support/test-platform.js';
import type { Platform } from '../../../platform/open-platform.js';
import { appendPactChainEntry, checkPactCheckpoint, latestPactCheckpoint, makePactCheckpoint, pactPayloadDigest, verifyPactChain, type PactCheckpoint } from './index.js';

let platform: Platform;
let superuser: pg.Client;

beforeAll(async () => {
  platform = await openTestPlatform();
  const url = new URL(inject('testDatabases').adminUrl);
  url.pathname = new URL(platform.databaseUrls.business).pathname;
  superuser = new pg.Client({ connectionString: url.toString() });
  await superuser.connect();
});

afterAll(async () => {
  await superuser.end();
  await platform.close();
});

/** 32 signers across 4 envelopes, each appending in its own transaction, all at once. */
async function concurrentHistory(tenant: string): Promise<void> {
  const envelopes = Array.from({ length: 4 }, () => randomUUID());
  await Promise.all(
    Array.from({ length: 32 }, (_, index) =>
      platform.businessDb.withTenant(tenant, () => appendPactChainEntry({ type: 'signed', envelopeId: envelopes[index % 4]!, payload: { signer: index } })),
    ),
  );
}

/** An edit as the superuser, past the append-only trigger (as someone with the database's files could). */
async function asSuperuser(sql: string, values: unknown[]): Promise<void> {
  await superuser.query('BEGIN');
  await superuser.query("SET LOCAL session_replication_role = 'replica'");
  await superuser.query(sql, values);
  await superuser.query('COMMIT');
}

describe('the pact chain', () => {
  it('stays one unbroken chain under 32 concurrent appends across 4 envelopes', async () => {
    const tenant = await createTestTenant(platform);
    await concurrentHistory(tenant);
    const report = await platform.businessDb.withTenant(tenant, () => verifyPactChain(), { readOnly: true });
    expect(report.broken).toBeNull();
    expect(report.entries).toBe(32);
    const { rows } = await superuser.query<{ seqs: string[] }>('SELECT array_agg(seq ORDER BY seq) AS seqs FROM pact_chain_entries WHERE tenant_id = $1', [tenant]);
    expect(rows[0]!.seqs.map(Number)).toEqual(Array.from({ length: 32 }, (_, index) => index + 1));
  });

  it('keeps tenants apart: another tenant sees none of the entries and its chain starts at 1', async () => {
    const [first, second] = [await createTestTenant(platform), await createTestTenant(platform)];
    await platform.businessDb.withTenant(first, () => appendPactChainEntry({ type: 'created', envelopeId: randomUUID(), payload: {} }));
    const entry = await platform.businessDb.withTenant(second, () => appendPactChainEntry({ type: 'created', envelopeId: randomUUID(), payload: {} }));
    expect(entry.seq).toBe(1);
    expect((await platform.businessDb.withTenant(second, () => verifyPactChain(), { readOnly: true })).entries).toBe(1);
  });

  it.each(['payload_digest', 'type', 'at'] as const)('catches an edit of %s at the edited entry', async (column) => {
    const tenant = await createTestTenant(platform);
    await concurrentHistory(tenant);
    const edit = { payload_digest: `'${'a'.repeat(64)}'`, type: "'voided'", at: "at + interval '1 second'" }[column];
    await asSuperuser(`UPDATE pact_chain_entries SET ${column} = ${edit} WHERE tenant_id = $1 AND seq = 17`, [tenant]);
    const report = await platform.businessDb.withTenant(tenant, () => verifyPactChain(), { readOnly: true });
    expect(report.broken).toMatchObject({ seq: 17, reason: 'content' });
  });

  it('catches a rehashed entry at the next link, and a deleted entry as missing', async () => {
    const tenant = await createTestTenant(platform);
    await concurrentHistory(tenant);
    await asSuperuser(`UPDATE pact_chain_entries SET hash = $2 WHERE tenant_id = $1 AND seq = 5`, [tenant, 'b'.repeat(64)]);
    expect((await platform.businessDb.withTenant(tenant, () => verifyPactChain())).broken).toMatchObject({ seq: 5, reason: 'content' });
    await asSuperuser('DELETE FROM pact_chain_entries WHERE tenant_id = $1 AND seq = 9', [tenant]);
    const again = await platform.businessDb.withTenant(tenant, () => verifyPactChain());
    expect(again.broken?.seq).toBe(5);
  });

  it('catches a deleted tail against a saved checkpoint, though the shorter chain verifies alone', async () => {
    const tenant = await createTestTenant(platform);
    await concurrentHistory(tenant);
    const saved = (await platform.businessDb.withTenant(tenant, () => makePactCheckpoint(platform.tenantVault, new Date()))) as PactCheckpoint;
    expect(saved.seq).toBe(32);
    const before = await platform.businessDb.withTenant(tenant, () => verifyPactChain());
    expect(checkPactCheckpoint(saved, tenant, before).ok).toBe(true);
    await asSuperuser('DELETE FROM pact_chain_entries WHERE tenant_id = $1 AND seq > 28', [tenant]);
    const after = await platform.businessDb.withTenant(tenant, () => verifyPactChain());
    expect(after.broken).toBeNull();
    expect(checkPactCheckpoint(saved, tenant, after)).toMatchObject({ ok: false, detail: expect.stringContaining('no longer in the chain') });
    // Appending again after the cut does not hide it: entry 32 now has another hash.
    await platform.businessDb.withTenant(tenant, async () => {
      for (let index = 0; index < 4; index += 1) await appendPactChainEntry({ type: 'viewed', envelopeId: randomUUID(), payload: { index } });
    });
    const regrown = await platform.businessDb.withTenant(tenant, () => verifyPactChain());
    expect(checkPactCheckpoint(saved, tenant, regrown)).toMatchObject({ ok: false, detail: expect.stringContaining('rewritten') });
  });

  it('refuses a forged checkpoint and one of another tenant', async () => {
    const tenant = await createTestTenant(platform);
    await concurrentHistory(tenant);
    const saved = (await platform.businessDb.withTenant(tenant, () => makePactCheckpoint(platform.tenantVault, new Date())))!;
    const report = await platform.businessDb.withTenant(tenant, () => verifyPactChain());
    expect(checkPactCheckpoint({ ...saved, seq: 31 }, tenant, report).ok).toBe(false);
    expect(checkPactCheckpoint(saved, randomUUID(), report).ok).toBe(false);
    expect(await platform.businessDb.withTenant(tenant, () => latestPactCheckpoint())).toMatchObject({ seq: 32, head: saved.head });
  });

  it('is append-only for the runtime role', async () => {
    const tenant = await createTestTenant(platform);
    await platform.businessDb.withTenant(tenant, () => appendPactChainEntry({ type: 'created', envelopeId: randomUUID(), payload: {} }));
    await expect(platform.businessDb.withTenant(tenant, (tx) => tx.query("UPDATE pact_chain_entries SET type = 'voided'"))).rejects.toThrow(/append-only/);
    await expect(platform.businessDb.withTenant(tenant, (tx) => tx.query('DELETE FROM pact_chain_entries'))).rejects.toThrow(/append-only/);
  });

  it('digests payloads by value and type, whatever the key order', () => {
    expect(pactPayloadDigest({ a: '1', b: 2 })).toBe(pactPayloadDigest({ b: 2, a: '1' }));
    expect(pactPayloadDigest({ a: 1 })).not.toBe(pactPayloadDigest({ a: '1' }));
    expect(pactPayloadDigest({ ab: 'c' })).not.toBe(pactPayloadDigest({ a: 'bc' }));
  });
});

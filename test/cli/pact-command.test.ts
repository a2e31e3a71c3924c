import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendPactChainEntry } from '../../src/apps/pact/chain/index.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { cliEnv, runCli } from '../support/cli-process.js';
import { createTestTenant, openTestPlatform, testEnv } from '../support/test-platform.js';

// `npx bsns pact verify` recomputes a tenant's chain in the real CLI process; the tampering is
// done as the superuser, past the append-only trigger, as someone with the database's files could.
let platform: Platform;
let superuser: pg.Client;
let dir: string;
const bsns = (...args: string[]) => runCli(args, cliEnv(testEnv()));

beforeAll(async () => {
  platform = await openTestPlatform();
  const url = new URL(inject('testDatabases').adminUrl);
  url.pathname = new URL(platform.databaseUrls.business).pathname;
  superuser = new pg.Client({ connectionString: url.toString() });
  await superuser.connect();
  dir = await mkdtemp(path.join(tmpdir(), 'bsns-pact-cli-'));
});
afterAll(async () => {
  await superuser.end();
  await platform.close();
  await rm(dir, { recursive: true, force: true });
});

/** A tenant with `count` entries, one transaction each. */
async function tenantWithChain(count: number): Promise<string> {
  const tenant = await createTestTenant(platform);
  const envelopeId = randomUUID();
  for (let index = 0; index < count; index += 1) {
    await platform.businessDb.withTenant(tenant, () => appendPactChainEntry({ type: index === 0 ? 'created' : 'viewed', envelopeId, payload: { index } }));
  }
  return tenant;
}

async function asSuperuser(sql: string, values: unknown[]): Promise<void> {
  await superuser.query('BEGIN');
  await superuser.query("SET LOCAL session_replication_role = 'replica'");
  await superuser.query(sql, values);
  await superuser.query('COMMIT');
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('bsns pact', { timeout: 120_000 }, () => {
  it('verifies a fresh chain, in words and as JSON', async () => {
    const tenant = await tenantWithChain(6);
    const result = await bsns('pact', 'verify', '--tenant', tenant);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`chain of tenant ${tenant}: 6 entries verified, head 6 `);
    expect(result.stdout).toContain('Pact chain verified.');

    const json = await bsns('pact', 'verify', '--tenant', tenant, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ tenantId: tenant, ok: true, entries: 6, headSeq: 6, broken: null, storedCheckpointCheck: null, checkpointCheck: null });
  });

  it('names the seq of an entry a superuser edited, and exits 1', async () => {
    const tenant = await tenantWithChain(8);
    await asSuperuser("UPDATE pact_chain_entries SET type = 'voided' WHERE tenant_id = $1 AND seq = 5", [tenant]);

    const result = await bsns('pact', 'verify', '--tenant', tenant);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 entries verified');
    expect(result.stdout).toContain('FIRST BROKEN LINK at entry 5 (content): entry 5 was changed after it was written');
    expect(result.stderr).toContain('Pact chain verification failed');
    noStack(result.stderr);

    const json = await bsns('pact', 'verify', '--tenant', tenant, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, broken: { seq: 5, reason: 'content' } });
  });

  it('catches a deleted tail against a saved checkpoint, though the shorter chain verifies alone', async () => {
    const tenant = await tenantWithChain(10);
    const made = await bsns('pact', 'checkpoint', '--tenant', tenant);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const checkpoint = JSON.parse(made.stdout) as { tenantId: string; seq: number; head: string; publicKeyPem: string };
    expect(checkpoint).toMatchObject({ tenantId: tenant, seq: 10, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const file = path.join(dir, `${tenant}.json`);
    await writeFile(file, made.stdout);

    const before = await bsns('pact', 'verify', '--tenant', tenant, '--checkpoint', file);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('saved checkpoint seq 10');
    expect(before.stdout).toContain(': ok: the chain still holds entry 10');

    // A cut tail: the checkpoint the database stored when it was signed still sees it...
    await asSuperuser('DELETE FROM pact_chain_entries WHERE tenant_id = $1 AND seq > 7', [tenant]);
    const stored = await bsns('pact', 'verify', '--tenant', tenant);
    expect(stored.code).toBe(1);
    expect(stored.stdout).toContain('7 entries verified');
    expect(stored.stdout).toContain('stored checkpoint seq 10');
    expect(stored.stdout).toContain('FAILED: entry 10 of the checkpoint is no longer in the chain (the chain ends at 7)');

    // ...until the stored checkpoints are cut too: the shorter chain verifies alone, the saved copy does not.
    await asSuperuser('DELETE FROM pact_chain_checkpoints WHERE tenant_id = $1', [tenant]);
    const alone = await bsns('pact', 'verify', '--tenant', tenant);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('7 entries verified');

    const against = await bsns('pact', 'verify', '--tenant', tenant, '--checkpoint', file, '--json');
    expect(against.code).toBe(1);
    expect(JSON.parse(against.stdout)).toMatchObject({
      ok: false,
      broken: null,
      storedCheckpointCheck: null,
      checkpointCheck: { ok: false, detail: expect.stringContaining('entry 10 of the checkpoint is no longer in the chain') },
    });
    expect(against.stderr).toContain('Pact chain verification failed');
  });

  it('refuses a malformed checkpoint file, a bad tenant id and an unknown tenant with a message', async () => {
    const tenant = await tenantWithChain(1);
    const junk = path.join(dir, 'junk.json');
    await writeFile(junk, JSON.stringify({ tenantId: tenant, seq: 'ten', head: 'nope' }));
    const malformed = await bsns('pact', 'verify', '--tenant', tenant, '--checkpoint', junk);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('is not a checkpoint printed by `bsns pact checkpoint`');
    expect(malformed.stderr).toContain('seq:');
    noStack(malformed.stderr);

    const notJson = path.join(dir, 'not-json.json');
    await writeFile(notJson, 'not json');
    const unreadable = await bsns('pact', 'verify', '--tenant', tenant, '--checkpoint', notJson);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('Cannot read the checkpoint file');
    noStack(unreadable.stderr);

    const badId = await bsns('pact', 'verify', '--tenant', 'not-a-uuid');
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('--tenant must be a lower-case UUID');
    noStack(badId.stderr);

    const unknown = await bsns('pact', 'checkpoint', '--tenant', randomUUID());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no tenant');
    noStack(unknown.stderr);

    const empty = await bsns('pact', 'checkpoint', '--tenant', await createTestTenant(platform));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no pact chain entries yet');
  });
});

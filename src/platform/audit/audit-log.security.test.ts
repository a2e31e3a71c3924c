/**
 * Attack story: someone with database access wants an action of theirs forgotten. The runtime
 * role (a compromised app process) and the owner role (a leaked migration credential) try to
 * UPDATE, DELETE or TRUNCATE audit rows; a superuser, whom no grant can stop, edits an entry in
 * the middle or cuts the tail off. The first must be refused outright; the second must be found:
 * `verifyAudit` names the edited entry, and a checkpoint saved before the cut proves the tail
 * existed. Eight writers at once must never fork the chain.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../test/support/scratch-databases.js';
import { ManualClock } from '../clock.js';
import { parseKeyring } from '../crypto/index.js';
import { createPool, IdentityDb } from '../db/index.js';
import { migrateDatabase } from '../migrations/index.js';
import { createAuditLog } from './audit-log.js';
import { makeAuditCheckpoint } from './audit-checkpoints.js';
import { verifyAudit } from './verify-audit.js';

let scratch: ScratchDatabases;
let appPool: pg.Pool;
let ownerPool: pg.Pool;
let superPool: pg.Pool;
const clock = new ManualClock(new Date('2026-06-01T10:00:00.000Z'));
const keyring = () => parseKeyring(inject('testMasterKeys'));

beforeAll(async () => {
  scratch = await provisionScratchDatabases();
  await migrateDatabase(scratch.urls.identityOwner, 'identity');
  appPool = createPool(scratch.urls.identity, { max: 10, applicationName: 'audit-test' });
  ownerPool = createPool(scratch.urls.identityOwner, { max: 2, applicationName: 'audit-test' });
  const superUrl = new URL(scratch.adminUrl);
  superUrl.pathname = `/${scratch.layout.identityDatabase}`;
  superPool = new pg.Pool({ connectionString: superUrl.toString(), max: 1 });
});

afterAll(async () => {
  await Promise.allSettled([appPool?.end(), ownerPool?.end(), superPool?.end()]);
  await scratch?.drop();
});

async function appendSome(count: number, tag: string): Promise<void> {
  const log = createAuditLog(new IdentityDb(appPool), clock);
  for (let i = 0; i < count; i += 1) {
    clock.advance(1000);
    await log.append({ actor: { type: 'cli' }, action: 'test.entry', target: { type: 'test', id: `${tag}-${i}` }, metadata: { i, tag } });
  }
}

/** Edits as a superuser with the guard triggers off, the way an attacker with full access would. */
async function superuserTamper(sql: string, values: unknown[] = []): Promise<void> {
  const client = await superPool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query(sql, values);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

describe('the platform audit log in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to the runtime role and to the owner role', async () => {
    await appendSome(3, 'grants');
    for (const [role, pool] of [['runtime', appPool], ['owner', ownerPool]] as const) {
      for (const sql of [
        "UPDATE platform_audit_log SET action = 'test.hidden' WHERE seq = 1",
        'DELETE FROM platform_audit_log WHERE seq = 1',
        'TRUNCATE platform_audit_log',
        "UPDATE platform_audit_checkpoints SET head = repeat('0', 64)",
        'DELETE FROM platform_audit_checkpoints',
        'DELETE FROM platform_audit_keys',
        // The chain's head row: writers move it, nobody removes or replaces it.
        'DELETE FROM platform_audit_head',
        "INSERT INTO platform_audit_head (singleton, seq, hash) VALUES (false, 0, repeat('0', 64))",
        'TRUNCATE platform_audit_head',
      ]) {
        await expect(pool.query(sql), `${role}: ${sql}`).rejects.toMatchObject({ code: '42501' });
      }
    }
    // The owner can grant itself the privileges back; the guard trigger still refuses.
    await ownerPool.query('GRANT UPDATE, DELETE, TRUNCATE ON platform_audit_log TO CURRENT_USER');
    await expect(ownerPool.query("UPDATE platform_audit_log SET action = 'test.hidden' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(ownerPool.query('DELETE FROM platform_audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(ownerPool.query('TRUNCATE platform_audit_log')).rejects.toThrow(/append-only/);
    await ownerPool.query('REVOKE UPDATE, DELETE, TRUNCATE ON platform_audit_log FROM CURRENT_USER');
    const { rows } = await appPool.query("SELECT count(*)::int AS n FROM platform_audit_log WHERE action = 'test.entry'");
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    expect((await verifyAudit(appPool)).ok).toBe(true);
  });

  it('keeps one chain under 8 concurrent writers', async () => {
    const logs = Array.from({ length: 8 }, () => createAuditLog(new IdentityDb(appPool), clock));
    await Promise.all(
      logs.map(async (log, writer) => {
        for (let i = 0; i < 25; i += 1) await log.append({ actor: { type: 'service', id: `writer-${writer}` }, action: 'test.concurrent', metadata: { i } });
      }),
    );
    const report = await verifyAudit(appPool);
    expect(report.chain.broken).toBeNull();
    const { rows } = await appPool.query<{ n: number; distinct_prev: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT prev_hash)::int AS distinct_prev FROM platform_audit_log',
    );
    const counts = rows[0]!;
    expect(counts.n).toBe(report.chain.headSeq);
    expect(counts.distinct_prev).toBe(counts.n); // no two entries claim the same predecessor
  });

  it('finds a superuser edit of a middle entry at that entry', async () => {
    const before = await verifyAudit(appPool);
    expect(before.ok).toBe(true);
    const middle = Math.floor(before.chain.headSeq / 2);
    await superuserTamper(`UPDATE platform_audit_log SET metadata = '{"i": 999}' WHERE seq = $1`, [middle]);
    const after = await verifyAudit(appPool);
    expect(after.ok).toBe(false);
    expect(after.chain.broken).toMatchObject({ seq: middle, reason: 'content' });
  });
});

describe('checkpoints against a cut tail', () => {
  let fresh: ScratchDatabases;
  let pool: pg.Pool;
  let superFresh: pg.Pool;

  beforeAll(async () => {
    fresh = await provisionScratchDatabases();
    await migrateDatabase(fresh.urls.identityOwner, 'identity');
    pool = createPool(fresh.urls.identity, { max: 2, applicationName: 'audit-test' });
    const superUrl = new URL(fresh.adminUrl);
    superUrl.pathname = `/${fresh.layout.identityDatabase}`;
    superFresh = new pg.Pool({ connectionString: superUrl.toString(), max: 1 });
  });
  afterAll(async () => {
    await Promise.allSettled([pool?.end(), superFresh?.end()]);
    await fresh?.drop();
  });

  it('a checkpoint saved before the cut proves the tail existed', async () => {
    const db = new IdentityDb(pool);
    const log = createAuditLog(db, clock);
    for (let i = 0; i < 10; i += 1) await log.append({ actor: { type: 'cli' }, action: 'test.tail', metadata: { i } });
    const saved = await makeAuditCheckpoint({ db, keyring: keyring(), clock });
    expect(saved.seq).toBe(10);
    expect((await verifyAudit(pool, saved)).ok).toBe(true);

    // Cut entries 8..10 and the stored checkpoint with them: the chain left behind is intact.
    const client = await superFresh.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL session_replication_role = 'replica'");
      await client.query('DELETE FROM platform_audit_log WHERE seq >= 8');
      await client.query('DELETE FROM platform_audit_checkpoints');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const withoutSaved = await verifyAudit(pool);
    expect(withoutSaved.chain.broken).toBeNull(); // a clean cut leaves a valid shorter chain...
    const report = await verifyAudit(pool, saved);
    expect(report.ok).toBe(false); // ...which the saved checkpoint exposes
    expect(report.checkpoints.find((finding) => finding.source === 'saved')?.problem).toMatch(/vouches for entry 10.*ends at entry 7/);

    // The head row still remembers entry 10: the next append links to it, and the gap shows
    // even without a saved checkpoint.
    await log.append({ actor: { type: 'cli' }, action: 'test.tail', metadata: { i: 10 } });
    const afterAppend = await verifyAudit(pool);
    expect(afterAppend.ok).toBe(false);
    expect(afterAppend.chain.broken?.seq).toBe(8); // where the gap begins
  });

  it('refuses a saved checkpoint whose signature was forged', async () => {
    const db = new IdentityDb(pool);
    const checkpoint = await makeAuditCheckpoint({ db, keyring: keyring(), clock });
    const forged = { ...checkpoint, seq: checkpoint.seq + 5 };
    const report = await verifyAudit(pool, forged);
    expect(report.checkpoints.find((finding) => finding.source === 'saved')).toMatchObject({ ok: false, problem: 'its signature does not verify' });
  });
});

import type { Queryable } from '../db/queryable.js';
import { AUDIT_COLUMNS, GENESIS_HASH, recordFromRow, type AuditRow } from './audit-entry.js';
import { auditEntryHash } from './audit-hash.js';

const BATCH = 2000;

export interface BrokenLink {
  /** The first entry whose link does not hold. */
  readonly seq: number;
  readonly reason: 'missing' | 'prev_hash' | 'content';
  readonly detail: string;
}

export interface ChainReport {
  readonly entries: number;
  /** The last entry read (0 and the genesis hash for an empty log). */
  readonly headSeq: number;
  readonly headHash: string;
  readonly broken: BrokenLink | null;
  /** seq → hash of every entry read, for checking checkpoints against the chain. */
  hashAt(seq: number): string | undefined;
}

/**
 * Recomputes the chain from seq 1 in batches and stops at the first broken link: a gap in seq
 * (a deleted row), a prev_hash that is not the previous entry's hash (a row deleted, inserted or
 * rehashed before it), or a hash that does not match the entry's content (an edited row).
 */
export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
  const hashes = new Map<number, string>([[0, GENESIS_HASH]]);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let broken: BrokenLink | null = null;
  for (;;) {
    const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM platform_audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${BATCH}`, [
      expectedSeq,
    ]);
    for (const row of rows) {
      const record = recordFromRow(row);
      if (record.seq !== expectedSeq) {
        broken = { seq: expectedSeq, reason: 'missing', detail: `entry ${expectedSeq} is missing (next present: ${record.seq})` };
      } else if (record.prevHash !== prevHash) {
        broken = { seq: record.seq, reason: 'prev_hash', detail: `entry ${record.seq} does not link to entry ${record.seq - 1}` };
      } else if (auditEntryHash(record) !== record.hash) {
        broken = { seq: record.seq, reason: 'content', detail: `entry ${record.seq} was changed after it was written` };
      }
      if (broken) break;
      hashes.set(record.seq, record.hash);
      prevHash = record.hash;
      expectedSeq += 1;
    }
    if (broken || rows.length < BATCH) break;
  }
  return {
    entries: expectedSeq - 1,
    headSeq: expectedSeq - 1,
    headHash: prevHash,
    broken,
    hashAt: (seq) => hashes.get(seq),
  };
}

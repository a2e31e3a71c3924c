import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { PACT_GENESIS_HASH, pactEntryHash } from './chain-hash.js';
import { CHAIN_COLUMNS, entryFromRow, type ChainRow } from './read-chain.js';

const BATCH = 2000;

export interface PactChainReport {
  readonly entries: number;
  readonly headSeq: number;
  readonly headHash: string;
  /** The first entry whose link does not hold, or null when the whole chain verifies. */
  readonly broken: { readonly seq: number; readonly reason: 'missing' | 'prev_hash' | 'content'; readonly detail: string } | null;
  /** seq → hash of every entry read up to the break, to check saved checkpoints against. */
  hashAt(seq: number): string | undefined;
}

/**
 * Recomputes the active tenant's chain from seq 1 in batches and stops at the first broken link:
 * a gap (a deleted entry), a prev_hash that is not its predecessor's hash (one deleted, inserted
 * or rehashed before it), or a hash that does not match the entry (an edited entry).
 */
export async function verifyPactChain(): Promise<PactChainReport> {
  const tx = currentTenantTransaction();
  const hashes = new Map<number, string>([[0, PACT_GENESIS_HASH]]);
  let expected = 1;
  let prevHash = PACT_GENESIS_HASH;
  let broken: PactChainReport['broken'] = null;
  for (;;) {
    const { rows } = await tx.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM pact_chain_entries WHERE seq >= $1 ORDER BY seq LIMIT ${BATCH}`, [expected]);
    for (const row of rows) {
      const entry = entryFromRow(row);
      if (entry.seq !== expected) broken = { seq: expected, reason: 'missing', detail: `entry ${expected} is missing (next present: ${entry.seq})` };
      else if (entry.prevHash !== prevHash) broken = { seq: entry.seq, reason: 'prev_hash', detail: `entry ${entry.seq} does not link to entry ${entry.seq - 1}` };
      else if (pactEntryHash(entry) !== entry.hash) broken = { seq: entry.seq, reason: 'content', detail: `entry ${entry.seq} was changed after it was written` };
      if (broken) break;
      hashes.set(entry.seq, entry.hash);
      prevHash = entry.hash;
      expected += 1;
    }
    if (broken || rows.length < BATCH) break;
  }
  return { entries: expected - 1, headSeq: expected - 1, headHash: prevHash, broken, hashAt: (seq) => hashes.get(seq) };
}

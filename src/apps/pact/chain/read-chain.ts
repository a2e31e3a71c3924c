import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { PactChainEntry } from './chain-hash.js';

export interface ChainRow {
  seq: string;
  prev_hash: string;
  type: PactChainEntry['type'];
  envelope_id: string;
  payload_digest: string;
  at: Date;
  hash: string;
}

export const CHAIN_COLUMNS = 'seq, prev_hash, type, envelope_id, payload_digest, at, hash';

export function entryFromRow(row: ChainRow): PactChainEntry {
  return { seq: Number(row.seq), prevHash: row.prev_hash, type: row.type, envelopeId: row.envelope_id, payloadDigest: row.payload_digest, at: row.at, hash: row.hash };
}

export async function readPactChainEntry(seq: number): Promise<PactChainEntry | null> {
  const { rows } = await currentTenantTransaction().query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM pact_chain_entries WHERE seq = $1`, [seq]);
  return rows[0] ? entryFromRow(rows[0]) : null;
}

/** One envelope's entries, in order (the index (tenant_id, envelope_id, seq)). */
export async function listPactChainEntries(envelopeId: string): Promise<PactChainEntry[]> {
  const { rows } = await currentTenantTransaction().query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM pact_chain_entries WHERE envelope_id = $1 ORDER BY seq`, [envelopeId]);
  return rows.map(entryFromRow);
}

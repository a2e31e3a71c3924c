import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { PACT_GENESIS_HASH, pactEntryHash, pactPayloadDigest, type PactChainEntry, type PactChainEventType, type PactPayload } from './chain-hash.js';

/**
 * Takes the tenant's chain lock for the rest of the transaction and reads the head under it.
 * Completion calls it first to print the seq its entry will get on the certificate page.
 */
export async function lockPactChain(): Promise<{ nextSeq: number; head: string }> {
  const tx = currentTenantTransaction();
  // One lock per tenant (appends of different tenants never wait on each other), taken and the
  // head read under it in one statement (migration 0006's pact_chain_lock).
  const { rows } = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM pact_chain_lock($1::uuid)', [tx.tenantId]);
  const last = rows[0];
  return last ? { nextSeq: Number(last.seq) + 1, head: last.hash } : { nextSeq: 1, head: PACT_GENESIS_HASH };
}

/**
 * Appends an event in the active tenant transaction, so it commits or rolls back with the change
 * it records. The lock is held until that transaction ends: append last, keep it short.
 */
export async function appendPactChainEntry(input: { type: PactChainEventType; envelopeId: string; payload: PactPayload; at?: Date }): Promise<PactChainEntry> {
  const tx = currentTenantTransaction();
  const { nextSeq, head } = await lockPactChain();
  // Milliseconds, as the encoding writes them: the stored time must hash the same when read back.
  const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
  const body = { seq: nextSeq, prevHash: head, type: input.type, envelopeId: input.envelopeId.toLowerCase(), payloadDigest: pactPayloadDigest(input.payload), at };
  const entry: PactChainEntry = { ...body, hash: pactEntryHash(body) };
  await tx.query('INSERT INTO pact_chain_entries (tenant_id, seq, prev_hash, type, envelope_id, payload_digest, at, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    tx.tenantId,
    entry.seq,
    entry.prevHash,
    entry.type,
    entry.envelopeId,
    entry.payloadDigest,
    entry.at,
    entry.hash,
  ]);
  return entry;
}

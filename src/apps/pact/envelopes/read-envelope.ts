import { readPage } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { listPactChainEntries } from '../chain/index.js';
import { documentRows, fieldRows, findEnvelopeRow, signerRows, toDocument, toField, toSigner, toSummary, type EnvelopeRow } from './envelope-rows.js';
import type { Envelope, EnvelopePage, ListEnvelopesQuery } from './envelopes.types.js';

/** An envelope with its documents, signers, fields and its entries in the tenant's chain. */
export async function readEnvelope(id: string, kind: 'envelope' | 'template' = 'envelope'): Promise<Envelope> {
  const row = await findEnvelopeRow(id, { kind });
  const [documents, signers, fields, chain] = [await documentRows(id), await signerRows(id), await fieldRows(id), kind === 'envelope' ? await listPactChainEntries(id) : []];
  return {
    ...toSummary(row),
    message: row.message,
    requireCode: row.require_code,
    expiresInDays: row.expires_in_days,
    remindEveryDays: row.remind_every_days,
    expiresAt: row.expires_at?.toISOString() ?? null,
    voidedAt: row.voided_at?.toISOString() ?? null,
    voidReason: row.void_reason,
    finalSha256: row.final_sha256,
    documents: documents.map(toDocument),
    signers: signers.map(toSigner),
    fields: fields.map(toField),
    chain: chain.map((entry) => ({ seq: entry.seq, type: entry.type, hash: entry.hash, at: entry.at.toISOString() })),
  };
}

/** One page of envelopes (or templates), newest first: the index (tenant_id, kind, created_at DESC, id DESC). */
export async function listEnvelopes(query: ListEnvelopesQuery): Promise<EnvelopePage> {
  const values: unknown[] = [query.kind];
  const where = ['kind = $1'];
  if (query.status !== 'all') {
    values.push(query.status);
    where.push(`status = $${values.length}`);
  }
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['created_at', 'id'], descending: true },
    page: query,
    firstParam: values.length + 1,
    fetch: async (keyset) =>
      (await tx.query<EnvelopeRow & { created_key: string }>(`SELECT *, created_at::text AS created_key FROM pact_envelopes WHERE ${[...where, keyset.where].join(' AND ')} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`, [...values, ...keyset.params])).rows,
    keyOf: (row) => [row.created_key, row.id],
    toItem: toSummary,
  });
}

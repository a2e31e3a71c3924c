import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { writeField } from '../../../platform/audit/audit-hash.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { lockPactChain } from './append-chain.js';
import type { PactChainReport } from './verify-chain.js';

/** A signed head of one tenant's chain, as stored, printed on certificates and saved by verifiers. */
export interface PactCheckpoint {
  readonly tenantId: string;
  readonly seq: number;
  readonly head: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
  /** The verifying key, so a saved copy is checked without trusting the database's keys. */
  readonly publicKeyPem: string;
}

/** "bsns-pact-checkpoint-v1" 0x00, then tenant, seq, head, time and key id, length-prefixed. */
export function pactCheckpointMessage(checkpoint: Pick<PactCheckpoint, 'tenantId' | 'seq' | 'head' | 'signedAt' | 'keyId'>): Buffer {
  const parts: Buffer[] = [Buffer.from('bsns-pact-checkpoint-v1\0', 'utf8')];
  const sink = { update: (data: Buffer) => parts.push(Buffer.from(data)) };
  for (const field of [checkpoint.tenantId.toLowerCase(), String(checkpoint.seq), checkpoint.head, checkpoint.signedAt, checkpoint.keyId]) writeField(sink, field);
  return Buffer.concat(parts);
}

export function pactCheckpointSignatureHolds(checkpoint: PactCheckpoint): boolean {
  try {
    return verify(null, pactCheckpointMessage(checkpoint), createPublicKey(checkpoint.publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * A saved checkpoint against today's chain: its signature must hold, it must be of this tenant,
 * and the chain must still hold its seq with the same hash. A rewritten or cut history fails here
 * even when it was rehashed into a chain that verifies on its own.
 */
export function checkPactCheckpoint(checkpoint: PactCheckpoint, tenantId: string, report: PactChainReport): { ok: boolean; detail: string } {
  if (!pactCheckpointSignatureHolds(checkpoint)) return { ok: false, detail: 'the checkpoint signature does not verify' };
  if (checkpoint.tenantId.toLowerCase() !== tenantId.toLowerCase()) return { ok: false, detail: 'the checkpoint is of another tenant' };
  const hash = report.hashAt(checkpoint.seq);
  if (hash === undefined) return { ok: false, detail: `entry ${checkpoint.seq} of the checkpoint is no longer in the chain (the chain ends at ${report.headSeq})` };
  if (hash !== checkpoint.head) return { ok: false, detail: `entry ${checkpoint.seq} differs from the checkpoint: the history was rewritten` };
  return { ok: true, detail: `the chain still holds entry ${checkpoint.seq} as checkpointed at ${checkpoint.signedAt}` };
}

interface CheckpointRow {
  seq: string;
  head: string;
  signed_at: Date;
  key_id: string;
  signature: string;
  public_key_pem: string;
}

/**
 * Signs the active tenant's head, under the chain lock so it cannot move meanwhile, and stores
 * it (an unchanged head keeps its first checkpoint). Returns null for an empty chain.
 */
export async function makePactCheckpoint(vault: TenantVault, now: Date): Promise<PactCheckpoint | null> {
  const tx = currentTenantTransaction();
  const { nextSeq, head } = await lockPactChain();
  if (nextSeq === 1) return null;
  const existing = await tx.query<CheckpointRow>(
    'SELECT c.seq, c.head, c.signed_at, c.key_id, c.signature, k.public_key_pem FROM pact_chain_checkpoints c JOIN pact_checkpoint_keys k ON k.tenant_id = c.tenant_id AND k.kid = c.key_id WHERE c.seq = $1',
    [nextSeq - 1],
  );
  if (existing.rows[0]) return toCheckpoint(tx.tenantId, existing.rows[0]);
  const key = await checkpointKey(vault, now);
  const unsigned = { tenantId: tx.tenantId, seq: nextSeq - 1, head, signedAt: new Date(Math.floor(now.getTime())).toISOString(), keyId: key.kid };
  const signature = sign(null, pactCheckpointMessage(unsigned), createPrivateKey(key.privatePem)).toString('base64');
  await tx.query('INSERT INTO pact_chain_checkpoints (tenant_id, seq, head, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
    tx.tenantId,
    unsigned.seq,
    head,
    unsigned.signedAt,
    key.kid,
    signature,
  ]);
  return { ...unsigned, signature, publicKeyPem: key.publicPem };
}

/** The active tenant's newest checkpoint, or null before the first. */
export async function latestPactCheckpoint(): Promise<PactCheckpoint | null> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<CheckpointRow>(
    'SELECT c.seq, c.head, c.signed_at, c.key_id, c.signature, k.public_key_pem FROM pact_chain_checkpoints c JOIN pact_checkpoint_keys k ON k.tenant_id = c.tenant_id AND k.kid = c.key_id ORDER BY c.seq DESC LIMIT 1',
  );
  return rows[0] ? toCheckpoint(tx.tenantId, rows[0]) : null;
}

function toCheckpoint(tenantId: string, row: CheckpointRow): PactCheckpoint {
  return { tenantId, seq: Number(row.seq), head: row.head, signedAt: row.signed_at.toISOString(), keyId: row.key_id, signature: row.signature, publicKeyPem: row.public_key_pem };
}

/** The tenant's newest checkpoint key, made on first use (the caller holds the chain lock). */
async function checkpointKey(vault: TenantVault, now: Date): Promise<{ kid: string; publicPem: string; privatePem: string }> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<{ kid: string; public_key_pem: string; private_key_sealed: string }>(
    'SELECT kid, public_key_pem, private_key_sealed FROM pact_checkpoint_keys ORDER BY created_at DESC LIMIT 1',
  );
  if (rows[0]) {
    const opened = await vault.open(rows[0].private_key_sealed, keyRef(rows[0].kid));
    if (opened.status !== 'ok') throw new Error(`The pact checkpoint key cannot be opened: ${opened.reason}`);
    return { kid: rows[0].kid, publicPem: rows[0].public_key_pem, privatePem: opened.value };
  }
  const kid = `pact-${randomUUID()}`;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await tx.query('INSERT INTO pact_checkpoint_keys (tenant_id, kid, public_key_pem, private_key_sealed, created_at) VALUES ($1, $2, $3, $4, $5)', [
    tx.tenantId,
    kid,
    publicPem,
    await vault.seal(privatePem, keyRef(kid)),
    now,
  ]);
  return { kid, publicPem, privatePem };
}

function keyRef(kid: string) {
  return { table: 'pact_checkpoint_keys', column: 'private_key_sealed', rowId: kid };
}

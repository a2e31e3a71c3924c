import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { Clock } from '../clock.js';
import { decryptField, encryptField, type Keyring } from '../crypto/index.js';
import type { IdentityDb } from '../db/identity-db.js';
import type { Queryable } from '../db/queryable.js';
import { writeField } from './audit-hash.js';

/** A signed head, as stored and as saved outside the database by the operator. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly head: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
  /** The verifying key, so a saved copy can be checked without trusting the database's keys. */
  readonly publicKeyPem: string;
}

/**
 * The signed message: "bsns-audit-checkpoint-v1" 0x00, then seq, head, time and key id as
 * length-prefixed fields (the audit hash's field encoding), so no other signed thing can be
 * taken for a checkpoint.
 */
export function checkpointMessage(checkpoint: Pick<AuditCheckpoint, 'seq' | 'head' | 'signedAt' | 'keyId'>): Buffer {
  const parts: Buffer[] = [Buffer.from('bsns-audit-checkpoint-v1\0', 'utf8')];
  const sink = { update: (data: Buffer) => parts.push(Buffer.from(data)) };
  for (const field of [String(checkpoint.seq), checkpoint.head, checkpoint.signedAt, checkpoint.keyId]) writeField(sink, field);
  return Buffer.concat(parts);
}

export function checkpointSignatureHolds(checkpoint: AuditCheckpoint): boolean {
  try {
    return verify(null, checkpointMessage(checkpoint), createPublicKey(checkpoint.publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Signs the current head and stores the checkpoint. Taken under the head row's lock, so the head
 * cannot move between reading it and signing it.
 */
export async function makeAuditCheckpoint(deps: { db: IdentityDb; keyring: Keyring; clock: Clock }): Promise<AuditCheckpoint> {
  return deps.db.transaction(async (tx) => {
    // The head row's lock holds appends back until the checkpoint commits.
    const { rows } = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM platform_audit_head FOR UPDATE');
    const key = await checkpointKey(tx, deps.keyring, deps.clock);
    const head = { seq: Number(rows[0]!.seq), head: rows[0]!.hash };
    const unsigned = { ...head, signedAt: deps.clock.now().toISOString(), keyId: key.kid };
    const signature = sign(null, checkpointMessage(unsigned), createPrivateKey(key.privatePem)).toString('base64');
    const checkpoint: AuditCheckpoint = { ...unsigned, signature, publicKeyPem: key.publicPem };
    // Two checkpoints of an unchanged head are one checkpoint: keep the first.
    await tx.query(
      `INSERT INTO platform_audit_checkpoints (seq, head, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO NOTHING`,
      [checkpoint.seq, checkpoint.head, checkpoint.signedAt, checkpoint.keyId, checkpoint.signature],
    );
    return checkpoint;
  });
}

/** Every stored checkpoint with its key's public half, oldest first. */
export async function storedCheckpoints(db: Queryable): Promise<AuditCheckpoint[]> {
  const { rows } = await db.query<{ seq: string; head: string; signed_at: Date; key_id: string; signature: string; public_key_pem: string | null }>(
    `SELECT c.seq, c.head, c.signed_at, c.key_id, c.signature, k.public_key_pem
     FROM platform_audit_checkpoints c LEFT JOIN platform_audit_keys k ON k.kid = c.key_id ORDER BY c.seq`,
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    head: row.head,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    publicKeyPem: row.public_key_pem ?? '',
  }));
}

/** The public key the database holds for a key id, or null. */
export async function storedCheckpointKey(db: Queryable, kid: string): Promise<string | null> {
  const { rows } = await db.query<{ public_key_pem: string }>('SELECT public_key_pem FROM platform_audit_keys WHERE kid = $1', [kid]);
  return rows[0]?.public_key_pem ?? null;
}

/** The newest checkpoint key, made on first use (the caller holds the append lock). */
async function checkpointKey(tx: Queryable, keyring: Keyring, clock: Clock): Promise<{ kid: string; publicPem: string; privatePem: string }> {
  const { rows } = await tx.query<{ kid: string; public_key_pem: string; private_key_sealed: string }>(
    'SELECT kid, public_key_pem, private_key_sealed FROM platform_audit_keys ORDER BY created_at DESC LIMIT 1',
  );
  if (rows[0]) {
    const { kid, public_key_pem: publicPem } = rows[0];
    return { kid, publicPem, privatePem: decryptField(keyring, rows[0].private_key_sealed, sealContext(kid)) };
  }
  const kid = `audit-${randomUUID()}`;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await tx.query('INSERT INTO platform_audit_keys (kid, public_key_pem, private_key_sealed, created_at) VALUES ($1, $2, $3, $4)', [
    kid,
    publicPem,
    encryptField(keyring, privatePem, sealContext(kid)),
    clock.now(),
  ]);
  return { kid, publicPem, privatePem };
}

function sealContext(kid: string) {
  return { tenantId: null, table: 'platform_audit_keys', column: 'private_key_sealed', rowId: kid };
}

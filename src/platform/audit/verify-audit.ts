import type { Queryable } from '../db/queryable.js';
import { checkpointSignatureHolds, storedCheckpointKey, storedCheckpoints, type AuditCheckpoint } from './audit-checkpoints.js';
import { verifyAuditChain, type ChainReport } from './verify-audit-chain.js';

export interface CheckpointFinding {
  readonly source: 'stored' | 'saved';
  readonly seq: number;
  readonly ok: boolean;
  readonly problem?: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly chain: ChainReport;
  readonly checkpoints: readonly CheckpointFinding[];
}

/**
 * The whole check behind `bsns audit verify`: the chain from seq 1, then every stored
 * checkpoint and the operator's saved one. A checkpoint holds when its signature verifies and
 * the chain still has its head at its seq; a saved checkpoint past the chain's end means the
 * tail was cut. The saved copy carries its own public key, which must also be the database's
 * key of that id: a database whose key was swapped cannot vouch for itself.
 */
export async function verifyAudit(db: Queryable, saved?: AuditCheckpoint): Promise<AuditVerification> {
  const chain = await verifyAuditChain(db);
  const findings: CheckpointFinding[] = [];
  for (const checkpoint of await storedCheckpoints(db)) findings.push(checkCheckpoint(chain, checkpoint, 'stored'));
  if (saved) {
    const finding = checkCheckpoint(chain, saved, 'saved');
    const storedKey = await storedCheckpointKey(db, saved.keyId);
    findings.push(
      finding.ok && storedKey?.trim() !== saved.publicKeyPem.trim()
        ? { ...finding, ok: false, problem: `the database no longer holds key ${saved.keyId} as saved` }
        : finding,
    );
  }
  return { ok: chain.broken === null && findings.every((finding) => finding.ok), chain, checkpoints: findings };
}

function checkCheckpoint(chain: ChainReport, checkpoint: AuditCheckpoint, source: CheckpointFinding['source']): CheckpointFinding {
  const base = { source, seq: checkpoint.seq };
  if (!checkpointSignatureHolds(checkpoint)) return { ...base, ok: false, problem: 'its signature does not verify' };
  if (checkpoint.seq > chain.headSeq) {
    const reason = chain.broken ? `the chain breaks at entry ${chain.broken.seq} first` : `the log ends at entry ${chain.headSeq}: its tail was cut`;
    return { ...base, ok: false, problem: `it vouches for entry ${checkpoint.seq}, but ${reason}` };
  }
  const hash = chain.hashAt(checkpoint.seq);
  if (hash !== checkpoint.head) return { ...base, ok: false, problem: `entry ${checkpoint.seq} no longer has the signed hash` };
  return { ...base, ok: true };
}

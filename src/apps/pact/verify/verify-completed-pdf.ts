import { createHash } from 'node:crypto';
import type { BusinessDb } from '../../../platform/tenancy/index.js';
import { latestPactCheckpoint, pactPayloadDigest, readPactChainEntry, verifyPactChain } from '../chain/index.js';
import { readCompletionMetadata, verifyPdfSignature, type PdfSignatureReport } from '../pdf/index.js';

export interface CompletedPdfReport {
  /** True only when the file is in the chain as completed, the chain holds, and the signature covers the whole file. */
  readonly valid: boolean;
  readonly sha256: string;
  readonly certificate: { readonly tenantId: string; readonly envelopeId: string; readonly completionSeq: number } | null;
  readonly signature: PdfSignatureReport;
  readonly chainEntry: { readonly found: boolean; readonly matches: boolean; readonly hash: string | null; readonly at: string | null };
  readonly chain: { readonly entries: number; readonly broken: { readonly seq: number; readonly detail: string } | null } | null;
  readonly checkpoint: { readonly seq: number; readonly head: string; readonly signedAt: string } | null;
  /** Why it is not valid, in words a person can act on. */
  readonly problems: readonly string[];
}

/**
 * Checks a completed PDF with no sign-in: its SHA-256 must be the payload of the 'completed'
 * entry its certificate names (recomputed here, the chain holds only the digest), that tenant's
 * chain must verify, and its PAdES signature must hold over every byte. One edited byte fails
 * the first and the last.
 */
export async function verifyCompletedPdf(businessDb: BusinessDb, bytes: Buffer): Promise<CompletedPdfReport> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const signature = verifyPdfSignature(bytes);
  const certificate = readCompletionMetadata(bytes);
  const problems: string[] = [];
  if (!signature.signed) problems.push('The PDF carries no digital signature.');
  else if (!signature.intact) problems.push(signature.detail);
  else if (!signature.coversWholeDocument) problems.push('Bytes were added to the PDF after it was signed.');
  if (!certificate) {
    problems.push('The PDF carries no pact completion certificate.');
    return { valid: false, sha256, certificate: null, signature, chainEntry: { found: false, matches: false, hash: null, at: null }, chain: null, checkpoint: null, problems };
  }
  const found = await businessDb.withTenant(
    certificate.tenantId,
    async () => ({ entry: await readPactChainEntry(certificate.completionSeq), chain: await verifyPactChain(), checkpoint: await latestPactCheckpoint() }),
    { readOnly: true },
  );
  const { entry } = found;
  const matches = entry !== null && entry.type === 'completed' && entry.envelopeId === certificate.envelopeId && entry.payloadDigest === pactPayloadDigest({ envelopeId: certificate.envelopeId, finalSha256: sha256 });
  // Whether the entry exists, and anything about the tenant's chain, is told only to someone holding
  // the completed file itself: a forged certificate must not let a stranger walk a tenant's history.
  if (!matches) {
    problems.push('This file is not in the chain its certificate names: it was changed after completion, or it is not a document completed with pact.');
    return { valid: false, sha256, certificate, signature, chainEntry: { found: false, matches: false, hash: null, at: null }, chain: null, checkpoint: null, problems };
  }
  if (found.chain.broken) problems.push(`The tenant's chain is broken at entry ${found.chain.broken.seq}: ${found.chain.broken.detail}.`);
  return {
    valid: problems.length === 0,
    sha256,
    certificate,
    signature,
    chainEntry: { found: true, matches, hash: entry!.hash, at: entry!.at.toISOString() },
    chain: { entries: found.chain.entries, broken: found.chain.broken && { seq: found.chain.broken.seq, detail: found.chain.broken.detail } },
    checkpoint: found.checkpoint && { seq: found.checkpoint.seq, head: found.checkpoint.head, signedAt: found.checkpoint.signedAt },
    problems,
  };
}

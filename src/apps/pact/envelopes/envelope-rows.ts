import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { EnvelopeSummary, PactDocument, PactField, PactSigner } from './envelopes.types.js';

export interface EnvelopeRow {
  id: string;
  kind: 'envelope' | 'template';
  title: string;
  message: string;
  signing_order: 'sequential' | 'parallel';
  require_code: boolean;
  status: EnvelopeSummary['status'];
  expires_in_days: number;
  remind_every_days: number | null;
  created_by: string;
  created_at: Date;
  sent_at: Date | null;
  expires_at: Date | null;
  completed_at: Date | null;
  voided_at: Date | null;
  void_reason: string | null;
  final_blob_key: string | null;
  final_sha256: string | null;
}

export interface DocumentRow {
  id: string;
  envelope_id: string;
  name: string;
  position: number;
  blob_key: string;
  sha256: string;
  size_bytes: number;
  pages: Array<{ width: number; height: number }>;
}

export interface SignerRow {
  id: string;
  envelope_id: string;
  name: string;
  email: string;
  position: number;
  status: PactSigner['status'];
  sent_at: Date | null;
  viewed_at: Date | null;
  signed_at: Date | null;
  declined_at: Date | null;
  decline_reason: string | null;
  signed_address: string | null;
  signed_user_agent: string | null;
  signature_kind: 'typed' | 'drawn' | null;
  signature_text: string | null;
  signature_blob_key: string | null;
}

export interface FieldRow {
  id: string;
  document_id: string;
  signer_id: string;
  kind: PactField['kind'];
  label: string;
  required: boolean;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: string | null;
  filled_at: Date | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function toSummary(row: EnvelopeRow): EnvelopeSummary {
  return { id: row.id, kind: row.kind, title: row.title, status: row.status, signingOrder: row.signing_order, createdAt: row.created_at.toISOString(), sentAt: iso(row.sent_at), completedAt: iso(row.completed_at) };
}

export function toDocument(row: DocumentRow): PactDocument {
  return { id: row.id, name: row.name, position: row.position, sha256: row.sha256, sizeBytes: row.size_bytes, pages: row.pages };
}

export function toSigner(row: SignerRow): PactSigner {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    position: row.position,
    status: row.status,
    sentAt: iso(row.sent_at),
    viewedAt: iso(row.viewed_at),
    signedAt: iso(row.signed_at),
    declinedAt: iso(row.declined_at),
    declineReason: row.decline_reason,
  };
}

export function toField(row: FieldRow): PactField {
  return {
    id: row.id,
    documentId: row.document_id,
    signerId: row.signer_id,
    kind: row.kind,
    label: row.label,
    required: row.required,
    page: row.page,
    x: row.x,
    y: row.y,
    width: row.width,
    height: row.height,
    value: row.value,
    filledAt: iso(row.filled_at),
  };
}

/** The envelope row, locked for the rest of the transaction when `lock` (every state change takes it first). */
export async function findEnvelopeRow(id: string, options: { lock?: boolean; kind?: 'envelope' | 'template' } = {}): Promise<EnvelopeRow> {
  const { rows } = await currentTenantTransaction().query<EnvelopeRow>(`SELECT * FROM pact_envelopes WHERE id = $1 AND kind = $2${options.lock ? ' FOR UPDATE' : ''}`, [id, options.kind ?? 'envelope']);
  const row = rows[0];
  if (!row) throw new AppError(options.kind === 'template' ? 'pact.template_not_found' : 'pact.envelope_not_found');
  return row;
}

/** A draft, locked: documents, signers and fields change only before sending. */
export async function findDraftRow(id: string, kind: 'envelope' | 'template' = 'envelope'): Promise<EnvelopeRow> {
  const row = await findEnvelopeRow(id, { lock: true, kind });
  if (row.status !== 'draft') throw new AppError('pact.envelope_not_draft');
  return row;
}

export async function documentRows(envelopeId: string): Promise<DocumentRow[]> {
  return (await currentTenantTransaction().query<DocumentRow>('SELECT * FROM pact_documents WHERE envelope_id = $1 ORDER BY position', [envelopeId])).rows;
}

export async function signerRows(envelopeId: string): Promise<SignerRow[]> {
  return (await currentTenantTransaction().query<SignerRow>('SELECT * FROM pact_signers WHERE envelope_id = $1 ORDER BY position, created_at, id', [envelopeId])).rows;
}

export async function fieldRows(envelopeId: string): Promise<FieldRow[]> {
  return (await currentTenantTransaction().query<FieldRow>('SELECT * FROM pact_fields WHERE envelope_id = $1 ORDER BY page, y, x, id', [envelopeId])).rows;
}

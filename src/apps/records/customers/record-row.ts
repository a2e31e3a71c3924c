import type { RecordKind, RecordSummary } from './records.types.js';

export interface RecordRow {
  id: string;
  kind: RecordKind;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  dob_sealed: string | null;
  ssn_sealed: string | null;
  licence_sealed: string | null;
  ein_sealed: string | null;
  tax_id_sealed: string | null;
  created_at: Date;
}

export const SUMMARY_COLUMNS = 'id, kind, name, email, phone, created_at';
export const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, address, dob_sealed, ssn_sealed, licence_sealed, ein_sealed, tax_id_sealed`;

export function toSummary(row: Pick<RecordRow, 'id' | 'kind' | 'name' | 'email' | 'phone' | 'created_at'>): RecordSummary {
  return { id: row.id, kind: row.kind, name: row.name, email: row.email, phone: row.phone, createdAt: row.created_at.toISOString() };
}

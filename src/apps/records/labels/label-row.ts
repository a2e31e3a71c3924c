import type { Label } from './labels.types.js';

export interface LabelRow {
  id: string;
  name: string;
  color: string;
  parent_id: string | null;
  created_at: Date;
}

export const LABEL_COLUMNS = 'id, name, color, parent_id, created_at';

export function toLabel(row: LabelRow): Label {
  return { id: row.id, name: row.name, color: row.color, parentId: row.parent_id, createdAt: row.created_at.toISOString() };
}

import type { Page, PageRequest } from '../../../platform/paging/index.js';
import { readNewestFirst } from '../newest-first.js';
import { toNote, type NoteRow } from './add-note.js';
import type { Note } from './notes.types.js';

/** One page of a record's notes, newest first. */
export async function listNotes(recordId: string, page: PageRequest): Promise<Page<Note>> {
  return readNewestFirst<NoteRow, Note>('record_notes', 'id, author_id, body, created_at', recordId, page, toNote);
}

import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';

/** The sensitive fields of a record: sealed at rest, masked in every answer, revealed one at a time. */
export const SENSITIVE_FIELDS = ['dateOfBirth', 'ssn', 'licenceNumber', 'ein', 'taxId'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

export interface SensitiveFieldSpec {
  /** The column holding the ciphertext (also the `column` of its AAD). */
  readonly column: string;
  /** The blind-index column, for fields found by exact match. */
  readonly indexColumn?: string;
  readonly kinds: readonly ('person' | 'company')[];
  readonly label: string;
}

export const SENSITIVE_FIELD_SPECS: Readonly<Record<SensitiveField, SensitiveFieldSpec>> = {
  dateOfBirth: { column: 'dob_sealed', kinds: ['person'], label: 'Date of birth' },
  ssn: { column: 'ssn_sealed', indexColumn: 'ssn_index', kinds: ['person'], label: 'SSN' },
  licenceNumber: { column: 'licence_sealed', kinds: ['person'], label: "Driver's licence number" },
  ein: { column: 'ein_sealed', kinds: ['company'], label: 'EIN' },
  taxId: { column: 'tax_id_sealed', indexColumn: 'tax_id_index', kinds: ['person', 'company'], label: 'Tax ID' },
};

// Formats are checked before sealing: ciphertext cannot be validated later. Values are stored in
// one canonical form (SSN `123-45-6789`, EIN `12-3456789`), so the blind index matches however
// they were typed.
const SSN = /^(\d{3})-?(\d{2})-?(\d{4})$/;
const EIN = /^(\d{2})-?(\d{7})$/;

export const ssnSchema = safeText({ min: 0, max: 11 })
  .regex(SSN, 'must be 9 digits, as 123-45-6789')
  .refine((value) => {
    const match = SSN.exec(value);
    if (!match) return true; // the format check above already reported it
    const [, area, group, serial] = match;
    // Never issued: area 000, 666 or 9xx; group 00; serial 0000.
    return area !== '000' && area !== '666' && !area!.startsWith('9') && group !== '00' && serial !== '0000';
  }, 'is not a valid SSN')
  .transform((value) => value.replace(SSN, '$1-$2-$3'));

export const einSchema = safeText({ min: 0, max: 10 })
  .regex(EIN, 'must be 9 digits, as 12-3456789')
  .transform((value) => value.replace(EIN, '$1-$2'));

export const taxIdSchema = safeText({ min: 4, max: 30 })
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/, 'may contain letters, digits, spaces, dots, dashes and slashes')
  .transform((value) => value.toUpperCase().replace(/[\s.\-/]/g, ''));

export const licenceSchema = safeText({ min: 4, max: 30 })
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'may contain letters, digits, spaces and dashes')
  .transform((value) => value.toUpperCase());

export const dateOfBirthSchema = z.iso
  .date('must be a date, as 1980-04-30')
  .refine((value) => value >= '1900-01-01', 'must be after 1900')
  // Tomorrow in UTC still counts: it is already today east of UTC.
  .refine((value) => value <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), 'must not be in the future');

/** Characters a masked value always hides, whatever its length. */
const HIDDEN_AT_LEAST = 4;
const SHOWN_AT_MOST = 4;

/**
 * What a masked value shows: at most its last 4 characters behind a fixed run of bullets (so the
 * length does not show either), and never more than leaves 4 characters hidden. An SSN, EIN or
 * date shows its last 4; a 6-character licence its last 2; a value of 4 or fewer shows nothing.
 */
export function maskValue(value: string): string {
  const characters = [...value]; // by code point, so a surrogate pair is never cut in half
  const shown = Math.max(0, Math.min(SHOWN_AT_MOST, characters.length - HIDDEN_AT_LEAST));
  return `•••${shown === 0 ? '•' : characters.slice(-shown).join('')}`;
}

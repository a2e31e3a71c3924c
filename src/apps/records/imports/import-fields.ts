import { createCompanyBodySchema, createPersonBodySchema } from '../customers/records.types.js';

/** The record fields a CSV column can be mapped to. */
export const IMPORT_FIELDS = ['name', 'email', 'phone', 'address', 'dateOfBirth', 'ssn', 'licenceNumber', 'taxId', 'ein'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header spellings recognised without a mapping (lower-case, letters and digits only). */
const HEADER_ALIASES: Readonly<Record<string, ImportField>> = {
  name: 'name',
  fullname: 'name',
  company: 'name',
  email: 'email',
  emailaddress: 'email',
  phone: 'phone',
  telephone: 'phone',
  address: 'address',
  dateofbirth: 'dateOfBirth',
  dob: 'dateOfBirth',
  birthdate: 'dateOfBirth',
  ssn: 'ssn',
  socialsecuritynumber: 'ssn',
  licencenumber: 'licenceNumber',
  licensenumber: 'licenceNumber',
  driverslicence: 'licenceNumber',
  driverslicense: 'licenceNumber',
  taxid: 'taxId',
  ein: 'ein',
};

/** The field a header most likely means, or null to skip the column. */
export function guessField(header: string): ImportField | null {
  return HEADER_ALIASES[header.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
}

export const rowSchemas = { person: createPersonBodySchema, company: createCompanyBodySchema } as const;

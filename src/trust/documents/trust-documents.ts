import { readFile } from 'node:fs/promises';
import { z } from 'zod';

// The repo's trust files, validated at start: a malformed file stops the boot, not a page view.
const TRUST_DIR = new URL('../../../trust/', import.meta.url);

const subProcessor = z.object({
  name: z.string().min(1),
  purpose: z.string().min(1),
  region: z.string().min(1),
  /** `signed`: a DPA is in place; `operator`: each deployment's operator signs its own; `not-applicable`. */
  dpaStatus: z.enum(['signed', 'operator', 'not-applicable']),
  dataCategories: z.array(z.string().min(1)).min(1),
});

const subProcessorsFile = z.object({ note: z.string(), subProcessors: z.array(subProcessor) });

/** CAIQ v4 domain ids. */
export const CAIQ_DOMAINS = {
  'A&A': 'Audit and Assurance',
  AIS: 'Application and Interface Security',
  BCR: 'Business Continuity and Operational Resilience',
  CCC: 'Change Control and Configuration Management',
  CEK: 'Cryptography, Encryption and Key Management',
  DCS: 'Datacenter Security',
  DSP: 'Data Security and Privacy',
  GRC: 'Governance, Risk and Compliance',
  HRS: 'Human Resources',
  IAM: 'Identity and Access Management',
  IPY: 'Interoperability and Portability',
  IVS: 'Infrastructure and Virtualization Security',
  LOG: 'Logging and Monitoring',
  SEF: 'Security Incident Management',
  STA: 'Supply Chain Management, Transparency and Accountability',
  TVM: 'Threat and Vulnerability Management',
  UEM: 'Universal Endpoint Management',
} as const;

const faqQuestion = z
  .object({
    id: z.string().regex(/^[A-Z&]{2,4}-\d{2}\.\d+$/),
    domain: z.enum(Object.keys(CAIQ_DOMAINS) as [keyof typeof CAIQ_DOMAINS, ...(keyof typeof CAIQ_DOMAINS)[]]),
    question: z.string().min(1),
    answer: z.enum(['Yes', 'No', 'NA']),
    /** A `No` that is on the way: shown as "No (planned)". */
    planned: z.boolean().optional(),
    notes: z.string().min(1),
    control: z.string().startsWith('/'),
  })
  .refine((question) => question.id.startsWith(`${question.domain}-`), 'the question id must start with its domain')
  .refine((question) => !question.planned || question.answer === 'No', 'only a No can be planned');

const faqFile = z.object({ framework: z.string(), note: z.string(), questions: z.array(faqQuestion) });

const statusOfWorkFile = z.object({ done: z.array(z.string().min(1)), notYet: z.array(z.string().min(1)) });

export type SubProcessor = z.infer<typeof subProcessor>;
export type SubProcessorList = z.infer<typeof subProcessorsFile>;
export type FaqQuestion = z.infer<typeof faqQuestion>;
export type Faq = z.infer<typeof faqFile>;
export type StatusOfWork = z.infer<typeof statusOfWorkFile>;

export interface TrustDocuments {
  readonly subProcessors: SubProcessorList;
  readonly faq: Faq;
  readonly statusOfWork: StatusOfWork;
}

export async function loadTrustDocuments(directory: URL = TRUST_DIR): Promise<TrustDocuments> {
  const read = async <T>(file: string, schema: z.ZodType<T>): Promise<T> => {
    const parsed = schema.safeParse(JSON.parse(await readFile(new URL(file, directory), 'utf8')));
    if (!parsed.success) throw new Error(`trust/${file} is invalid: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
  return {
    subProcessors: await read('sub-processors.json', subProcessorsFile),
    faq: await read('faq.json', faqFile),
    statusOfWork: await read('not-yet.json', statusOfWorkFile),
  };
}

/** The answer as a reviewer reads it. */
export function answerLabel(question: FaqQuestion): string {
  return question.planned ? 'No (planned)' : question.answer;
}

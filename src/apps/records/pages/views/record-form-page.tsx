import { ApiForm, Field, Layout, SelectField, SubmitButton, type PageChrome } from '../../../../platform/pages/index.js';
import { recordCollection } from '../../customers/record-paths.js';
import type { RecordKind } from '../../customers/records.types.js';

export interface RecordFormPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly kind: RecordKind;
  readonly companies: ReadonlyArray<{ id: string; name: string }>;
}

/** The form to add a person or a company; it posts JSON to the API and opens the new record. */
export function RecordFormPage({ chrome, base, kind, companies }: RecordFormPageProps) {
  const path = recordCollection(kind);
  const title = kind === 'person' ? 'Add a person' : 'Add a company';
  return (
    <Layout chrome={chrome} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <ApiForm api={`/api/v1/records/${path}`} next={`${base}/${path}/{id}`}>
          <Field id="name" name="name" label="Name" required maxLength={200} />
          <Field id="email" name="email" type="email" label="Email" maxLength={254} optional />
          <Field id="phone" name="phone" type="tel" label="Phone" maxLength={40} optional />
          <Field id="address" name="address" label="Address" maxLength={500} optional />
          {kind === 'person' ? (
            <>
              <Field id="dateOfBirth" name="dateOfBirth" type="date" label="Date of birth" optional />
              <Field id="ssn" name="ssn" label="SSN" hint="9 digits, as 123-45-6789. Stored encrypted and shown masked." maxLength={11} optional />
              <Field id="licenceNumber" name="licenceNumber" label="Driver's licence number" maxLength={30} optional />
              <Field id="taxId" name="taxId" label="Tax ID" maxLength={30} optional />
              {companies.length > 0 ? (
                <SelectField id="companyId" name="companyId" label="Works at" optional options={[{ value: '', label: '(none)' }, ...companies.map((company) => ({ value: company.id, label: company.name }))]} />
              ) : null}
            </>
          ) : (
            <>
              <Field id="ein" name="ein" label="EIN" hint="9 digits, as 12-3456789. Stored encrypted and shown masked." maxLength={10} optional />
              <Field id="taxId" name="taxId" label="Tax ID" maxLength={30} optional />
            </>
          )}
          <SubmitButton>Save</SubmitButton>
        </ApiForm>
      </div>
    </Layout>
  );
}

import { FormMessage, Layout, SelectField, type PageChrome } from '../../../../platform/pages/index.js';
import { IMPORT_MAX_BYTES } from '../../imports/csv-source.js';

/**
 * The import wizard: choose a file, preview it and map its columns, then import with progress.
 * The client script (pages/client/import-wizard.ts) drives the steps against the API.
 */
export function ImportPage({ chrome, base }: { chrome: PageChrome; base: string }) {
  return (
    <Layout chrome={chrome} title="Import">
      <div class="narrow">
        <h1>Import from a CSV file</h1>
        <p>
          The first row must name the columns. Up to {IMPORT_MAX_BYTES / 1024 / 1024} MB, UTF-8. If any row is invalid nothing is imported, unless you choose to
          import only the valid rows.
        </p>
        <form method="post" class="stack" data-import-wizard data-base={base}>
          <SelectField
            id="import-kind"
            name="kind"
            label="What the file holds"
            options={[
              { value: 'person', label: 'People' },
              { value: 'company', label: 'Companies' },
            ]}
          />
          <div class="field">
            <label for="import-file">CSV file</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <button type="button" class="button button-secondary" data-import-preview>
            Preview
          </button>
          <section data-import-mapping hidden aria-labelledby="mapping-heading">
            <h2 id="mapping-heading" tabIndex={-1}>
              Map the columns
            </h2>
            <div class="import-report">
              <table class="table" data-import-table />
            </div>
            <label class="checkbox">
              <input type="checkbox" name="mode" value="valid" /> Import only the valid rows (skip the invalid ones)
            </label>
            <button type="submit" class="button">
              Import
            </button>
          </section>
          <progress data-import-progress max={100} value={0} hidden aria-label="Import progress" />
          <FormMessage />
          <ul class="item-list import-report" data-import-issues aria-label="Invalid rows" />
        </form>
        <p>
          Export: <a href="/api/v1/records/export?kind=person">people</a> · <a href="/api/v1/records/export?kind=company">companies</a>
        </p>
      </div>
    </Layout>
  );
}

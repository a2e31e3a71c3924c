import { ApiError, callApi, idempotencyKeyFor, settleIdempotencyKey, showApiError, showMessage } from '../../../../platform/pages/client/index.js';

interface Preview {
  readonly headers: string[];
  readonly columns: string[];
  readonly rows: string[][];
}

interface ImportReport {
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  readonly issues: ReadonlyArray<{ row: number; messages: string[] }>;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  '': '(skip)',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  dateOfBirth: 'Date of birth',
  ssn: 'SSN',
  licenceNumber: "Driver's licence number",
  taxId: 'Tax ID',
  ein: 'EIN',
};

/** The import wizard: preview and mapping from the file's first 64 KB, then a streamed upload with progress. */
export function enhanceImportForm(root: ParentNode): void {
  const form = root.querySelector<HTMLFormElement>('form[data-import-wizard]');
  if (!form) return;
  const fileInput = form.querySelector<HTMLInputElement>('input[type=file]')!;
  const kindSelect = form.querySelector<HTMLSelectElement>('select[name=kind]')!;
  form.querySelector('[data-import-preview]')!.addEventListener('click', () => void preview(form, fileInput, kindSelect));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void upload(form, fileInput, kindSelect);
  });
}

async function preview(form: HTMLFormElement, fileInput: HTMLInputElement, kindSelect: HTMLSelectElement): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) return void showMessage(form, 'Choose a file first.', 'error');
  try {
    const sample = await file.slice(0, 65_536).text();
    const result = (await callApi('POST', '/api/v1/records/imports/preview', { kind: kindSelect.value, sample })) as Preview;
    renderMapping(form, result);
    showMessage(form, `${file.name}: check the mapping, then import.`, 'success');
  } catch (error) {
    showApiError(form, error instanceof ApiError ? error : new ApiError('client', 'The file could not be read.'));
  }
}

function renderMapping(form: HTMLFormElement, preview: Preview): void {
  const table = form.querySelector<HTMLTableElement>('[data-import-table]')!;
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  const mapRow = table.createTBody().insertRow();
  preview.headers.forEach((header, index) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = header;
    head.append(th);
    const cell = mapRow.insertCell();
    const select = document.createElement('select');
    select.dataset.importColumn = String(index);
    select.setAttribute('aria-label', `Field for column ${header}`);
    for (const [value, label] of Object.entries(FIELD_LABELS)) select.add(new Option(label, value, false, value === preview.columns[index]));
    cell.append(select);
  });
  const body = table.tBodies[0]!;
  for (const row of preview.rows) {
    const tr = body.insertRow();
    preview.headers.forEach((_, index) => (tr.insertCell().textContent = row[index] ?? ''));
  }
  const mapping = form.querySelector<HTMLElement>('[data-import-mapping]')!;
  mapping.hidden = false;
  mapping.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
}

function upload(form: HTMLFormElement, fileInput: HTMLInputElement, kindSelect: HTMLSelectElement): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) {
    showMessage(form, 'Choose a file first.', 'error');
    return Promise.resolve();
  }
  const columns = [...form.querySelectorAll<HTMLSelectElement>('select[data-import-column]')].map((select) => select.value).join(',');
  const mode = form.querySelector<HTMLInputElement>('input[name=mode]')!.checked ? 'valid' : 'all';
  const progress = form.querySelector<HTMLProgressElement>('[data-import-progress]')!;
  const issues = form.querySelector<HTMLElement>('[data-import-issues]')!;
  issues.replaceChildren();
  progress.hidden = false;
  progress.value = 0;
  showMessage(form, 'Importing…', 'success');
  // XMLHttpRequest, not fetch: it reports upload progress, and the server reads the upload as it stores rows.
  const request = new XMLHttpRequest();
  const url = `/api/v1/records/imports?${new URLSearchParams({ kind: kindSelect.value, mode, columns })}`;
  request.open('POST', url);
  request.setRequestHeader('content-type', 'text/csv');
  // Import pressed again after a lost answer: the same file and options repeat the key, and import once.
  request.setRequestHeader('idempotency-key', idempotencyKeyFor(form, [url, file]));
  request.setRequestHeader('accept', 'application/json');
  request.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
  });
  return new Promise((resolve) => {
    request.addEventListener('loadend', () => {
      if (request.status !== 0) settleIdempotencyKey(form);
      progress.value = 100;
      const data = parseJson(request.responseText) as { error?: { message?: string; details?: { report?: ImportReport } } } & Partial<ImportReport>;
      if (request.status === 201) {
        showMessage(form, `Imported ${data.rowsImported} of ${data.rowsRead} rows.${data.rowsRejected ? ` ${data.rowsRejected} invalid rows were skipped.` : ''}`, 'success');
        listIssues(issues, data as ImportReport);
      } else {
        showMessage(form, data.error?.message ?? `The import failed (HTTP ${request.status}).`, 'error');
        if (data.error?.details?.report) listIssues(issues, data.error.details.report);
      }
      resolve();
    });
    request.send(file);
  });
}

function listIssues(list: HTMLElement, report: ImportReport): void {
  for (const issue of report.issues) {
    const item = document.createElement('li');
    item.className = 'item';
    item.textContent = `Row ${issue.row}: ${issue.messages.join('; ')}`;
    list.append(item);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

// The signer's page: loads what the signer may see, renders the documents with pdf.js, lays the
// signer's own fields over them, and signs or declines through the signing API.
import { ApiError, callApi, runFormRequest, showApiError } from '../../../../platform/pages/client/index.js';
import { FIELD_LABELS, placeBox, renderPdf, usePdfWorker } from './pdf-view.js';
import { signaturePad } from './signature-pad.js';

interface SignerView {
  envelope: { title: string; message: string };
  signer: { name: string };
  yourTurn: boolean;
  documents: Array<{ id: string; name: string }>;
  fields: Array<{ id: string; documentId: string; kind: string; label: string; required: boolean; page: number; x: number; y: number; width: number; height: number }>;
}

export function enhanceSigningPage(root: ParentNode): void {
  const page = root.querySelector<HTMLElement>('[data-pact-sign]');
  if (page) void startSigning(page);
}

const part = (page: HTMLElement, role: string) => page.querySelector<HTMLElement>(`[data-role="${role}"]`)!;

async function startSigning(page: HTMLElement): Promise<void> {
  usePdfWorker(page.dataset.worker ?? '');
  const status = part(page, 'status');
  let view: SignerView;
  try {
    view = (await callApi('GET', '/api/v1/pact/signing/envelope')) as SignerView;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'pact.code_required') return askForCode(page);
    status.textContent = error instanceof ApiError ? error.message : 'The document could not be loaded.';
    status.className = 'notice notice-warning';
    return;
  }
  status.hidden = true;
  part(page, 'title').textContent = view.envelope.title;
  part(page, 'message').textContent = view.envelope.message;
  part(page, 'document').hidden = false;
  if (!view.yourTurn) part(page, 'turn').hidden = false;
  const inputs = new Map<string, HTMLInputElement>();
  const pagesRoot = part(page, 'pages');
  for (const document of view.documents) {
    const rendered = await renderPdf(pagesRoot, `/api/v1/pact/signing/documents/${document.id}`, document.id, document.name);
    for (const field of view.fields.filter((item) => item.documentId === document.id)) {
      const target = rendered[field.page]?.element;
      if (target) target.append(fieldOverlay(field, inputs));
    }
  }
  void callApi('POST', '/api/v1/pact/signing/viewed').catch(() => undefined);
  const pad = signaturePad(part(page, 'pad') as unknown as HTMLCanvasElement);
  part(page, 'clear-pad').addEventListener('click', () => pad.clear());
  (part(page, 'signature-name') as HTMLInputElement | null)?.focus();

  const signForm = part(page, 'sign-form') as HTMLFormElement;
  signForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = (signForm.elements.namedItem('signatureText') as HTMLInputElement).value.trim();
    const values = Object.fromEntries([...inputs].map(([id, input]) => [id, input.type === 'checkbox' ? String(input.checked) : input.value]));
    const signature = pad.isEmpty() ? { kind: 'typed', text } : { kind: 'drawn', text, png: pad.toDataUrl() };
    void runFormRequest(signForm, () => callApi('POST', '/api/v1/pact/signing/sign', { values, signature }), (result) =>
      finish(page, 'Thank you for signing', (result as { completed: boolean }).completed ? 'Everyone has signed. The signed PDF is on its way to your email.' : 'Your signature is recorded. You will get the signed PDF by email once everyone has signed.'),
    );
  });
  const declineForm = part(page, 'decline-form') as HTMLFormElement;
  declineForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = (declineForm.elements.namedItem('reason') as HTMLTextAreaElement).value;
    void runFormRequest(declineForm, () => callApi('POST', '/api/v1/pact/signing/decline', { reason }), () => finish(page, 'You declined to sign', 'The sender and the other signers are told.'));
  });
}

/** A field of this signer over its page: an input for text and checkboxes, a marker for the rest. */
function fieldOverlay(field: SignerView['fields'][number], inputs: Map<string, HTMLInputElement>): HTMLElement {
  const box = document.createElement('div');
  box.className = `pact-field pact-field-${field.kind} pact-field-mine`;
  placeBox(box, field);
  if (field.kind === 'text' || field.kind === 'checkbox') {
    const input = document.createElement('input');
    input.type = field.kind === 'checkbox' ? 'checkbox' : 'text';
    input.setAttribute('aria-label', field.label || FIELD_LABELS[field.kind]!);
    input.dataset.field = field.id;
    if (field.kind === 'text') input.maxLength = 500;
    input.required = field.required;
    inputs.set(field.id, input);
    box.append(input);
  } else {
    box.textContent = `${FIELD_LABELS[field.kind]} (filled when you sign)`;
  }
  return box;
}

function askForCode(page: HTMLElement): void {
  part(page, 'status').hidden = true;
  const form = part(page, 'code') as HTMLFormElement;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = (form.elements.namedItem('code') as HTMLInputElement).value.trim();
    void runFormRequest(form, () => callApi('POST', '/api/v1/pact/signing/code', { code }), () => window.location.reload());
  });
  part(page, 'resend-code').addEventListener('click', () => {
    callApi('POST', '/api/v1/pact/signing/code/resend').catch((error: unknown) => showApiError(form, error instanceof ApiError ? error : new ApiError('client', 'No new code could be sent.')));
  });
}

function finish(page: HTMLElement, title: string, text: string): void {
  part(page, 'document').hidden = true;
  part(page, 'done-title').textContent = title;
  part(page, 'done-text').textContent = text;
  const done = part(page, 'done');
  done.hidden = false;
  done.focus();
}

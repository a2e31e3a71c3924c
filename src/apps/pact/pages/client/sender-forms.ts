// The sender's forms that send more than strings: a new draft (typed JSON) and a PDF upload (the file itself).
import { ApiError, callApi, idempotencyKeyFor, navigateTo, runFormRequest } from '../../../../platform/pages/client/index.js';

export function enhanceSenderForms(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-pact-create]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = {
        title: String(data.get('title') ?? ''),
        message: String(data.get('message') ?? ''),
        signingOrder: String(data.get('signingOrder') ?? 'sequential'),
        requireCode: data.get('requireCode') === 'true',
        expiresInDays: Number(data.get('expiresInDays') ?? 30),
      };
      const kind = form.dataset.pactCreate === 'template' ? 'template' : 'envelope';
      const path = `/api/v1/pact/envelopes?kind=${kind}`;
      void runFormRequest(
        form,
        () => callApi('POST', path, body, { 'idempotency-key': idempotencyKeyFor(form, [path, JSON.stringify(body)]) }),
        (result) => navigateTo((form.dataset.next ?? '').replace('{id}', encodeURIComponent((result as { id: string }).id))),
      );
    });
  }
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-pact-upload]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const file = form.querySelector<HTMLInputElement>('input[type="file"]')?.files?.[0];
      if (!file) return;
      const kind = form.dataset.kind === 'template' ? '&kind=template' : '';
      const url = `${form.dataset.pactUpload}?name=${encodeURIComponent(file.name.slice(0, 200) || 'document.pdf')}${kind}`;
      void runFormRequest(form, () => uploadPdf(url, file), () => window.location.reload());
    });
  }
}

/** POSTs the file as application/pdf; the API's error (not a PDF, encrypted, too large) is shown on the form. */
async function uploadPdf(url: string, file: File): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/pdf', accept: 'application/json', 'idempotency-key': crypto.randomUUID() }, body: file });
  const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) throw new ApiError(data?.error?.code ?? 'unknown', data?.error?.message ?? `The upload failed (HTTP ${response.status}).`);
  return data;
}

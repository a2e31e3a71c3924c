// The sender's field editor: click a page to place a field for the chosen signer, click a field
// to remove it, save the whole layout at once (PUT …/fields, all or nothing).
import { ApiError, callApi, showApiError, showMessage } from '../../../../platform/pages/client/index.js';
import { DEFAULT_SIZES, FIELD_LABELS, placeBox, renderPdf, usePdfWorker } from './pdf-view.js';

interface EditorField {
  documentId: string;
  signerId: string;
  kind: string;
  label: string;
  required: boolean;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function enhanceFieldEditor(root: ParentNode): void {
  for (const editor of root.querySelectorAll<HTMLElement>('[data-pact-editor]')) void startEditor(editor);
}

async function startEditor(editor: HTMLElement): Promise<void> {
  const api = editor.dataset.pactEditor!;
  const kindQuery = editor.dataset.kind === 'template' ? '?kind=template' : '';
  const documents = JSON.parse(editor.dataset.documents ?? '[]') as Array<{ id: string; name: string }>;
  const signers = new Map((JSON.parse(editor.dataset.signers ?? '[]') as Array<{ id: string; name: string }>).map((signer) => [signer.id, signer.name]));
  const fields: EditorField[] = (JSON.parse(editor.dataset.fields ?? '[]') as EditorField[]).map(({ documentId, signerId, kind, label, required, page, x, y, width, height }) => ({ documentId, signerId, kind, label, required, page, x, y, width, height }));
  const pagesRoot = editor.querySelector<HTMLElement>('[data-role="pages"]')!;
  
  usePdfWorker(editor.dataset.worker ?? '');
  pagesRoot.replaceChildren();
  const pageElements = new Map<string, HTMLElement>();
  try {
    for (const document of documents) {
      for (const page of await renderPdf(pagesRoot, `${api}/documents/${document.id}/file${kindQuery}`, document.id, document.name)) pageElements.set(`${page.documentId}:${page.index}`, page.element);
    }
  } catch (error) {
    pagesRoot.textContent = error instanceof Error ? error.message : 'The document could not be shown.';
    return;
  }

  const draw = () => {
    for (const element of pagesRoot.querySelectorAll('.pact-field')) element.remove();
    fields.forEach((field, index) => {
      const page = pageElements.get(`${field.documentId}:${field.page}`);
      if (!page) return;
      const box = document.createElement('button');
      box.type = 'button';
      box.className = `pact-field pact-field-${field.kind}`;
      box.textContent = `${FIELD_LABELS[field.kind]} · ${signers.get(field.signerId) ?? ''}`;
      box.setAttribute('aria-label', `${FIELD_LABELS[field.kind]} for ${signers.get(field.signerId) ?? 'a signer'}: remove`);
      placeBox(box, field);
      box.addEventListener('click', (event) => {
        event.stopPropagation();
        fields.splice(index, 1);
        draw();
      });
      page.append(box);
    });
  };
  draw();

  for (const [key, page] of pageElements) {
    const [documentId, pageIndex] = key.split(':') as [string, string];
    page.addEventListener('click', (event) => {
      const kind = editor.querySelector<HTMLSelectElement>('[data-role="kind"]')!.value;
      const signerId = editor.querySelector<HTMLSelectElement>('[data-role="signer"]')!.value;
      const bounds = page.getBoundingClientRect();
      const size = DEFAULT_SIZES[kind]!;
      // The click is the box's top-left corner, kept inside the page.
      const x = Math.min(Math.max(0, (event.clientX - bounds.left) / bounds.width), 1 - size.width);
      const y = Math.min(Math.max(0, (event.clientY - bounds.top) / bounds.height), 1 - size.height);
      fields.push({ documentId, signerId, kind, label: '', required: true, page: Number(pageIndex), x, y, ...size });
      draw();
    });
  }

  editor.querySelector<HTMLButtonElement>('[data-role="save"]')!.addEventListener('click', async () => {
    try {
      await callApi('PUT', `${api}/fields${kindQuery}`, { fields });
      showMessage(editor as HTMLFormElement, `Saved ${fields.length} field${fields.length === 1 ? '' : 's'}.`, 'success');
    } catch (error) {
      showApiError(editor as HTMLFormElement, error instanceof ApiError ? error : new ApiError('client', 'The fields could not be saved.'));
    }
  });

}

// Renders PDF pages into canvases with the bundled pdf.js; fields are laid over them in page
// fractions (origin top-left), the same numbers the server stores and flattens.
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';

export interface RenderedPage {
  readonly element: HTMLElement;
  readonly documentId: string;
  readonly index: number;
}

export function usePdfWorker(workerPath: string): void {
  GlobalWorkerOptions.workerSrc = workerPath;
}

/** Fetches a PDF (same origin, with cookies) and renders every page into `container`. */
export async function renderPdf(container: HTMLElement, url: string, documentId: string, label: string): Promise<RenderedPage[]> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The document could not be loaded (${response.status}).`);
  const pdf = await getDocument({ data: new Uint8Array(await response.arrayBuffer()) }).promise;
  const pages: RenderedPage[] = [];
  for (let index = 0; index < pdf.numPages; index += 1) {
    const page = await pdf.getPage(index + 1);
    const viewport = page.getViewport({ scale: 1.5 });
    const wrapper = document.createElement('div');
    wrapper.className = 'pact-page';
    wrapper.dataset.document = documentId;
    wrapper.dataset.page = String(index);
    wrapper.setAttribute('role', 'group');
    wrapper.setAttribute('aria-label', `${label}, page ${index + 1} of ${pdf.numPages}`);
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    wrapper.append(canvas);
    container.append(wrapper);
    await page.render({ canvas, viewport }).promise;
    pages.push({ element: wrapper, documentId, index });
  }
  return pages;
}

/** Places an element over a page at a fraction box (CSSOM styles, which the CSP allows). */
export function placeBox(element: HTMLElement, box: { x: number; y: number; width: number; height: number }): void {
  element.style.left = `${box.x * 100}%`;
  element.style.top = `${box.y * 100}%`;
  element.style.width = `${box.width * 100}%`;
  element.style.height = `${box.height * 100}%`;
}

export const FIELD_LABELS: Record<string, string> = { signature: 'Signature', initials: 'Initials', date: 'Date', text: 'Text', checkbox: 'Checkbox' };

/** The size a new field of each kind gets, in page fractions. */
export const DEFAULT_SIZES: Record<string, { width: number; height: number }> = {
  signature: { width: 0.3, height: 0.06 },
  initials: { width: 0.1, height: 0.05 },
  date: { width: 0.18, height: 0.035 },
  text: { width: 0.3, height: 0.035 },
  checkbox: { width: 0.035, height: 0.027 },
};

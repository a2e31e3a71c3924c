// The public verifier: the chosen PDF is POSTed as it is, and the report is shown in words.
import { ApiError, runFormRequest } from '../../../../platform/pages/client/index.js';

interface VerifyReport {
  valid: boolean;
  sha256: string;
  certificate: { envelopeId: string; completionSeq: number } | null;
  signature: { detail: string };
  chainEntry: { found: boolean; matches: boolean; hash: string | null };
  problems: string[];
}

export function enhanceVerifyForm(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-pact-verify]')) {
    const result = form.parentElement!.querySelector<HTMLElement>('[data-role="verify-result"]')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const file = form.querySelector<HTMLInputElement>('input[type="file"]')?.files?.[0];
      if (!file) return;
      void runFormRequest(form, () => verify(file), (report) => show(result, report as VerifyReport));
    });
  }
}

async function verify(file: File): Promise<VerifyReport> {
  const response = await fetch('/api/v1/pact/verify', { method: 'POST', headers: { 'content-type': 'application/pdf', accept: 'application/json' }, body: file });
  const data = (await response.json().catch(() => null)) as (VerifyReport & { error?: { code?: string; message?: string } }) | null;
  if (!response.ok || !data) throw new ApiError(data?.error?.code ?? 'unknown', data?.error?.message ?? `The check failed (HTTP ${response.status}).`);
  return data;
}

function show(target: HTMLElement, report: VerifyReport): void {
  target.replaceChildren();
  target.className = `card notice ${report.valid ? 'notice-success' : 'notice-error'}`;
  const heading = document.createElement('h2');
  heading.dataset.testid = 'verify-verdict';
  heading.textContent = report.valid ? 'Valid: this is the document as it was completed.' : 'Not valid.';
  target.append(heading);
  const lines = report.valid
    ? [`Chain entry #${report.certificate?.completionSeq} of envelope ${report.certificate?.envelopeId} holds this file's SHA-256.`, report.signature.detail]
    : report.problems;
  for (const line of [...lines, `SHA-256 of the file: ${report.sha256}`]) {
    const paragraph = document.createElement('p');
    paragraph.textContent = line;
    target.append(paragraph);
  }
  target.hidden = false;
  target.focus();
}

import { ApiForm, Field, FormMessage, Layout, SubmitButton, TextAreaField, formatDateTime, type PageChrome } from '../../../../platform/pages/index.js';
import type { Envelope } from '../../envelopes/envelopes.types.js';
import { statusLabel } from './envelope-list.js';

export interface EnvelopePageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly envelope: Envelope;
  /** pdf.js's worker script, served with the bundle. */
  readonly workerPath: string;
}

const SIGNER_STATUS: Record<Envelope['signers'][number]['status'], string> = { pending: 'Waiting for their turn', sent: 'Link sent', viewed: 'Viewed', signed: 'Signed', declined: 'Declined' };
const when = (value: string | null) => (value ? formatDateTime(new Date(value)) : '');

/** One envelope or template: a draft is prepared here (documents, signers, fields), a sent one followed. */
export function EnvelopePage({ chrome, base, envelope, workerPath }: EnvelopePageProps) {
  const isTemplate = envelope.kind === 'template';
  const kindQuery = isTemplate ? '?kind=template' : '';
  const api = `/api/v1/pact/envelopes/${envelope.id}`;
  const draft = envelope.status === 'draft';
  return (
    <Layout chrome={chrome} title={envelope.title}>
      <p>
        <a href={isTemplate ? `${base}/templates` : `${base}/`}>{isTemplate ? 'All templates' : 'All envelopes'}</a>
      </p>
      <h1>
        {envelope.title} {isTemplate ? <span class="badge">Template</span> : <span class="badge">{statusLabel(envelope.status)}</span>}
      </h1>
      {envelope.message ? <p class="lead">{envelope.message}</p> : null}
      {envelope.status === 'voided' ? <p class="notice notice-warning">Voided {when(envelope.voidedAt)}: {envelope.voidReason}</p> : null}
      {envelope.status === 'declined' ? (
        <p class="notice notice-warning">Declined by {envelope.signers.find((signer) => signer.status === 'declined')?.name}: {envelope.signers.find((signer) => signer.status === 'declined')?.declineReason}</p>
      ) : null}
      {envelope.status === 'completed' ? (
        <section class="card stack" aria-labelledby="completed">
          <h2 id="completed">Completed {when(envelope.completedAt)}</h2>
          <p>
            <a class="button" href={`${api}/completed.pdf`} data-testid="download-completed">
              Download the signed PDF
            </a>
          </p>
          <p class="hint">
            SHA-256 <span class="secret">{envelope.finalSha256}</span>. Anyone can check the file at <a href={`${base}/verify`}>Verify a PDF</a>.
          </p>
        </section>
      ) : null}

      <section class="card stack" aria-labelledby="documents">
        <h2 id="documents">Documents</h2>
        {envelope.documents.length === 0 ? <p class="empty">No document yet. Add a PDF (not encrypted, at most the size this installation allows).</p> : null}
        <ul class="item-list">
          {envelope.documents.map((document) => (
            <li class="item" key={document.id}>
              <div class="item-main">
                <p class="item-title">{document.name}</p>
                <p class="item-meta">
                  {document.pages.length} page{document.pages.length === 1 ? '' : 's'} · SHA-256 <span class="secret">{document.sha256.slice(0, 16)}…</span>
                </p>
              </div>
              {draft ? (
                <ApiForm api={`${api}/documents/${document.id}${kindQuery}`} method="DELETE" next="reload" class="inline-form" confirm={`Remove ${document.name}?`}>
                  <SubmitButton variant="danger">Remove</SubmitButton>
                </ApiForm>
              ) : null}
            </li>
          ))}
        </ul>
        {draft ? (
          <form method="post" class="stack" data-pact-upload={`${api}/documents`} data-kind={envelope.kind} aria-label="Upload a document">
            <div class="field">
              <label for="document-file">Add a PDF</label>
              <input id="document-file" name="file" type="file" accept="application/pdf,.pdf" required />
            </div>
            <FormMessage />
            <SubmitButton variant="secondary">Upload</SubmitButton>
          </form>
        ) : null}
      </section>

      <section class="card stack" aria-labelledby="signers">
        <h2 id="signers">Signers ({envelope.signingOrder === 'sequential' ? 'in this order' : 'all at once'})</h2>
        {envelope.signers.length === 0 ? <p class="empty">No signers yet. Add each person who signs; they need no account.</p> : null}
        <ol class="item-list">
          {envelope.signers.map((signer) => (
            <li class="item" key={signer.id} data-signer={signer.email}>
              <div class="item-main">
                <p class="item-title">
                  {signer.name} <span class="item-meta">&lt;{signer.email}&gt;</span>
                </p>
                {isTemplate || draft ? null : (
                  <p class="item-meta" data-testid="signer-status">
                    {SIGNER_STATUS[signer.status]} {when(signer.signedAt ?? signer.viewedAt ?? signer.sentAt)}
                  </p>
                )}
              </div>
              {draft ? (
                <ApiForm api={`${api}/signers/${signer.id}${kindQuery}`} method="DELETE" next="reload" class="inline-form" confirm={`Remove ${signer.name} and their fields?`}>
                  <SubmitButton variant="danger">Remove</SubmitButton>
                </ApiForm>
              ) : null}
            </li>
          ))}
        </ol>
        {draft ? (
          <ApiForm api={`${api}/signers${kindQuery}`} next="reload" class="stack" labelledBy="add-signer">
            <h3 id="add-signer">Add a signer</h3>
            <Field id="signer-name" name="name" label="Name" required maxLength={200} />
            <Field id="signer-email" name="email" type="email" label="Email" required maxLength={254} />
            <SubmitButton variant="secondary">Add signer</SubmitButton>
          </ApiForm>
        ) : null}
      </section>

      {draft && envelope.documents.length > 0 && envelope.signers.length > 0 ? (
        <section class="card stack" aria-labelledby="fields">
          <h2 id="fields">Fields</h2>
          <p class="hint">Choose a signer and a kind of field, then click on the page where it goes. Click a field to remove it. Every signer needs a signature field.</p>
          <div
            data-pact-editor={api}
            data-kind={envelope.kind}
            data-documents={JSON.stringify(envelope.documents.map((document) => ({ id: document.id, name: document.name, pages: document.pages.length })))}
            data-signers={JSON.stringify(envelope.signers.map((signer) => ({ id: signer.id, name: signer.name })))}
            data-fields={JSON.stringify(envelope.fields)}
            data-worker={workerPath}
          >
            <div class="pact-toolbar">
              <label>
                Signer <select data-role="signer">{envelope.signers.map((signer) => <option value={signer.id}>{signer.name}</option>)}</select>
              </label>
              <label>
                Field{' '}
                <select data-role="kind">
                  <option value="signature">Signature</option>
                  <option value="initials">Initials</option>
                  <option value="date">Date signed</option>
                  <option value="text">Text</option>
                  <option value="checkbox">Checkbox</option>
                </select>
              </label>
              <button type="button" class="button" data-role="save">
                Save fields
              </button>
              <FormMessage />
            </div>
            <div class="pact-pages" data-role="pages">
              <p class="hint">Loading the document…</p>
            </div>
          </div>
        </section>
      ) : null}

      {draft && !isTemplate ? (
        <section class="card stack" aria-labelledby="send">
          <h2 id="send">Send</h2>
          <p>Each signer gets an emailed link{envelope.signingOrder === 'sequential' ? ' when it is their turn' : ''}. After sending, the documents, signers and fields can no longer change.</p>
          <ApiForm api={`${api}/send`} next="reload" confirm="Send this envelope to its signers now?">
            <SubmitButton>Send for signing</SubmitButton>
          </ApiForm>
        </section>
      ) : null}

      {envelope.status === 'sent' ? (
        <section class="card stack" aria-labelledby="void">
          <h2 id="void">Void</h2>
          <ApiForm api={`${api}/void`} next="reload" confirm="Void this envelope? Nobody can sign it afterwards.">
            <TextAreaField id="void-reason" name="reason" label="Reason (signers are told)" maxLength={500} required />
            <SubmitButton variant="danger">Void envelope</SubmitButton>
          </ApiForm>
        </section>
      ) : null}

      {!isTemplate ? (
        <ApiForm api={`${api}/template`} next={`${base}/templates/{id}`} class="inline-form">
          <SubmitButton variant="secondary">Save as template</SubmitButton>
        </ApiForm>
      ) : null}

      {envelope.chain.length > 0 ? (
        <section class="card stack" aria-labelledby="history">
          <h2 id="history">History in the tenant's chain</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Event</th>
                <th scope="col">When</th>
                <th scope="col">Entry hash</th>
              </tr>
            </thead>
            <tbody>
              {envelope.chain.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{entry.type}</td>
                  <td>{when(entry.at)}</td>
                  <td>
                    <span class="secret">{entry.hash.slice(0, 16)}…</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </Layout>
  );
}

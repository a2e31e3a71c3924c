import { ApiForm, Field, FormMessage, Layout, Pager, SubmitButton, formatDateTime, type PageChrome } from '../../../../platform/pages/index.js';
import type { EnvelopePage, EnvelopeSummary, ListEnvelopesQuery } from '../../envelopes/envelopes.types.js';

const STATUS_LABELS: Record<EnvelopeSummary['status'], string> = { draft: 'Draft', sent: 'Out for signing', completed: 'Completed', declined: 'Declined', voided: 'Voided', expired: 'Expired' };

export function statusLabel(status: EnvelopeSummary['status']): string {
  return STATUS_LABELS[status];
}

/** The form that starts a draft (or a template); the client script sends it with typed values. */
function NewEnvelopeForm({ base, kind }: { base: string; kind: 'envelope' | 'template' }) {
  return (
    <form method="post" class="stack card" data-pact-create={kind} data-next={`${base}/${kind === 'template' ? 'templates' : 'envelopes'}/{id}`} aria-labelledby={`new-${kind}`}>
      <h2 id={`new-${kind}`}>{kind === 'template' ? 'New template' : 'New envelope'}</h2>
      <Field id={`${kind}-title`} name="title" label="Title" required maxLength={200} />
      <div class="field">
        <label for={`${kind}-message`}>Message to signers (optional)</label>
        <textarea id={`${kind}-message`} name="message" maxLength={2000} rows={3} />
      </div>
      <div class="field">
        <label for={`${kind}-order`}>Signing order</label>
        <select id={`${kind}-order`} name="signingOrder">
          <option value="sequential">One after another, in order</option>
          <option value="parallel">All at once</option>
        </select>
      </div>
      <label class="checkbox">
        <input type="checkbox" name="requireCode" value="true" /> Ask each signer for a one-time code sent to their email
      </label>
      <div class="field">
        <label for={`${kind}-expires`}>Expires after (days)</label>
        <input id={`${kind}-expires`} name="expiresInDays" type="number" min={1} max={365} value="30" required />
      </div>
      <FormMessage />
      <SubmitButton>{kind === 'template' ? 'Create template' : 'Create draft'}</SubmitButton>
    </form>
  );
}

export interface EnvelopeListPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly query: ListEnvelopesQuery;
  readonly page: EnvelopePage;
}

/** The tenant's envelopes, newest first, and a draft to start. */
export function EnvelopeListPage({ chrome, base, query, page }: EnvelopeListPageProps) {
  const kind = query.kind;
  const path = kind === 'template' ? `${base}/templates` : `${base}/`;
  return (
    <Layout chrome={chrome} title={kind === 'template' ? 'Templates' : 'Envelopes'}>
      <h1>{kind === 'template' ? 'Templates' : 'Envelopes'}</h1>
      {page.items.length === 0 ? (
        <p class="empty">
          {query.cursor ? 'Nothing more.' : kind === 'template' ? 'No templates yet. Save an envelope as a template from its page, or start one below.' : 'No envelopes yet. Create a draft below, add a PDF and signers, place the fields and send it.'}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              {kind === 'envelope' ? <th scope="col">Status</th> : null}
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={`${base}/${kind === 'template' ? 'templates' : 'envelopes'}/${item.id}`}>{item.title}</a>
                </td>
                {kind === 'envelope' ? <td>{statusLabel(item.status)}</td> : null}
                <td>{formatDateTime(new Date(item.createdAt))}</td>
                <td>
                  {kind === 'template' ? (
                    <ApiForm api={`/api/v1/pact/templates/${item.id}/envelopes`} next={`${base}/envelopes/{id}`} class="inline-form">
                      <SubmitButton variant="secondary">Use template</SubmitButton>
                    </ApiForm>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path={path} page={page} query={{}} label={kind === 'template' ? 'Pages of templates' : 'Pages of envelopes'} />
      <NewEnvelopeForm base={base} kind={kind} />
    </Layout>
  );
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendPage } from '../../platform/pages/index.js';
import { answerLabel } from '../documents/trust-documents.js';
import { toCsv } from '../documents/csv.js';
import { readStatus, statusAtomFeed, statusJson, statusJsonSchema } from '../status/index.js';
import type { TrustDeps } from '../trust-deps.js';
import { securityContacts, trustOrigin } from '../trust-origin.js';
import { FaqPage } from './views/faq-page.js';
import { SecurityPage } from './views/security-page.js';
import { StatusPage } from './views/status-page.js';
import { SubProcessorsPage } from './views/sub-processors-page.js';
import type { TrustPageContext } from './views/trust-chrome.js';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
// The documents change only with a release; the status changes any minute.
const DOCUMENT_CACHE = 'public, max-age=300';
const STATUS_CACHE = 'public, max-age=30';

/** The trust pages, their downloads and the status feeds: public, read-only, no session read. */
export function registerTrustPages(app: FastifyInstance, deps: TrustDeps, context: TrustPageContext): void {
  const { subProcessors, faq, statusOfWork } = deps.documents;
  const origin = trustOrigin(deps.config);
  const contacts = securityContacts(deps.config);

  app.get('/security', PAGE, async (_request, reply) => sendPage(reply, <SecurityPage context={context} statusOfWork={statusOfWork} contacts={contacts} />));

  app.get('/security/sub-processors', PAGE, async (_request, reply) => sendPage(reply, <SubProcessorsPage context={context} list={subProcessors} />));
  app.get('/security/sub-processors.json', PAGE, async (_request, reply) => reply.header('cache-control', DOCUMENT_CACHE).send(subProcessors));
  app.get('/security/sub-processors.csv', PAGE, async (_request, reply) => {
    const rows = subProcessors.subProcessors.map((entry) => [entry.name, entry.purpose, entry.dataCategories.join('; '), entry.region, entry.dpaStatus]);
    return sendCsv(reply, 'sub-processors.csv', toCsv(['name', 'purpose', 'data_categories', 'region', 'dpa_status'], rows));
  });

  app.get('/security/faq', PAGE, async (_request, reply) => sendPage(reply, <FaqPage context={context} faq={faq} />));
  app.get('/security/faq.json', PAGE, async (_request, reply) => reply.header('cache-control', DOCUMENT_CACHE).send(faq));
  app.get('/security/faq.csv', PAGE, async (_request, reply) => {
    const rows = faq.questions.map((question) => [question.id, question.domain, question.question, answerLabel(question), question.notes, `${origin}${question.control}`]);
    return sendCsv(reply, 'security-questionnaire.csv', toCsv(['question_id', 'domain', 'question', 'answer', 'notes', 'control'], rows));
  });

  const statusDeps = { db: deps.identityDb, clock: deps.clock, readiness: deps.readiness };
  app.get('/status', PAGE, async (_request, reply) => sendPage(reply, <StatusPage context={context} report={await readStatus(statusDeps)} />));
  app.get('/status.json', { config: { auth: 'public' }, schema: { summary: 'Status: components and incidents', tags: ['trust'], operationId: 'trust.status.get', response: { 200: statusJsonSchema } } }, async (_request, reply) =>
    reply.header('cache-control', STATUS_CACHE).send(statusJson(await readStatus(statusDeps))),
  );
  app.get('/status/feed.atom', PAGE, async (_request, reply) =>
    reply.header('cache-control', STATUS_CACHE).type('application/atom+xml; charset=utf-8').send(statusAtomFeed(await readStatus(statusDeps), origin)),
  );
}

function sendCsv(reply: FastifyReply, filename: string, body: string) {
  return reply.header('cache-control', DOCUMENT_CACHE).header('content-disposition', `attachment; filename="${filename}"`).type('text/csv; charset=utf-8').send(body);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireTenant, safeText } from '../../../platform/http/index.js';
import { sendPage } from '../../../platform/pages/index.js';
import { latestPactCheckpoint, verifyPactChain } from '../chain/index.js';
import { envelopeIdParamsSchema, listEnvelopesQuerySchema } from '../envelopes/envelopes.types.js';
import { listEnvelopes, readEnvelope } from '../envelopes/read-envelope.js';
import { chromeFor, publicPageOptions, senderPageOptions, tenantName, type PactPageContext } from './page-context.js';
import { EnvelopeListPage } from './views/envelope-list.js';
import { EnvelopePage } from './views/envelope-page.js';
import { ChainPage, SigningPage, SignLandingPage, VerifyPage } from './views/sign-pages.js';

const listQuery = listEnvelopesQuerySchema.omit({ kind: true });
const tokenQuery = z.strictObject({ token: safeText({ min: 1, max: 200 }).optional() });

/** The pact pages: the sender's (signed in), the signer's (their link), and the public verifier. */
export function registerPactPages(app: FastifyInstance, context: PactPageContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const sender = senderPageOptions(context);
  const visitor = publicPageOptions(context);
  const { deps, base } = context;
  const workerPath = context.assets.extraPaths.get('pdf.worker') ?? '';

  for (const [kind, path] of [['envelope', '/'], ['template', '/templates']] as const) {
    routes.get(path, { ...sender, schema: { ...sender.schema, querystring: listQuery } }, async (request, reply) => {
      const [name, page] = await deps.businessDb.withTenant(requireTenant(request), async () => [await tenantName(), await listEnvelopes({ ...request.query, kind })] as const, { readOnly: true });
      return sendPage(reply, <EnvelopeListPage chrome={chromeFor(context, request, name)} base={base} query={{ ...request.query, kind }} page={page} />);
    });
    routes.get(`/${kind}s/:id`, { ...sender, schema: { ...sender.schema, params: envelopeIdParamsSchema } }, async (request, reply) => {
      const [name, envelope] = await deps.businessDb.withTenant(requireTenant(request), async () => [await tenantName(), await readEnvelope(request.params.id, kind)] as const, { readOnly: true });
      return sendPage(reply, <EnvelopePage chrome={chromeFor(context, request, name)} base={base} envelope={envelope} workerPath={workerPath} />);
    });
  }

  routes.get('/chain', sender, async (request, reply) => {
    const [name, report, checkpoint] = await deps.businessDb.withTenant(requireTenant(request), async () => [await tenantName(), await verifyPactChain(), await latestPactCheckpoint()] as const, { readOnly: true });
    return sendPage(reply, <ChainPage chrome={chromeFor(context, request, name)} report={report} checkpoint={checkpoint} />);
  });

  routes.get('/sign', { ...visitor, schema: { ...visitor.schema, querystring: tokenQuery } }, async (request, reply) =>
    // The token is in this URL: no referrer may carry it on, and no cache may keep the page.
    sendPage(reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store'), <SignLandingPage chrome={chromeFor(context, request, null)} base={base} token={request.query.token ?? null} />),
  );
  routes.get('/sign/envelope', visitor, async (request, reply) => sendPage(reply.header('cache-control', 'no-store'), <SigningPage chrome={chromeFor(context, request, null)} workerPath={workerPath} />));
  routes.get('/verify', visitor, async (request, reply) => sendPage(reply, <VerifyPage chrome={chromeFor(context, request, null)} />));
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { safeText } from '../../../platform/http/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry } from '../chain/index.js';
import { documentRows } from '../envelopes/envelope-rows.js';
import type { PactDeps } from '../pact-deps.js';
import { openSignerLink, resendSignerLink, sendCode, verifyCode } from './open-link.js';
import { declineBodySchema, signBodySchema, signEnvelope, declineEnvelope } from './sign-envelope.js';
import { setSignerCookie, signerCookieOf } from './signer-cookie.js';
import { signerView, signerViewSchema } from './signer-view.js';
import { withSigningSession, type SigningContext } from './signing-session.js';

const tokenBodySchema = z.object({ token: safeText({ min: 1, max: 200 }) }).strict();
const SESSION_ERRORS = ['pact.signing_session_required', 'pact.code_required'] as const;

/**
 * The signer's API: no account, only the emailed link (spent by POST /open, never by a GET, so a
 * mail scanner that fetches links spends nothing) and the session cookie it starts.
 */
export function registerSigningRoutes(app: FastifyInstance, deps: PactDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const session = <T>(request: FastifyRequest, work: (context: SigningContext) => Promise<T>, options?: { codeDone?: boolean; lock?: boolean }) =>
    withSigningSession(deps.businessDb, signerCookieOf(request, deps.pactUrl), work, options);

  routes.post('/api/v1/pact/signing/open', {
    config: { auth: 'public', errorCodes: ['pact.link_invalid', 'pact.link_used', 'pact.link_expired', 'pact.envelope_not_open'] },
    schema: { summary: "Spend a signer's emailed link and start their signing session (a cookie)", tags: ['pact-signing'], body: tokenBodySchema, response: { 200: z.object({ requireCode: z.boolean() }) } },
    handler: async (request, reply) => {
      const opened = await openSignerLink(deps.businessDb, deps, request.body.token);
      setSignerCookie(reply, deps.pactUrl, opened.session, opened.expiresAt);
      return { requireCode: opened.requireCode };
    },
  });

  routes.post('/api/v1/pact/signing/resend', {
    config: { auth: 'public' },
    schema: { summary: "Email the signer a fresh link (from a used or expired one); always answers 202", tags: ['pact-signing'], body: tokenBodySchema, response: { 202: z.object({ sent: z.literal(true) }) } },
    handler: async (request, reply) => {
      await resendSignerLink(deps.businessDb, deps, request.body.token);
      return reply.status(202).send({ sent: true });
    },
  });

  routes.post('/api/v1/pact/signing/code', {
    config: { auth: 'public', errorCodes: ['pact.signing_session_required', 'pact.code_invalid', 'pact.code_locked'] },
    schema: { summary: 'Enter the one-time code emailed to the signer', tags: ['pact-signing'], body: z.object({ code: safeText({ min: 6, max: 6 }).regex(/^\d{6}$/, 'must be the 6 digits from the email') }).strict(), response: { 200: z.object({ ok: z.literal(true) }) } },
    handler: async (request) => {
      // The wrong try is counted in a transaction that commits; only then is the request refused.
      const outcome = await session(request, ({ link }) => verifyCode(link, request.body.code), { codeDone: false, lock: true });
      if (outcome === 'invalid') throw new AppError('pact.code_invalid');
      if (outcome === 'locked') throw new AppError('pact.code_locked');
      return { ok: true as const };
    },
  });

  routes.post('/api/v1/pact/signing/code/resend', {
    config: { auth: 'public', errorCodes: ['pact.signing_session_required'] },
    schema: { summary: 'Email the signer a new one-time code', tags: ['pact-signing'], response: { 202: z.object({ sent: z.literal(true) }) } },
    handler: async (request, reply) => {
      await session(request, async ({ link, envelope }) => sendCode(deps, link, envelope.title), { codeDone: false, lock: true });
      return reply.status(202).send({ sent: true });
    },
  });

  routes.get('/api/v1/pact/signing/envelope', {
    config: { auth: 'public', errorCodes: [...SESSION_ERRORS] },
    schema: { summary: 'What the signer sees: the envelope, its documents and their own fields', tags: ['pact-signing'], response: { 200: signerViewSchema } },
    handler: async (request) => session(request, signerView),
  });

  routes.get('/api/v1/pact/signing/documents/:documentId', {
    config: { auth: 'public', errorCodes: [...SESSION_ERRORS, 'pact.document_not_found'] },
    schema: { summary: 'A document of the signer’s envelope (application/pdf)', tags: ['pact-signing'], params: z.object({ documentId: z.uuid() }) },
    handler: async (request, reply) => {
      const bytes = await session(request, async ({ envelope }) => {
        const document = (await documentRows(envelope.id)).find((row) => row.id === request.params.documentId);
        if (!document) throw new AppError('pact.document_not_found');
        return deps.blobs.get(document.blob_key);
      });
      return reply.type('application/pdf').header('cache-control', 'private, no-store').send(bytes);
    },
  });

  routes.post('/api/v1/pact/signing/viewed', {
    config: { auth: 'public', errorCodes: [...SESSION_ERRORS] },
    schema: { summary: 'Record that the signer opened the document (once)', tags: ['pact-signing'], response: { 200: z.object({ ok: z.literal(true) }) } },
    handler: async (request) =>
      session(request, async ({ envelope, signer }) => {
        const { rowCount } = await currentTenantTransaction().query("UPDATE pact_signers SET viewed_at = now(), status = CASE WHEN status = 'sent' THEN 'viewed' ELSE status END WHERE id = $1 AND viewed_at IS NULL", [signer.id]);
        if (rowCount) await appendPactChainEntry({ type: 'viewed', envelopeId: envelope.id, payload: { envelopeId: envelope.id, signerId: signer.id } });
        return { ok: true as const };
      }, { lock: true }),
  });

  routes.post('/api/v1/pact/signing/sign', {
    config: { auth: 'public', errorCodes: [...SESSION_ERRORS, 'pact.envelope_not_open', 'pact.already_signed', 'pact.not_your_turn', 'pact.fields_missing', 'pact.signature_invalid'] },
    bodyLimit: 400 * 1024,
    schema: { summary: 'Sign: fill the fields and add a typed or drawn signature', tags: ['pact-signing'], body: signBodySchema, response: { 200: z.object({ completed: z.boolean() }) } },
    handler: async (request) => session(request, (context) => signEnvelope(deps, context, request.body, { address: request.ip, userAgent: request.headers['user-agent'] ?? null }), { lock: true }),
  });

  routes.post('/api/v1/pact/signing/decline', {
    config: { auth: 'public', errorCodes: [...SESSION_ERRORS, 'pact.envelope_not_open', 'pact.already_signed', 'pact.not_your_turn'] },
    schema: { summary: 'Decline to sign, with a reason', tags: ['pact-signing'], body: declineBodySchema, response: { 200: z.object({ declined: z.literal(true) }) } },
    handler: async (request) =>
      session(request, async (context) => {
        await declineEnvelope(deps, context, request.body.reason);
        return { declined: true as const };
      }, { lock: true }),
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import type { PactDeps } from '../pact-deps.js';
import { verifyCompletedPdf } from './verify-completed-pdf.js';

const reportSchema = z.object({
  valid: z.boolean(),
  sha256: z.string(),
  certificate: z.object({ tenantId: z.string(), envelopeId: z.string(), completionSeq: z.number() }).nullable(),
  signature: z.object({ signed: z.boolean(), intact: z.boolean(), coversWholeDocument: z.boolean(), signerCommonName: z.string().nullable(), detail: z.string() }),
  chainEntry: z.object({ found: z.boolean(), matches: z.boolean(), hash: z.string().nullable(), at: z.string().nullable() }),
  chain: z.object({ entries: z.number(), broken: z.object({ seq: z.number(), detail: z.string() }).nullable() }).nullable(),
  checkpoint: z.object({ seq: z.number(), head: z.string(), signedAt: z.string() }).nullable(),
  problems: z.array(z.string()).max(10),
});

/** `POST /api/v1/pact/verify`: anyone may check a completed PDF, with no sign-in. */
export function registerPactVerifyRoutes(app: FastifyInstance, deps: Pick<PactDeps, 'businessDb' | 'limits'>): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: deps.limits.maxBytes * 2 }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/pact/verify', {
      config: { auth: 'public', errorCodes: ['pact.document_not_pdf'] },
      bodyLimit: deps.limits.maxBytes * 2,
      schema: { summary: 'Check a completed PDF against its chain entry and its PAdES signature (public; the body is the file)', tags: ['pact'], response: { 200: reportSchema } },
      handler: async (request) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new AppError('pact.document_not_pdf', 'Send the completed PDF itself with Content-Type: application/pdf.');
        const report = await verifyCompletedPdf(deps.businessDb, request.body);
        return { ...report, problems: [...report.problems] };
      },
    });
  });
}

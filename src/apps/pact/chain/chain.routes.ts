import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireTenant } from '../../../platform/http/index.js';
import { answerIdempotently } from '../../../platform/outbox/index.js';
import type { PactDeps } from '../pact-deps.js';
import { PACT_READ, PACT_WRITE } from '../pact-postures.js';
import { checkPactCheckpoint, latestPactCheckpoint, makePactCheckpoint, verifyPactChain } from './index.js';

const checkpointSchema = z.object({
  tenantId: z.uuid(),
  seq: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  keyId: z.string().min(1).max(100).regex(/^[\w.-]+$/),
  signature: z.string().min(1).max(200).regex(/^[A-Za-z0-9+/=]+$/),
  publicKeyPem: z.string().min(1).max(500).regex(/^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/),
});

const chainReportSchema = z.object({
  entries: z.number(),
  headSeq: z.number(),
  headHash: z.string(),
  broken: z.object({ seq: z.number(), reason: z.enum(['missing', 'prev_hash', 'content']), detail: z.string() }).nullable(),
  latestCheckpoint: checkpointSchema.nullable(),
  checkpointCheck: z.object({ ok: z.boolean(), detail: z.string() }).nullable(),
});

/** The tenant's chain: recompute it (optionally against a saved checkpoint), and sign its head. */
export function registerPactChainRoutes(app: FastifyInstance, deps: Pick<PactDeps, 'businessDb' | 'vault' | 'clock'>): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const report = async (tenantId: string, saved: z.infer<typeof checkpointSchema> | null) =>
    deps.businessDb.withTenant(
      tenantId,
      async () => {
        const chain = await verifyPactChain();
        return {
          entries: chain.entries,
          headSeq: chain.headSeq,
          headHash: chain.headHash,
          broken: chain.broken,
          latestCheckpoint: await latestPactCheckpoint(),
          checkpointCheck: saved ? checkPactCheckpoint(saved, tenantId, chain) : null,
        };
      },
      { readOnly: true },
    );

  routes.get('/api/v1/pact/chain', {
    config: { ...PACT_READ, errorCodes: ['auth.tenant_required'] },
    schema: { summary: "Recompute the tenant's pact chain and name its first broken link", tags: ['pact'], response: { 200: chainReportSchema } },
    handler: async (request) => report(requireTenant(request), null),
  });

  routes.post('/api/v1/pact/chain/check', {
    config: { ...PACT_READ, errorCodes: ['auth.tenant_required'] },
    schema: { summary: 'Recompute the chain and check a saved checkpoint against it (a cut or rewritten history fails)', tags: ['pact'], body: z.object({ checkpoint: checkpointSchema }).strict(), response: { 200: chainReportSchema } },
    handler: async (request) => report(requireTenant(request), request.body.checkpoint),
  });

  routes.post('/api/v1/pact/chain/checkpoints', {
    config: { ...PACT_WRITE, idempotentCreate: true, errorCodes: ['auth.tenant_required'] },
    schema: { summary: "Sign the chain's head now (checkpoints are also published hourly); save the answer outside the suite", tags: ['pact'], response: { 201: z.object({ checkpoint: checkpointSchema.nullable() }) } },
    // An unchanged head answers its first checkpoint again; a key makes a retry answer the same body.
    handler: async (request, reply) => answerIdempotently({ businessDb: deps.businessDb, vault: deps.vault }, request, reply, { status: 201 }, async () => ({ checkpoint: await makePactCheckpoint(deps.vault, deps.clock.now()) })),
  });
}

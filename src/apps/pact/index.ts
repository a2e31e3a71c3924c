// The pact app: envelopes of PDFs sent for signature, a per-tenant chain anyone can verify,
// completed PDFs with a certificate page and a PAdES signature (controls 20 and 21).
import type { FastifyInstance } from 'fastify';
import { registerPactChainRoutes } from './chain/chain.routes.js';
import { registerEnvelopeRoutes } from './envelopes/envelopes.routes.js';
import type { PactDeps } from './pact-deps.js';
import { registerSigningRoutes } from './signing/signing.routes.js';
import { registerPactVerifyRoutes } from './verify/verify.routes.js';

export { pactCheckpointJob } from './chain/checkpoint-job.js';
export { pactLifecycleJob } from './envelopes/lifecycle-job.js';
export { pactUrlOf } from './pact-url.js';
export { pactSuitePart } from './pages/pact-part.js';
export type { PactPartOptions } from './pages/pact-part.js';
export type { PactDeps, PactLimits } from './pact-deps.js';
export { loadPactSigningIdentity } from './pdf/index.js';
export type { PdfSigningIdentity } from './pdf/index.js';

/** The pact JSON API under `/api/v1/pact`, on every host: the sender's, the signer's and the public verifier's. */
export function registerPactApi(app: FastifyInstance, deps: PactDeps): void {
  registerEnvelopeRoutes(app, deps);
  registerPactChainRoutes(app, deps);
  registerSigningRoutes(app, deps);
  registerPactVerifyRoutes(app, deps);
}

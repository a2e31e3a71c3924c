// The trust part of the suite (spec "trust"): security.txt, the security pages, the status page.
export { trustSuitePart } from './trust-part.js';
export type { TrustDeps } from './trust-deps.js';
export { loadTrustDocuments } from './documents/trust-documents.js';
export type { TrustDocuments } from './documents/trust-documents.js';
export { securityContacts, trustOrigin } from './trust-origin.js';

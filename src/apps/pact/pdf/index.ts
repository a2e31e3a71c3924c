// PDFs for pact: inspection of uploads, flattened fields, the completion certificate, PAdES.
export { appendCertificatePage, readCompletionMetadata } from './certificate-page.js';
export type { CompletionCertificate, CompletionMetadata } from './certificate-page.js';
export { flattenFields, isEmbeddablePng } from './flatten-fields.js';
export type { FilledField, PactFieldKind } from './flatten-fields.js';
export { inspectPdf } from './inspect-pdf.js';
export type { PdfFacts } from './inspect-pdf.js';
export { signPdf } from './sign-pdf.js';
export { loadPactSigningIdentity } from './signing-identity.js';
export type { PdfSigningIdentity, SigningIdentitySource } from './signing-identity.js';
export { verifyPdfSignature } from './verify-signature.js';
export type { PdfSignatureReport } from './verify-signature.js';

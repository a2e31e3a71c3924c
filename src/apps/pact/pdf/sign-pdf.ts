import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import type { PdfSigningIdentity } from './signing-identity.js';

/** Room for the CMS signature (an RSA-3072 signature, its certificate and attributes fit well). */
const SIGNATURE_LENGTH = 16_384;

/**
 * Signs the whole PDF (PAdES baseline, ETSI.CAdES.detached): a reader shows the signature and
 * that nothing changed after it. The byte range covers every byte but the signature itself.
 */
export async function signPdf(bytes: Buffer, identity: PdfSigningIdentity, info: { readonly reason: string; readonly location?: string; readonly signingTime?: Date }): Promise<Buffer> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: info.reason,
    contactInfo: '',
    name: identity.commonName,
    location: info.location ?? '',
    signingTime: info.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'bsns pact',
  });
  const prepared = Buffer.from(await document.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new P12Signer(identity.p12, { passphrase: identity.passphrase }), info.signingTime);
}

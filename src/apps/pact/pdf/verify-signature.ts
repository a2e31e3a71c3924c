import { createHash, createVerify } from 'node:crypto';
import forge from 'node-forge';
import { CmsShapeError, readCmsSigner } from './cms-signed-data.js';

export interface PdfSignatureReport {
  /** A signature dictionary with a byte range and contents was found. */
  readonly signed: boolean;
  /** The signature verifies and its digest matches the signed bytes. */
  readonly intact: boolean;
  /** The signed bytes are the whole file but the signature itself: nothing was added after signing. */
  readonly coversWholeDocument: boolean;
  readonly signerCommonName: string | null;
  readonly detail: string;
}

const unsigned = (detail: string): PdfSignatureReport => ({ signed: false, intact: false, coversWholeDocument: false, signerCommonName: null, detail });

/**
 * Checks the last signature of a PDF on our own, trusting nothing in the file: the byte range
 * must be the whole file around one hex hole, the CMS messageDigest must equal SHA-256 of those
 * bytes, and the signature over the signed attributes must verify with the signer's certificate.
 * Whether that certificate is the installation's is for the caller; this says whether the bytes
 * are the ones it signed. Never throws: garbage is "not signed".
 */
export function verifyPdfSignature(bytes: Buffer): PdfSignatureReport {
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at === -1) return unsigned('The PDF carries no digital signature.');
  const match = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 120));
  if (!match) return unsigned('The signature byte range cannot be read.');
  const [start, firstLength, secondStart, secondLength] = match.slice(1).map(Number) as [number, number, number, number];
  if (start !== 0 || firstLength <= 0 || secondStart <= firstLength || secondStart + secondLength > bytes.length) return unsigned('The signature byte range does not fit the file.');
  // Our signatures reserve 16 KB; a hole far larger is not ours, and parsing it would cost anyone's upload time.
  if (secondStart - firstLength > 100_000) return unsigned('The signature is larger than any this suite makes.');
  const hole = text.slice(firstLength, secondStart);
  if (!/^<[0-9a-fA-F]+>$/.test(hole)) return unsigned('The signature contents are not where the byte range says.');
  const coversWholeDocument = secondStart + secondLength === bytes.length;
  const signedBytes = Buffer.concat([bytes.subarray(0, firstLength), bytes.subarray(secondStart, secondStart + secondLength)]);
  try {
    const contents = Buffer.from(hole.slice(1, -1), 'hex');
    const der = outerTlv(contents);
    // The placeholder pads with zeros and writes hex in one case; anything else in the hole (a
    // flipped letter case, a padding byte) is an edit no digest would catch.
    const hex = hole.slice(1, -1);
    if (contents.subarray(der.length).some((byte) => byte !== 0) || (hex !== contents.toString('hex') && hex !== contents.toString('hex').toUpperCase())) {
      return { ...unsigned('The signature contents were altered.'), signed: true };
    }
    const signer = readCmsSigner(der);
    const commonName = String(signer.certificate.subject.getField('CN')?.value ?? '') || null;
    const actual = createHash('sha256').update(signedBytes).digest();
    if (!signer.messageDigest.equals(actual)) return { signed: true, intact: false, coversWholeDocument, signerCommonName: commonName, detail: 'The document was changed after it was signed.' };
    const verifier = createVerify('sha256').update(signer.signedAttributes);
    if (!verifier.verify(forge.pki.certificateToPem(signer.certificate), signer.signature)) {
      return { signed: true, intact: false, coversWholeDocument, signerCommonName: commonName, detail: 'The signature does not verify with its certificate.' };
    }
    if (!coversWholeDocument) return { signed: true, intact: true, coversWholeDocument, signerCommonName: commonName, detail: 'Bytes were added after the signature: the signed part is intact, the rest is not covered.' };
    return { signed: true, intact: true, coversWholeDocument, signerCommonName: commonName, detail: `Signed by ${commonName ?? 'an unnamed certificate'}; nothing changed after signing.` };
  } catch (error) {
    return { ...unsigned(error instanceof CmsShapeError ? error.message : 'The signature cannot be parsed.'), signed: true };
  }
}

/** The DER value at the start of the contents, without the zero padding the placeholder left after it. */
function outerTlv(der: Buffer): Buffer {
  if (der.length < 2) throw new Error('empty signature');
  const first = der[1]!;
  if (first < 0x80) return der.subarray(0, 2 + first);
  const count = first & 0x7f;
  if (count < 1 || count > 4) throw new Error('unsupported signature length');
  return der.subarray(0, 2 + count + der.readUIntBE(2, count));
}

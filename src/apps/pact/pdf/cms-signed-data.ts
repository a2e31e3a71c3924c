import forge from 'node-forge';

/** What a detached CMS SignedData says about its one signer, ready to check against the PDF's bytes. */
export interface CmsSigner {
  readonly certificate: forge.pki.Certificate;
  /** The DER of the signed attributes as a SET: the bytes the signature is over. */
  readonly signedAttributes: Buffer;
  /** The messageDigest signed attribute: SHA-256 of the signed byte ranges. */
  readonly messageDigest: Buffer;
  readonly signature: Buffer;
}

/** A CMS blob that is not the one shape we sign with: named so the report can say why. */
export class CmsShapeError extends Error {}

const OID = {
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  messageDigest: '1.2.840.113549.1.9.4',
  contentType: '1.2.840.113549.1.9.3',
} as const;

type Captured = {
  digestAlgorithms?: forge.asn1.Asn1;
  contentType?: string;
  certificates?: forge.asn1.Asn1;
  issuer?: forge.asn1.Asn1;
  serial?: string;
  digestAlgorithm?: string;
  authenticatedAttributes?: forge.asn1.Asn1[];
  signatureAlgorithm?: forge.asn1.Asn1[];
  signature?: string;
  signerInfos?: forge.asn1.Asn1[];
};

/**
 * Reads the signer of a detached SignedData with SHA-256 and signed attributes (PAdES baseline).
 * forge's parser is lenient, so the parts nothing signs are held to one shape here: the DER must
 * re-encode to itself, the algorithms must be the ones named, and the signer's certificate (the
 * one its issuer and serial name, not merely the first) must verify against its issuer in the
 * bag, itself when self-signed. A flipped byte there cannot pass, nor change the name reported.
 */
export function readCmsSigner(der: Buffer): CmsSigner {
  const tree = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  if (forge.asn1.toDer(tree).getBytes() !== der.toString('binary') || hasEndOfContents(tree)) throw new CmsShapeError('The signature is not in canonical DER.');
  const message = forge.pkcs7.messageFromAsn1(tree) as forge.pkcs7.PkcsSignedData & { rawCapture: Captured };
  const captured = message.rawCapture;
  if (!onlySha256(captured.digestAlgorithms)) throw new CmsShapeError('The signature declares a digest other than SHA-256.');
  if (!isRsaSignature(captured.signatureAlgorithm)) throw new CmsShapeError('The signature is not an RSA signature.');
  if (captured.signerInfos?.length !== 1) throw new CmsShapeError('The signature must have exactly one signer.');
  if (!captured.contentType || forge.asn1.derToOid(captured.contentType) !== OID.data) throw new CmsShapeError('The signature does not sign plain data.');
  if (!captured.digestAlgorithm || forge.asn1.derToOid(captured.digestAlgorithm) !== OID.sha256) throw new CmsShapeError('The signature does not use SHA-256.');
  const attributes = captured.authenticatedAttributes;
  if (!attributes || !captured.signature || !captured.issuer || captured.serial === undefined) throw new CmsShapeError('The signature has no signed attributes.');
  if (!hasOurShape(tree)) throw new CmsShapeError('The signature is not a version 1, SHA-256 SignerInfo.');
  if (!certificatesCanonical(captured.certificates)) throw new CmsShapeError('The signer certificate was altered.');
  const certificate = signerCertificate(message.certificates, captured.issuer, captured.serial);
  const messageDigest = attributeValue(attributes, OID.messageDigest);
  const contentType = attributeValue(attributes, OID.contentType);
  if (!messageDigest || !contentType || forge.asn1.derToOid(contentType.toString('binary')) !== OID.data) throw new CmsShapeError('The signed attributes lack the content type or message digest.');
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes);
  return { certificate, signedAttributes: Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary'), messageDigest, signature: Buffer.from(captured.signature, 'binary') };
}

function signerCertificate(certificates: forge.pki.Certificate[], issuer: forge.asn1.Asn1, serial: string): forge.pki.Certificate {
  const issuerDer = forge.asn1.toDer(issuer).getBytes();
  const serialHex = forge.util.bytesToHex(serial);
  const certificate = certificates.find((cert) => cert.serialNumber === serialHex && forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(cert.issuer)).getBytes() === issuerDer);
  if (!certificate) throw new CmsShapeError('The signature does not carry its signer certificate.');
  if (!issuedWithin(certificate, certificates)) throw new CmsShapeError('The signer certificate does not verify against its issuer in the signature.');
  return certificate;
}

/** Whether the certificate's issuer is in the bag (itself, when self-signed) and its signature holds. */
export function issuedWithin(certificate: forge.pki.Certificate, bag: readonly forge.pki.Certificate[]): boolean {
  return bag.some((issuer) => {
    try {
      return certificate.isIssuer(issuer) && issuer.verify(certificate);
    } catch {
      return false;
    }
  });
}

/** DER has definite lengths only: an end-of-contents node means zero padding was read as content. */
function hasEndOfContents(node: forge.asn1.Asn1): boolean {
  if (node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === 0) return true;
  return Array.isArray(node.value) && node.value.some(hasEndOfContents);
}

/** The SignedData and its one SignerInfo, as nodes: forge's capture skips parts it cannot match. */
function skeletonOf(tree: forge.asn1.Asn1): { signedData: forge.asn1.Asn1[]; signerInfo: forge.asn1.Asn1[] } | null {
  const signedData = ((tree.value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value;
  if (!Array.isArray(signedData)) return null;
  const signerInfo = (signedData.at(-1)?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value;
  return Array.isArray(signerInfo) ? { signedData, signerInfo } : null;
}

/** Version 1 (issuer and serial) throughout and a SHA-256 digest with NULL or no parameters: the only form we write. */
function hasOurShape(tree: forge.asn1.Asn1): boolean {
  const skeleton = skeletonOf(tree);
  if (!skeleton) return false;
  const { signedData, signerInfo } = skeleton;
  const versionOne = [signedData[0], signerInfo[0]].every((version) => version && isUniversal(version, forge.asn1.Type.INTEGER, false) && version.value === '\x01');
  return versionOne && signerInfo[2] !== undefined && algorithmOid(signerInfo[2]) === OID.sha256;
}

/** Each certificate re-encodes to the bytes carried: no unsigned part of one was edited. */
function certificatesCanonical(certificates: forge.asn1.Asn1 | undefined): boolean {
  return ((certificates?.value ?? []) as forge.asn1.Asn1[]).every((raw) => {
    const der = forge.asn1.toDer(raw).getBytes();
    return forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromAsn1(raw))).getBytes() === der;
  });
}

function onlySha256(algorithms: forge.asn1.Asn1 | undefined): boolean {
  const items = (algorithms?.value ?? []) as forge.asn1.Asn1[];
  return items.length === 1 && algorithmOid(items[0]!) === OID.sha256;
}

function isRsaSignature(algorithm: forge.asn1.Asn1[] | undefined): boolean {
  const name = algorithm ? algorithmOid(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, algorithm)) : null;
  return name === OID.rsaEncryption || name === OID.sha256WithRsa;
}

/** The OID of an AlgorithmIdentifier whose parameters are absent or NULL, as RFC 5754 writes them. */
function algorithmOid(identifier: forge.asn1.Asn1): string | null {
  if (!isUniversal(identifier, forge.asn1.Type.SEQUENCE, true) || !Array.isArray(identifier.value)) return null;
  const [oid, parameters, ...rest] = identifier.value;
  if (rest.length > 0 || !isAbsentOrNull(parameters)) return null;
  return oid && isUniversal(oid, forge.asn1.Type.OID, false) && typeof oid.value === 'string' ? forge.asn1.derToOid(oid.value) : null;
}

function isAbsentOrNull(node: forge.asn1.Asn1 | undefined): boolean {
  return !node || (isUniversal(node, forge.asn1.Type.NULL, false) && node.value === '');
}

/** forge matches on the tag number alone; DER also fixes the class and the constructed bit. */
function isUniversal(node: forge.asn1.Asn1, type: number, constructed: boolean): boolean {
  return node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === type && node.constructed === constructed;
}

/** The single value of a signed attribute, as DER content bytes. */
function attributeValue(attributes: forge.asn1.Asn1[], oid: string): Buffer | null {
  const matching = attributes.filter((attribute) => {
    const [type] = attribute.value as forge.asn1.Asn1[];
    return type !== undefined && typeof type.value === 'string' && forge.asn1.derToOid(type.value) === oid;
  });
  if (matching.length !== 1) return null;
  const values = ((matching[0]!.value as forge.asn1.Asn1[])[1]?.value ?? []) as forge.asn1.Asn1[];
  if (values.length !== 1 || typeof values[0]!.value !== 'string') return null;
  return Buffer.from(values[0]!.value, 'binary');
}

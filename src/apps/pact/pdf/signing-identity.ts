import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { decryptField, encryptField, type Keyring } from '../../../platform/crypto/index.js';
import type { IdentityDb } from '../../../platform/db/identity-db.js';

/** The certificate completed PDFs are signed with: a PKCS#12 and its passphrase. */
export interface PdfSigningIdentity {
  readonly p12: Buffer;
  readonly passphrase: string;
  readonly commonName: string;
}

export interface SigningIdentitySource {
  readonly db: IdentityDb;
  readonly keyring: Keyring;
  /** BSNS_PACT_SIGNING_P12 and its passphrase, when the operator configured one. */
  readonly configured: { readonly path: string; readonly passphrase: string } | null;
  /** Names the generated certificate (`bsns pact signing (<host>)`). */
  readonly installationName: string;
}

/**
 * The configured PKCS#12, or the installation's own, generated on first use and kept sealed.
 * Two processes starting at once may both generate one: the first insert wins and both use it.
 */
export async function loadPactSigningIdentity(source: SigningIdentitySource): Promise<PdfSigningIdentity> {
  if (source.configured) {
    const p12 = await readFile(source.configured.path);
    return { p12, passphrase: source.configured.passphrase, commonName: commonNameOf(p12, source.configured.passphrase) };
  }
  const stored = await readStored(source);
  if (stored) return stored;
  const commonName = `bsns pact signing (${source.installationName})`;
  const generated = generateIdentity(commonName);
  await source.db.query(
    `INSERT INTO pact_signing_identity (common_name, certificate_pem, p12_sealed, passphrase_sealed) VALUES ($1, $2, $3, $4) ON CONFLICT (singleton) DO NOTHING`,
    [commonName, generated.certificatePem, encryptField(source.keyring, generated.p12.toString('base64'), sealContext('p12_sealed')), encryptField(source.keyring, generated.passphrase, sealContext('passphrase_sealed'))],
  );
  return (await readStored(source))!;
}

async function readStored(source: SigningIdentitySource): Promise<PdfSigningIdentity | null> {
  const { rows } = await source.db.query<{ common_name: string; p12_sealed: string; passphrase_sealed: string }>('SELECT common_name, p12_sealed, passphrase_sealed FROM pact_signing_identity');
  const row = rows[0];
  if (!row) return null;
  return {
    p12: Buffer.from(decryptField(source.keyring, row.p12_sealed, sealContext('p12_sealed')), 'base64'),
    passphrase: decryptField(source.keyring, row.passphrase_sealed, sealContext('passphrase_sealed')),
    commonName: row.common_name,
  };
}

function sealContext(column: string) {
  return { tenantId: null, table: 'pact_signing_identity', column, rowId: 'installation' };
}

/** A self-signed RSA-3072 certificate for document signing, valid ten years, as PKCS#12. */
function generateIdentity(commonName: string): { p12: Buffer; passphrase: string; certificatePem: string } {
  // Node generates the key (native, fast); forge builds the certificate and the PKCS#12.
  const { privateKey: privatePem } = generateKeyPairSync('rsa', { modulusLength: 3072, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const privateKey = forge.pki.privateKeyFromPem(privatePem);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'bsns' }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  const passphrase = randomBytes(24).toString('base64url');
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [certificate], passphrase, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary'), passphrase, certificatePem: forge.pki.certificateToPem(certificate) };
}

function commonNameOf(p12: Buffer, passphrase: string): string {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
  const certBag = forge.pki.oids.certBag!;
  const bag = parsed.getBags({ bagType: certBag })[certBag]?.[0];
  return String(bag?.cert?.subject.getField('CN')?.value ?? 'configured certificate');
}

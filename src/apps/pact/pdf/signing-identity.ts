import { generateKeyPair, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { decryptField, encryptField, type Keyring } from '../../../platform/crypto/index.js';
import type { IdentityDb } from '../../../platform/db/identity-db.js';
import type { Queryable } from '../../../platform/db/queryable.js';
import { issuedWithin } from './cms-signed-data.js';

const generateRsaKeyPair = promisify(generateKeyPair);

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
 * Processes starting at once queue on a transaction lock, so one generates and the rest read
 * it (the singleton key is the backstop); no two installation certificates ever exist.
 */
export async function loadPactSigningIdentity(source: SigningIdentitySource): Promise<PdfSigningIdentity> {
  if (source.configured) return configuredIdentity(source.configured);
  const stored = await readStored(source.db, source.keyring);
  if (stored) return stored;
  return source.db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('bsns-pact-signing-identity', 0))");
    const made = await readStored(tx, source.keyring);
    if (made) return made;
    const commonName = `bsns pact signing (${source.installationName})`.slice(0, 200);
    const generated = await generateIdentity(commonName);
    await tx.query(
      'INSERT INTO pact_signing_identity (common_name, certificate_pem, p12_sealed, passphrase_sealed) VALUES ($1, $2, $3, $4) ON CONFLICT (singleton) DO NOTHING',
      [commonName, generated.certificatePem, encryptField(source.keyring, generated.p12.toString('base64'), sealContext('p12_sealed')), encryptField(source.keyring, generated.passphrase, sealContext('passphrase_sealed'))],
    );
    return (await readStored(tx, source.keyring))!;
  });
}

/** The operator's PKCS#12, checked now so a wrong path or passphrase names the setting, not a signing failure later. */
async function configuredIdentity(configured: { readonly path: string; readonly passphrase: string }): Promise<PdfSigningIdentity> {
  const p12 = await readFile(configured.path).catch((error: unknown) => {
    throw new Error(`BSNS_PACT_SIGNING_P12 cannot be read: ${(error as Error).message}`);
  });
  let commonName: string;
  try {
    commonName = commonNameOf(p12, configured.passphrase);
  } catch (error) {
    throw new Error(`BSNS_PACT_SIGNING_P12 is not a PKCS#12 with a certificate and private key that BSNS_PACT_SIGNING_P12_PASSPHRASE opens: ${(error as Error).message}`);
  }
  return { p12, passphrase: configured.passphrase, commonName };
}

async function readStored(db: Queryable, keyring: Keyring): Promise<PdfSigningIdentity | null> {
  const { rows } = await db.query<{ common_name: string; p12_sealed: string; passphrase_sealed: string }>('SELECT common_name, p12_sealed, passphrase_sealed FROM pact_signing_identity');
  const row = rows[0];
  if (!row) return null;
  return {
    p12: Buffer.from(decryptField(keyring, row.p12_sealed, sealContext('p12_sealed')), 'base64'),
    passphrase: decryptField(keyring, row.passphrase_sealed, sealContext('passphrase_sealed')),
    commonName: row.common_name,
  };
}

function sealContext(column: string) {
  return { tenantId: null, table: 'pact_signing_identity', column, rowId: 'installation' };
}

/** A self-signed RSA-3072 certificate for document signing, valid ten years, as PKCS#12. */
async function generateIdentity(commonName: string): Promise<{ p12: Buffer; passphrase: string; certificatePem: string }> {
  // Node generates the key (native, off the event loop); forge builds the certificate and the PKCS#12.
  const { privateKey: privatePem } = await generateRsaKeyPair('rsa', { modulusLength: 3072, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
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

/** The CN of the certificate that matches the PKCS#12's private key (the one signatures carry). */
function commonNameOf(p12: Buffer, passphrase: string): string {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
  const { certBag, pkcs8ShroudedKeyBag } = forge.pki.oids as Record<string, string>;
  // The signer (@signpdf/signer-p12) reads the key from a shrouded bag only, so that is what counts.
  const key = parsed.getBags({ bagType: pkcs8ShroudedKeyBag! })[pkcs8ShroudedKeyBag!]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('no encrypted (shrouded) private key');
  const certificates = (parsed.getBags({ bagType: certBag! })[certBag!] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const certificate = certificates.find((cert) => (cert.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!certificate) throw new Error('no certificate matches the private key');
  // Our verifier accepts a signer certificate only when its issuer travels with it.
  if (!issuedWithin(certificate, certificates)) throw new Error('the certificate is neither self-signed nor accompanied by its issuer');
  return String(certificate.subject.getField('CN')?.value ?? 'configured certificate');
}

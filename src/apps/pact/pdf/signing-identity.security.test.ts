/**
 * Attack story: the certificate completed PDFs are signed with is the installation's word that a
 * document is final. Two processes booting at once must not mint two (a verifier pinning one
 * would reject the other's documents); its private key must never rest in the database in the
 * clear; an operator's PKCS#12 that would sign PDFs our verifier rejects (wrong passphrase, no
 * issuer with it) must be refused when loaded, naming the setting, not at the first completion.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import type pg from 'pg';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../../test/support/scratch-databases.js';
import { parseKeyring } from '../../../platform/crypto/index.js';
import { createPool, IdentityDb } from '../../../platform/db/index.js';
import { migrateDatabase } from '../../../platform/migrations/index.js';
import { loadPactSigningIdentity, signPdf, verifyPdfSignature } from './index.js';

let scratch: ScratchDatabases;
let directory: string;
const pools: pg.Pool[] = [];
const keyring = () => parseKeyring(inject('testMasterKeys'));

beforeAll(async () => {
  scratch = await provisionScratchDatabases();
  await migrateDatabase(scratch.urls.identityOwner, 'identity');
  directory = await mkdtemp(path.join(tmpdir(), 'bsns-pact-p12-'));
});

afterAll(async () => {
  await Promise.allSettled(pools.map((pool) => pool.end()));
  await scratch?.drop();
  await rm(directory, { recursive: true, force: true });
});

/** One runtime pool per simulated process. */
function processDb(): IdentityDb {
  const pool = createPool(scratch.urls.identity, { max: 3, applicationName: 'pact-identity-test' });
  pools.push(pool);
  return new IdentityDb(pool);
}

async function onePagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([300, 300]);
  return Buffer.from(await document.save());
}

function certificateFor(subject: string, publicKey: forge.pki.PublicKey, issuer: { name: string; key: forge.pki.rsa.PrivateKey }): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  certificate.setSubject([{ name: 'commonName', value: subject }]);
  certificate.setIssuer([{ name: 'commonName', value: issuer.name }]);
  certificate.sign(issuer.key, forge.md.sha256.create());
  return certificate;
}

async function writeP12(name: string, key: forge.pki.rsa.PrivateKey, chain: forge.pki.Certificate[], passphrase: string): Promise<string> {
  const file = path.join(directory, name);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, chain, passphrase, { algorithm: '3des' });
  await writeFile(file, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  return file;
}

describe("the installation's generated signing identity", () => {
  it('is generated once when six first calls from three processes race, and every caller gets the same one', async () => {
    const dbs = [processDb(), processDb(), processDb()];
    const identities = await Promise.all(dbs.flatMap((db) => [0, 1].map(() => loadPactSigningIdentity({ db, keyring: keyring(), configured: null, installationName: 'race.example.test' }))));
    expect(identities.every((identity) => identity.p12.equals(identities[0]!.p12) && identity.passphrase === identities[0]!.passphrase)).toBe(true);
    const { rows } = await dbs[0]!.query<{ count: string }>('SELECT count(*) FROM pact_signing_identity');
    expect(rows[0]!.count).toBe('1');
    expect(identities[0]!.commonName).toBe('bsns pact signing (race.example.test)');
  });

  it('is a self-signed RSA-3072 certificate valid ten years, and its key rests only sealed', async () => {
    const db = processDb();
    const identity = await loadPactSigningIdentity({ db, keyring: keyring(), configured: null, installationName: 'race.example.test' });
    const bag = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(identity.p12.toString('binary')), false, identity.passphrase);
    const certificate = bag.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!]![0]!.cert!;
    expect((certificate.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(3072);
    expect(certificate.verify(certificate)).toBe(true);
    const years = (certificate.validity.notAfter.getTime() - certificate.validity.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.99);

    const { rows } = await db.query<{ p12_sealed: string; passphrase_sealed: string }>('SELECT p12_sealed, passphrase_sealed FROM pact_signing_identity');
    expect(rows[0]!.p12_sealed).not.toContain(identity.p12.toString('base64').slice(0, 40));
    expect(rows[0]!.passphrase_sealed).not.toContain(identity.passphrase);
    expect(verifyPdfSignature(await signPdf(await onePagePdf(), identity, { reason: 'test' }))).toMatchObject({ intact: true, coversWholeDocument: true, signerCommonName: identity.commonName });
  });
});

describe('a configured PKCS#12 (BSNS_PACT_SIGNING_P12)', () => {
  const keys = forge.pki.rsa.generateKeyPair(2048);

  it('is used as configured, and what it signs verifies under its own name', async () => {
    const certificate = certificateFor('Acme Signing', keys.publicKey, { name: 'Acme Signing', key: keys.privateKey });
    const file = await writeP12('own.p12', keys.privateKey, [certificate], 'correct horse');
    const identity = await loadPactSigningIdentity({ db: processDb(), keyring: keyring(), configured: { path: file, passphrase: 'correct horse' }, installationName: 'unused' });
    expect(identity.commonName).toBe('Acme Signing');
    expect(verifyPdfSignature(await signPdf(await onePagePdf(), identity, { reason: 'test', location: 'Zürich' }))).toMatchObject({ intact: true, coversWholeDocument: true, signerCommonName: 'Acme Signing' });
  });

  it('is refused at load with a wrong passphrase, a missing file, or a certificate whose issuer is not with it', async () => {
    const certificate = certificateFor('Acme Signing', keys.publicKey, { name: 'Acme Signing', key: keys.privateKey });
    const file = await writeP12('locked.p12', keys.privateKey, [certificate], 'correct horse');
    const load = (configured: { path: string; passphrase: string }) => loadPactSigningIdentity({ db: processDb(), keyring: keyring(), configured, installationName: 'unused' });
    await expect(load({ path: file, passphrase: 'wrong' })).rejects.toThrow(/BSNS_PACT_SIGNING_P12/);
    await expect(load({ path: path.join(directory, 'absent.p12'), passphrase: '' })).rejects.toThrow(/BSNS_PACT_SIGNING_P12 cannot be read/);

    const authority = forge.pki.rsa.generateKeyPair(2048);
    const issued = certificateFor('Acme Signing', keys.publicKey, { name: 'Acme CA', key: authority.privateKey });
    const orphan = await writeP12('orphan.p12', keys.privateKey, [issued], 'pw');
    await expect(load({ path: orphan, passphrase: 'pw' })).rejects.toThrow(/issuer/);
    const authorityCertificate = certificateFor('Acme CA', authority.publicKey, { name: 'Acme CA', key: authority.privateKey });
    const chained = await writeP12('chained.p12', keys.privateKey, [issued, authorityCertificate], 'pw');
    const identity = await load({ path: chained, passphrase: 'pw' });
    expect(verifyPdfSignature(await signPdf(await onePagePdf(), identity, { reason: 'test' }))).toMatchObject({ intact: true, signerCommonName: 'Acme Signing' });
  });
});

/**
 * The attack: someone with write access to the database (a bad migration, a SQL injection, a
 * stolen backup being edited) copies a sealed value from one row, column or tenant to another,
 * flips bytes in it, or points it at a key we do not hold. Each must fail to decrypt, loudly.
 */
import { describe, expect, it } from 'vitest';
import { decryptField, DecryptionError, encryptField, needsReencryption, resealField } from './field-encryption.js';
import { generateKeySpec, parseKeyring } from './keyring.js';

const keyring = parseKeyring(generateKeySpec('k1'));
const context = { tenantId: '6f1c2b1e-2f7d-4a55-9d3c-0e6f0b1a2c3d', table: 'people', column: 'ssn', rowId: 'row-1' };

describe('field encryption', () => {
  it('round-trips with a random IV, a key id and a 128-bit tag', () => {
    const a = encryptField(keyring, '123-45-6789', context);
    const b = encryptField(keyring, '123-45-6789', context);
    expect(a).not.toBe(b);
    const [version, keyId, iv, body] = a.split('.');
    expect([version, keyId]).toEqual(['v1', 'k1']);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body!, 'base64url').length).toBe(Buffer.byteLength('123-45-6789') + 16);
    expect(decryptField(keyring, a, context)).toBe('123-45-6789');
  });

  it.each([
    ['another row', { ...context, rowId: 'row-2' }],
    ['another column', { ...context, column: 'tax_id' }],
    ['another table', { ...context, table: 'companies' }],
    ['another tenant', { ...context, tenantId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses a value moved to %s', (_label, moved) => {
    const sealed = encryptField(keyring, 'secret', context);
    expect(() => decryptField(keyring, sealed, moved)).toThrow(DecryptionError);
  });

  it('refuses a tampered ciphertext, IV or key id', () => {
    const sealed = encryptField(keyring, 'secret', context);
    const [version, keyId, iv, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptField(keyring, [version, keyId, iv, flipped.toString('base64url')].join('.'), context)).toThrow(DecryptionError);
    expect(() => decryptField(keyring, [version, keyId, Buffer.alloc(12).toString('base64url'), body].join('.'), context)).toThrow(DecryptionError);
    expect(() => decryptField(keyring, [version, 'k9', iv, body].join('.'), context)).toThrow(/Unknown key id k9/);
    expect(() => decryptField(keyring, 'not-a-ciphertext', context)).toThrow(DecryptionError);
  });

  it('rotates: the new key encrypts, the old still decrypts, and reseal moves values over', () => {
    const sealedUnderOld = encryptField(keyring, 'secret', context);
    const rotated = parseKeyring(`${generateKeySpec('k2')},${[...keyring.byId.values()].map((key) => `${key.id}:${key.key.toString('base64url')}`).join(',')}`);
    expect(needsReencryption(rotated, sealedUnderOld)).toBe(true);
    const resealed = resealField(rotated, sealedUnderOld, context);
    expect(resealed.split('.')[1]).toBe('k2');
    expect(needsReencryption(rotated, resealed)).toBe(false);
    expect(decryptField(rotated, resealed, context)).toBe('secret');
    expect(() => decryptField(keyring, resealed, context)).toThrow(/Unknown key id k2/);
  });

  it('refuses keys that are not 256 bits or keyrings with duplicate ids', () => {
    expect(() => parseKeyring(`k1:${Buffer.alloc(16).toString('base64url')}`)).toThrow(/32 bytes/);
    const spec = generateKeySpec('k1');
    expect(() => parseKeyring(`${spec},${spec}`)).toThrow(/unique/);
    expect(() => parseKeyring('')).toThrow(/at least one/);
  });
});

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/**
 * A software WebAuthn authenticator plus the browser part of a ceremony: it answers the options
 * the server hands out with attestation-'none' registrations and ES256 assertions, byte-for-byte
 * as the spec lays them out. Overrides let a test play the attacker (another origin or rpId, a
 * cloned authenticator's stale counter).
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(16).toString('base64url');
  /** The signature counter the next assertion reports; tests set it back to simulate a clone. */
  signCount = 0;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  #userHandle: string | undefined;

  constructor(private readonly origin: string) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#privateKey = pair.privateKey;
    this.#publicKey = pair.publicKey;
  }

  /** `navigator.credentials.create()`: a resident credential for `options.user`. */
  register(options: PublicKeyCredentialCreationOptionsJSON, override: CeremonyOverride = {}): RegistrationResponseJSON {
    this.#userHandle = options.user.id;
    const clientDataJSON = clientData('webauthn.create', options.challenge, override.origin ?? this.origin);
    const jwk = this.#publicKey.export({ format: 'jwk' });
    const coseKey = cborMap([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const credentialId = Buffer.from(this.credentialId, 'base64url');
    const attestedCredentialData = Buffer.concat([Buffer.alloc(16), uint16(credentialId.length), credentialId, coseKey]);
    const authData = Buffer.concat([
      authenticatorDataHead(override.rpId ?? options.rp.id!, FLAG_UP | FLAG_UV | FLAG_AT, this.signCount),
      attestedCredentialData,
    ]);
    const attestationObject = cborMap([
      ['fmt', 'none'],
      ['attStmt', { encoded: cborMap([]) }],
      ['authData', authData],
    ]);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
    };
  }

  /** `navigator.credentials.get()`: signs the challenge, reporting the next signature count. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, override: CeremonyOverride & { rpId?: string } = {}): AuthenticationResponseJSON {
    if (options.allowCredentials && options.allowCredentials.length > 0 && !options.allowCredentials.some((c) => c.id === this.credentialId)) {
      throw new Error('SoftAuthenticator: this credential is not in allowCredentials');
    }
    this.signCount += 1;
    const clientDataJSON = clientData('webauthn.get', options.challenge, override.origin ?? this.origin);
    const authData = authenticatorDataHead(override.rpId ?? options.rpId!, FLAG_UP | FLAG_UV, this.signCount);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.#privateKey);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(this.#userHandle ? { userHandle: this.#userHandle } : {}),
      },
    };
  }
}

export interface CeremonyOverride {
  /** The origin the "browser" reports, e.g. a phishing site's. */
  readonly origin?: string;
  /** The rpId the authenticator hashes into authenticatorData. */
  readonly rpId?: string;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** rpIdHash (32) | flags (1) | signCount (4, big-endian). */
function authenticatorDataHead(rpId: string, flags: number, signCount: number): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(signCount);
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
}

function uint16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
}

// --- The little CBOR (RFC 8949) the attestation object and COSE key need: ints, text, bytes, maps.

/** `encoded` embeds an already-encoded item (a nested map); a bare Buffer is a byte string. */
type CborValue = number | string | Buffer | { readonly encoded: Buffer };

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.concat([Buffer.from([(major << 5) | 25]), uint16(length)]);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

function cborItem(value: CborValue): Buffer {
  if (typeof value === 'object' && 'encoded' in value) return value.encoded;
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, text.length), text]);
  }
  return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
}

/** A CBOR map; entries keep their order (COSE keys and attestation objects use canonical order). */
function cborMap(entries: readonly (readonly [CborValue, CborValue])[]): Buffer {
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([key, value]) => [cborItem(key), cborItem(value)])]);
}

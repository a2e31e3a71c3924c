import { sign, type KeyObject } from 'node:crypto';
import { SESSION_JWT_ALG } from './signing-keys.js';

/** The protected header of every token identity signs: EdDSA, the signing key's id, the token's type. */
export interface JwtHeader {
  readonly kid: string;
  readonly typ: string;
}

/**
 * A compact JWS (RFC 7515) over `payload`, signed with Ed25519 by `node:crypto` on the calling
 * thread. jose's `SignJWT` signs through WebCrypto, whose every call is a hop to the libuv thread
 * pool and back; an Ed25519 signature takes some 50 µs of CPU, less than that hop costs a sign-in
 * on a busy machine. The bytes are what `SignJWT` would make (same header fields in the same
 * order, the same base64url), so jose's `jwtVerify` and the JWKS verify them unchanged.
 */
export function signJwt(privateKey: KeyObject, header: JwtHeader, payload: Readonly<Record<string, unknown>>): string {
  const signingInput = `${base64url(JSON.stringify({ alg: SESSION_JWT_ALG, kid: header.kid, typ: header.typ }))}.${base64url(JSON.stringify(payload))}`;
  // Ed25519 takes no separate digest: the algorithm argument must be null.
  const signature = sign(null, Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

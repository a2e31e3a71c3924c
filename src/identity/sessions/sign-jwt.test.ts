import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signJwt } from './sign-jwt.js';

describe('signJwt', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('makes the very bytes jose SignJWT makes (Ed25519 signatures are deterministic)', async () => {
    const claims = { sub: 'user-1', sid: 'session-1', tid: null, amr: ['pwd'], mfa: 'grace', iss: 'https://suite.example', aud: 'bsns-suite', iat: 1_700_000_000, exp: 1_700_000_600 };
    const ours = signJwt(privateKey, { kid: 'key-1', typ: 'bsns-session+jwt' }, claims);
    const theirs = await new SignJWT({ sub: claims.sub, sid: claims.sid, tid: null, amr: ['pwd'], mfa: 'grace' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'key-1', typ: 'bsns-session+jwt' })
      .setIssuer(claims.iss)
      .setAudience(claims.aud)
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .sign(privateKey);
    expect(ours).toBe(theirs);
  });

  it('verifies with jose under the public key, and not under another key', async () => {
    const token = signJwt(privateKey, { kid: 'key-1', typ: 'bsns-device+jwt' }, { sub: 'user-1', iat: 1, exp: 2 });
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'], currentDate: new Date(1500) });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'key-1', typ: 'bsns-device+jwt' });
    expect(payload).toEqual({ sub: 'user-1', iat: 1, exp: 2 });
    const other = generateKeyPairSync('ed25519').publicKey;
    await expect(jwtVerify(token, other, { algorithms: ['EdDSA'], currentDate: new Date(1500) })).rejects.toThrow();
  });
});

/**
 * The attack: the session JWT sits in a cookie the user controls, and the JWKS publishes the
 * verification key, so an attacker can craft any token they like. They strip the signature and
 * say `alg: none`; sign with HS256 using the published public key as the HMAC secret (key
 * confusion); sign with their own key under a made-up `kid`, or embed that key in the header;
 * keep a token past its expiry; flip `mfa` to `satisfied` or `sub` to a victim and keep the
 * original signature; or present a token our key did sign but for another issuer, audience or
 * purpose (`typ`). Each must fail `verifySessionToken`, and a cookie carrying it must get 401 from
 * the API and never reach a `session+mfa` route such as a launch.
 */
import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMember, enrollTotp, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { sessionCookieNames } from './session-cookies.js';
import { SESSION_AUDIENCE, SESSION_TOKEN_TTL_SECONDS, SESSION_TOKEN_TYPE, verifySessionToken } from './session-token.js';
import { SESSION_JWT_ALG, SigningKeys } from './signing-keys.js';

const clock = new ManualClock();
let keys: SigningKeys;
let options: { issuer: string; clock: ManualClock };
let cookieName: string;

/** A member whose session is MFA-satisfied, the victim of edits, and their genuine tokens. */
let attacker: TestMember;
let victim: TestMember;
let satisfiedToken: string;
let requiredToken: string;

const suite = useTestSuite({ clock });

beforeAll(async () => {
  keys = new SigningKeys({ db: suite.platform.identityDb, keyring: suite.platform.keyring, clock });
  options = { issuer: suite.platform.config.publicUrl, clock };
  cookieName = sessionCookieNames(suite.platform.config).token;

  attacker = await createTestMember(suite.platform.identityDb, clock);
  victim = await createTestMember(suite.platform.identityDb, clock);
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, attacker.email);
  const { secret } = await enrollTotp(client, clock);
  expect(secret).toBeTruthy();
  satisfiedToken = client.cookies.get(cookieName)!;
  // A second browser: password only, so MFA is `required` there.
  const second = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  expect((await signIn(second, attacker.email)).mfa.state).toBe('required');
  requiredToken = second.cookies.get(cookieName)!;
});

function encodePart(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Rewrites the payload and keeps the header and the original signature. */
function editPayload(token: string, edit: (payload: JWTPayload) => JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encodePart(edit(decodeJwt(token)))}.${signature}`;
}

async function publishedKey(): Promise<JWK> {
  const jwks = await keys.jwks();
  const kid = decodeProtectedHeader(satisfiedToken).kid;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error('the genuine token names a kid the JWKS does not publish');
  return jwk;
}

/** The genuine satisfied token's claims, dated now, so only what a test changes can make it fail. */
function genuineClaims(): JWTPayload {
  const now = Math.floor(clock.now().getTime() / 1000);
  return { ...decodeJwt(satisfiedToken), iat: now, exp: now + SESSION_TOKEN_TTL_SECONDS };
}

/** Signs `payload` with the suite's real private key, under whatever header and claims a test asks for. */
async function signWithRealKey(payload: JWTPayload, header: { typ?: string; kid?: string | null } = {}): Promise<string> {
  const { kid, key } = await keys.signingKey();
  const protectedHeader: { alg: string; typ?: string; kid?: string } = { alg: SESSION_JWT_ALG };
  if (header.typ !== undefined) protectedHeader.typ = header.typ;
  if (header.kid !== null) protectedHeader.kid = header.kid ?? kid;
  return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(key);
}

/** What the API and the launch gate answer a browser whose only credential is this token. */
async function httpVerdict(token: string): Promise<{ session: number; launch: number; launchLocation: unknown }> {
  const headers = { cookie: `${cookieName}=${token}` };
  const session = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
  const launch = await suite.app.inject({ method: 'GET', url: '/launch/records', headers });
  return { session: session.statusCode, launch: launch.statusCode, launchLocation: launch.headers.location };
}

const REFUSED = { session: 401, launch: 401, launchLocation: undefined };

async function expectRefused(token: string, reason: RegExp | string = /.+/): Promise<void> {
  await expect(verifySessionToken(token, keys, options)).rejects.toThrow(reason);
  expect(await httpVerdict(token)).toEqual(REFUSED);
}

describe('the genuine tokens (controls: the forgeries below differ from these in one thing only)', () => {
  it('a satisfied token verifies and launches; a required one verifies and is stopped at MFA', async () => {
    await expect(verifySessionToken(satisfiedToken, keys, options)).resolves.toMatchObject({ sub: attacker.id, mfa: 'satisfied' });
    expect(await httpVerdict(satisfiedToken)).toMatchObject({ session: 200, launch: 303 });
    expect(await httpVerdict(requiredToken)).toMatchObject({ session: 200, launch: 403 });
  });

  it('a token re-signed with the real key and the genuine header and claims verifies', async () => {
    const token = await signWithRealKey(genuineClaims(), { typ: SESSION_TOKEN_TYPE });
    await expect(verifySessionToken(token, keys, options)).resolves.toMatchObject({ sub: attacker.id });
    expect((await httpVerdict(token)).session).toBe(200);
  });
});

describe('algorithm attacks', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %j, unsigned or with the original signature kept', async (alg) => {
    const header = { ...decodeProtectedHeader(satisfiedToken), alg };
    const payload = encodePart(decodeJwt(satisfiedToken));
    await expectRefused(`${encodePart(header)}.${payload}.`);
    await expectRefused(`${encodePart(header)}.${payload}.${satisfiedToken.split('.')[2]}`);
  });

  it('refuses HS256 signed with the published public key as the HMAC secret, in every encoding', async () => {
    const jwk = await publishedKey();
    const spki = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const secrets: Record<string, Uint8Array> = {
      'the JWKS entry as JSON': Buffer.from(JSON.stringify(jwk)),
      'the bare JWK as JSON': Buffer.from(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })),
      'SPKI PEM': Buffer.from(spki.export({ type: 'spki', format: 'pem' }) as string),
      'SPKI DER': spki.export({ type: 'spki', format: 'der' }),
      'the raw 32-byte key': Buffer.from(jwk.x!, 'base64url'),
    };
    for (const [encoding, secret] of Object.entries(secrets)) {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        const token = await new SignJWT(decodeJwt(satisfiedToken)).setProtectedHeader({ alg, kid: jwk.kid, typ: SESSION_TOKEN_TYPE }).sign(secret);
        await expect(verifySessionToken(token, keys, options), `${alg} with ${encoding}`).rejects.toThrow();
        expect(await httpVerdict(token), `${alg} with ${encoding}`).toEqual(REFUSED);
      }
    }
  });
});

describe('key attacks', () => {
  it("refuses the attacker's own EdDSA key under an unknown kid, under the real kid, and embedded in the header", async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const attackerJwk = await exportJWK(publicKey);
    const realKid = (await publishedKey()).kid!;
    const sign = (header: Record<string, unknown>) =>
      new SignJWT(decodeJwt(satisfiedToken)).setProtectedHeader({ alg: SESSION_JWT_ALG, typ: SESSION_TOKEN_TYPE, ...header }).sign(privateKey);
    await expectRefused(await sign({ kid: 'attacker-key-1' }), 'unknown signing key');
    await expectRefused(await sign({ kid: realKid }));
    await expectRefused(await sign({ kid: 'attacker-key-2', jwk: attackerJwk }), 'unknown signing key');
    await expectRefused(await sign({ kid: realKid, jwk: attackerJwk }));
  });

  it('refuses a token without a kid, even one the real key signed', async () => {
    await expectRefused(await signWithRealKey(genuineClaims(), { typ: SESSION_TOKEN_TYPE, kid: null }), 'unexpected header');
  });
});

describe('an edited payload under the original signature', () => {
  it('refuses mfa flipped from required to satisfied', async () => {
    expect(decodeJwt(requiredToken).mfa).toBe('required');
    const forged = editPayload(requiredToken, (claims) => ({ ...claims, mfa: 'satisfied', mfa_at: claims.auth_time }));
    await expectRefused(forged, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses the genuine header and claims with the signature stripped or corrupted, after the genuine token was cached', async () => {
    expect((await httpVerdict(satisfiedToken)).session).toBe(200);
    const [header, payload, signature] = satisfiedToken.split('.') as [string, string, string];
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0]! ^= 1;
    for (const forged of [`${header}.${payload}.`, `${header}.${payload}`, `${header}.${payload}.${flipped.toString('base64url')}`, `${satisfiedToken}x`]) {
      await expectRefused(forged);
    }
  });

  it('refuses another sub, sid, tenant or role', async () => {
    const edits: Array<(claims: JWTPayload) => JWTPayload> = [
      (claims) => ({ ...claims, sub: victim.id }),
      (claims) => ({ ...claims, sid: crypto.randomUUID() }),
      (claims) => ({ ...claims, tid: victim.tenantId }),
      (claims) => ({ ...claims, role: 'owner', tid: victim.tenantId }),
      (claims) => ({ ...claims, grace_until: claims.grace_until as number + 365 * 24 * 3600 }),
    ];
    for (const edit of edits) await expectRefused(editPayload(satisfiedToken, edit), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
});

describe('a token the real key signed for something else', () => {
  it.each<[string, Record<string, string | string[] | undefined>, string | undefined]>([
    ['another issuer', { iss: 'https://evil.example' }, SESSION_TOKEN_TYPE],
    ['no issuer', { iss: undefined }, SESSION_TOKEN_TYPE],
    ['another audience', { aud: 'some-other-app' }, SESSION_TOKEN_TYPE],
    ['an audience list without the suite', { aud: ['some-other-app', 'another'] }, SESSION_TOKEN_TYPE],
    ['no audience', { aud: undefined }, SESSION_TOKEN_TYPE],
    ['a plain JWT type', {}, 'JWT'],
    ['an access-token type', {}, 'at+jwt'],
    ['no type', {}, undefined],
  ])('refuses %s', async (_case, claims, typ) => {
    const payload: JWTPayload = { ...genuineClaims(), ...claims };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete payload[name];
    expect(payload.aud === SESSION_AUDIENCE && payload.iss === options.issuer && typ === SESSION_TOKEN_TYPE).toBe(false);
    await expectRefused(await signWithRealKey(payload, { typ }));
  });

  it('refuses a token missing a session claim the apps rely on', async () => {
    for (const claim of ['sid', 'mfa', 'grace_until', 'amr']) {
      const payload = genuineClaims();
      delete payload[claim];
      await expectRefused(await signWithRealKey(payload, { typ: SESSION_TOKEN_TYPE }));
    }
  });

  it('refuses a token whose mfa claim is not one of the four states', async () => {
    await expectRefused(await signWithRealKey({ ...genuineClaims(), mfa: 'SATISFIED' }, { typ: SESSION_TOKEN_TYPE }), 'malformed claims');
  });
});

// Last: these move the shared clock.
describe('lifetime', () => {
  it('accepts a token until it expires, then refuses it, cached or not', async () => {
    const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(client, victim.email);
    const token = client.cookies.get(cookieName)!;
    const issuedAt = clock.now().getTime();
    // Used once, so the resolver's verified-token cache holds it.
    expect((await httpVerdict(token)).session).toBe(200);

    clock.set(new Date(issuedAt + (SESSION_TOKEN_TTL_SECONDS - 1) * 1000));
    await expect(verifySessionToken(token, keys, options)).resolves.toMatchObject({ sub: victim.id });
    expect((await httpVerdict(token)).session).toBe(200);

    // Past expiry and the verifier's small clock tolerance.
    clock.set(new Date(issuedAt + (SESSION_TOKEN_TTL_SECONDS + 6) * 1000));
    await expectRefused(token, 'ERR_JWT_EXPIRED');
  });

  it('refuses a token whose iat lies in the future or whose exp was stretched', async () => {
    await expectRefused(editPayload(satisfiedToken, (claims) => ({ ...claims, exp: claims.exp! + 365 * 24 * 3600 })));
    const now = Math.floor(clock.now().getTime() / 1000);
    // Signed by the real key but dated later than now: not yet valid.
    await expectRefused(await signWithRealKey({ ...genuineClaims(), iat: now + 3600, nbf: now + 3600, exp: now + 4200 }, { typ: SESSION_TOKEN_TYPE }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  });
});

describe('support access claims (impersonation)', () => {
  it('refuses half a support claim (act without imp, imp without act), or one beside platform groups', async () => {
    const claims = genuineClaims();
    const event = randomUUID();
    await expectRefused(await signWithRealKey({ ...claims, act: { sub: attacker.id } }, { typ: SESSION_TOKEN_TYPE }), 'malformed claims');
    await expectRefused(await signWithRealKey({ ...claims, imp: event }, { typ: SESSION_TOKEN_TYPE }), 'malformed claims');
    await expectRefused(await signWithRealKey({ ...claims, act: 'admin', imp: event }, { typ: SESSION_TOKEN_TYPE }), 'malformed claims');
    await expectRefused(await signWithRealKey({ ...claims, act: { sub: attacker.id }, imp: event, pgroups: ['SUPER_ADMIN'] }, { typ: SESSION_TOKEN_TYPE }), 'malformed claims');
  });

  it('refuses a well-formed support claim whose event is not the one its session runs under: the server reads the event, not just the signature', async () => {
    const token = await signWithRealKey({ ...genuineClaims(), act: { sub: attacker.id }, imp: randomUUID() }, { typ: SESSION_TOKEN_TYPE });
    await expect(verifySessionToken(token, keys, options)).resolves.toMatchObject({ imp: expect.any(String) });
    expect((await httpVerdict(token)).session).toBe(401);
  });
});

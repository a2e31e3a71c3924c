/**
 * The attack: send text PostgreSQL cannot hold, or that a reader cannot trust. A NUL byte in the
 * sign-in email, the display name, the tenant name or the passkey challenge reached the database
 * and came back as a 500; in sign-up a known address answered 202 and an unknown one 500, which
 * told an attacker who has an account. Lone surrogates are silently rewritten to U+FFFD on the way
 * to the database, control characters spoof lines in logs and UIs. Every text input must refuse
 * them, and over-long values, with a 400 naming the field, before any lookup happens; and text
 * that still reaches PostgreSQL and is refused there must be a 400, not a 500.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTenantOwner, signIn } from '../../../test/support/portal-users.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { buildTestServer } from '../../../test/support/test-server.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const suite = useTestSuite({ clock });
const WEEK_MS = 7 * 24 * 3600_000;

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const BAD_TEXTS = [
  ['a NUL byte', NUL],
  ['a lone high surrogate', LONE_SURROGATE],
  ['a lone low surrogate', 'x\udc00'],
  ['an escape character', 'a\u001b[31mred'],
  ['a newline in a one-line field', 'line one\nline two'],
  ['a C1 control', 'a\u0085b'],
] as const;

function expectRefused(response: LightMyRequestResponse, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  const body = response.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe('request.invalid');
  expect(body.error.message).toContain(field);
}

async function ownerClient() {
  const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS) });
  const client = new SuiteClient(suite.app);
  await signIn(client, owner.email);
  return { owner, client };
}

describe('text inputs refuse control characters, broken Unicode and over-long values', () => {
  it.each(BAD_TEXTS)('the sign-in email with %s', async (_case, text) => {
    expectRefused(await new SuiteClient(suite.app).post('/api/v1/auth/sign-in', { email: `${text}@example.test`, password: 'whatever password' }), 'body.email');
  });

  it.each(BAD_TEXTS)('the sign-in password with %s', async (_case, text) => {
    expectRefused(await new SuiteClient(suite.app).post('/api/v1/auth/sign-in', { email: 'someone@example.test', password: `long enough ${text}` }), 'body.password');
  });

  it.each(BAD_TEXTS)('the display name with %s', async (_case, text) => {
    const { client } = await ownerClient();
    expectRefused(await client.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { displayName: text } }), 'body.displayName');
  });

  it.each(BAD_TEXTS)('the tenant name with %s', async (_case, text) => {
    const { client } = await ownerClient();
    expectRefused(await client.post('/api/v1/auth/tenants', { name: text }), 'body.name');
  });

  it.each(BAD_TEXTS)('the invitation email with %s', async (_case, text) => {
    const { client } = await ownerClient();
    expectRefused(await client.post('/api/v1/tenant/invitations', { email: `in${text}@example.test`, role: 'member' }), 'body.email');
  });

  it.each(BAD_TEXTS)('the MFA code with %s', async (_case, text) => {
    const { client } = await ownerClient();
    expectRefused(await client.post('/api/v1/auth/mfa/verify', { code: `123456${text}` }), 'body.code');
  });

  it('a label name with a lone surrogate', async () => {
    const { client } = await ownerClient();
    expectRefused(await client.post('/api/v1/records/labels', { name: LONE_SURROGATE }), 'body.name');
  });

  it.each([
    ['the display name', 'PATCH', '/api/v1/auth/profile', (text: string) => ({ displayName: text }), 'body.displayName'],
    ['the tenant name', 'POST', '/api/v1/auth/tenants', (text: string) => ({ name: text }), 'body.name'],
  ] as const)('%s over its length bound', async (_case, method, url, body, field) => {
    const { client } = await ownerClient();
    expectRefused(await client.request({ method, url, payload: body('x'.repeat(10_000)) }), field);
  });
});

describe('sign-up does not tell who has an account', () => {
  it.each(BAD_TEXTS)('answers a known and an unknown address alike when the tenant name has %s', async (_case, text) => {
    const known = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS) });
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const answers = await Promise.all(
      [known.email, unknown].map((email) => new SuiteClient(suite.app).post('/api/v1/auth/sign-up', { email, password: 'a long enough password', tenantName: text })),
    );
    for (const answer of answers) expectRefused(answer, 'body.tenantName');
    expect(answers[0]!.body).toBe(answers[1]!.body);
  });
});

describe('the passkey challenge inside clientDataJSON', () => {
  it.each([
    ['a NUL byte', 'abc\u0000def'],
    ['a lone surrogate', 'abc\ud800def'],
    ['characters outside base64url', 'abc def/+=='],
  ])('with %s is a failed ceremony, not a server error', async (_case, challenge) => {
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: 'http://localhost:3000' })).toString('base64url');
    const response = await new SuiteClient(suite.app).post('/api/v1/auth/passkeys/authentication/verify', {
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' } },
    });
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('refuses clientDataJSON that is not base64url', async () => {
    const response = await new SuiteClient(suite.app).post('/api/v1/auth/passkeys/authentication/verify', {
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'not base64\u0000' } },
    });
    expectRefused(response, 'body.response.response.clientDataJSON');
  });
});

describe('the structural guard at the edge', () => {
  it('refuses a NUL in a field no schema names (a loose object passes unknown keys on)', async () => {
    const response = await new SuiteClient(suite.app).post('/api/v1/auth/passkeys/authentication/verify', {
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', userHandle: NUL }, clientExtensionResults: { x: LONE_SURROGATE } },
    });
    expectRefused(response, 'body.response');
  });

  it('refuses a NUL in a key', async () => {
    expectRefused(await new SuiteClient(suite.app).post('/api/v1/auth/sign-in', { [`email${NUL}`]: 'x', email: 'a@example.test', password: 'long enough password' }), 'body');
  });

  it('refuses a NUL or another control character in a query value of a page', async () => {
    // (An escaped surrogate, %ED%A0%80, is invalid UTF-8: the query parser keeps it as the literal
    // escape, so it never becomes a lone surrogate; the malformed-input test covers it.)
    for (const query of ['token=abc%00def', 'token=abc%1Bdef', 'return_to=%2F%00']) {
      const response = await new SuiteClient(suite.app).request({ method: 'GET', url: `/reset-password?${query}` });
      expect(response.statusCode, query).toBe(400);
    }
  });
});

describe('the database backstop', () => {
  it('answers text PostgreSQL refuses (SQLSTATE 22xxx) with a 400 in the envelope', async () => {
    const server = await buildTestServer((app) => {
      app.get('/api/test/nul', { config: { auth: 'public' } }, async () => suite.platform.identityDb.query('SELECT $1::text AS value', ['a\u0000b']));
      app.get('/api/test/bad-cast', { config: { auth: 'public' } }, async () => suite.platform.identityDb.query("SELECT 'abc'::int AS value"));
    });
    try {
      for (const url of ['/api/test/nul', '/api/test/bad-cast']) {
        const response = await server.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(400);
        expect(response.json()).toEqual({ error: { code: 'request.invalid', message: expect.any(String) } });
      }
    } finally {
      await server.app.close();
    }
  });
});

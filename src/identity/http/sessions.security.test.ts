/**
 * The attack: a user spots a session they do not recognise (a stolen password, a forgotten
 * shared computer) and revokes it. The thief keeps the cookies and tries to carry on: refresh
 * the token, change the account's factors while the old token is still valid, or prove MFA to
 * be handed a brand-new session. Or a user revokes session ids that are not theirs, hoping to
 * sign someone else out. A revoked session must die within the token lifetime and never be
 * reborn, and another user's session must answer exactly like one that does not exist.
 */
import { describe, expect, it } from 'vitest';
import { createTestMember, currentSessionId, enrollTotp, signIn, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../sessions/session-token.js';

const clock = new ManualClock();
const STEP_MS = 30_000;
const PAST_TOKEN_LIFETIME_MS = (SESSION_TOKEN_TTL_SECONDS + 10) * 1000;

const suite = useTestSuite({ clock });

function newClient(): SuiteClient {
  return new SuiteClient(suite.app, undefined, uniqueTestAddress());
}

function revoke(client: SuiteClient, sessionId: string) {
  return client.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${sessionId}` });
}

describe('revoking one of your sessions', () => {
  it('stops the other session from refreshing once its token expires', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const [owner, thief] = [newClient(), newClient()];
    await signIn(owner, member.email);
    await signIn(thief, member.email);
    const thiefSession = await currentSessionId(thief);

    expect((await revoke(owner, thiefSession)).statusCode).toBe(204);
    const listed = (await owner.get('/api/v1/auth/sessions')).json().items as { id: string }[];
    expect(listed.map((session) => session.id)).not.toContain(thiefSession);

    clock.advance(PAST_TOKEN_LIFETIME_MS);
    expect((await thief.get('/api/v1/auth/session')).statusCode).toBe(401);
    // Control: the owner's session refreshes across the same gap.
    expect((await owner.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('stops factor changes at once, while the revoked token is still unexpired', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const [owner, thief] = [newClient(), newClient()];
    await signIn(owner, member.email);
    await signIn(thief, member.email);
    expect((await revoke(owner, await currentSessionId(thief))).statusCode).toBe(204);
    for (const url of ['/api/v1/auth/totp/enroll', '/api/v1/auth/passkeys/registration/options', '/api/v1/auth/recovery-codes']) {
      const response = await thief.post(url);
      expect(response.statusCode, url).toBe(401);
    }
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM totp_factors WHERE user_id = $1', [member.id]);
    expect(rows).toEqual([]);
  });

  it('does not let a revoked session prove MFA into a new session', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const owner = newClient();
    await signIn(owner, member.email);
    const { secret } = await enrollTotp(owner, clock);
    const thief = newClient();
    expect((await signIn(thief, member.email)).mfa.state).toBe('required');
    expect((await revoke(owner, await currentSessionId(thief))).statusCode).toBe(204);

    clock.advance(STEP_MS);
    const code = totpCode(secret, clock.now());
    const verify = await thief.post('/api/v1/auth/mfa/verify', { code });
    expect(verify.statusCode, verify.body).toBe(401);
    expect(verify.headers['set-cookie']).toBeUndefined();
    // The thief's attempt did not spend the code: the owner can still use it.
    expect((await owner.post('/api/v1/auth/mfa/verify', { code })).statusCode).toBe(200);
    clock.advance(PAST_TOKEN_LIFETIME_MS);
    expect((await thief.get('/api/v1/auth/session')).statusCode).toBe(401);
    const { rows } = await suite.platform.identityDb.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [member.id]);
    expect(rows[0]!.count).toBe(1);
  });

  it('ends the session on sign-out: its refresh secret is dead', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = newClient();
    await signIn(client, member.email);
    const refresh = client.cookies.get('bsns-refresh')!;
    expect((await client.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    const response = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `bsns-refresh=${refresh}` } });
    expect(response.statusCode).toBe(401);
  });
});

describe("revoking someone else's session", () => {
  it('answers 404 like an unknown id, and their session lives on', async () => {
    const [victim, attacker] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const [victimClient, attackerClient] = [newClient(), newClient()];
    await signIn(victimClient, victim.email);
    await signIn(attackerClient, attacker.email);
    const victimSession = await currentSessionId(victimClient);

    const theirs = await revoke(attackerClient, victimSession);
    const unknown = await revoke(attackerClient, crypto.randomUUID());
    expect([theirs.statusCode, theirs.json().error.code]).toEqual([404, 'auth.session_not_found']);
    expect(theirs.json()).toEqual(unknown.json());
    expect((await revoke(attackerClient, 'not-a-uuid')).statusCode).toBe(400);

    clock.advance(PAST_TOKEN_LIFETIME_MS);
    expect((await victimClient.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect(await currentSessionId(victimClient)).toBe(victimSession);
  });
});

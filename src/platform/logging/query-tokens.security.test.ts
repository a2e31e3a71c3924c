/**
 * The attack: read the logs to take over accounts. Verification, reset, invitation and email-change links carry
 * their one-time token in the query string (`/reset-password?token=…`), and a request log that
 * writes the full URL puts every live token into log files, collectors and support tickets. An
 * operator (or whoever reads a leaked log) could then reset any password that was asked for.
 * After a full journey through every emailed link, no token of any email may appear in the logs.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/support/captured-logger.js';
import { mailsTo, waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const logs = captureLogs('trace');
const suite = useTestSuite({ logger: logs.logger });
const PASSWORD = 'a long enough password 1';
const PAGE = { accept: 'text/html' };

async function signUpAndVerify(email: string): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app);
  expect((await client.post('/api/v1/auth/sign-up', { email, password: PASSWORD, tenantName: 'Log Test' })).statusCode).toBe(202);
  const [token] = await waitForMailTokens(email, 'Confirm your email');
  // The link as a browser opens it, then the form's API call.
  expect((await client.request({ method: 'GET', url: `/verify-email?token=${token}`, headers: PAGE })).statusCode).toBe(200);
  expect((await client.post('/api/v1/auth/verify-email', { token })).statusCode).toBeLessThan(300);
  expect((await client.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).statusCode).toBe(200);
  return client;
}

describe('the request log after a journey through every emailed link', () => {
  it('contains no token of any email sent', async () => {
    const owner = `log-owner-${randomUUID()}@example.test`;
    const invitee = `log-invitee-${randomUUID()}@example.test`;
    const ownerClient = await signUpAndVerify(owner);

    expect((await ownerClient.post('/api/v1/tenant/invitations', { email: invitee, role: 'member' })).statusCode).toBe(201);
    const [invitation] = await waitForMailTokens(invitee, 'You are invited');
    const inviteeClient = await signUpAndVerify(invitee);
    expect((await inviteeClient.request({ method: 'GET', url: `/invitations/accept?token=${invitation}`, headers: PAGE })).statusCode).toBe(200);
    expect((await inviteeClient.post('/api/v1/auth/invitations/accept', { token: invitation })).statusCode).toBeLessThan(300);

    // The invitee moves to a new address: the confirmation link goes to that one.
    const moved = `log-moved-${randomUUID()}@example.test`;
    expect((await inviteeClient.post('/api/v1/auth/email-change', { email: moved })).statusCode).toBe(202);
    const [change] = await waitForMailTokens(moved, 'Confirm the new email address');
    expect((await inviteeClient.request({ method: 'GET', url: `/account/email/confirm?token=${change}`, headers: PAGE })).statusCode).toBe(200);
    expect((await inviteeClient.post('/api/v1/auth/email-change/confirm', { token: change })).statusCode).toBe(200);

    const stranger = new SuiteClient(suite.app);
    expect((await stranger.post('/api/v1/auth/password/forgot', { email: owner })).statusCode).toBe(202);
    const [reset] = await waitForMailTokens(owner, 'Reset your');
    expect((await stranger.request({ method: 'GET', url: `/reset-password?token=${reset}`, headers: PAGE })).statusCode).toBe(200);
    expect((await stranger.post('/api/v1/auth/password/reset', { token: reset, password: `${PASSWORD}x` })).statusCode).toBeLessThan(300);
    // A link opened on a path that does not exist, and one with a broken escape, are logged too.
    await stranger.request({ method: 'GET', url: `/no-such-page?token=${reset}`, headers: PAGE });
    await stranger.request({ method: 'GET', url: `/launch/%E0%A4%A?token=${reset}` });

    const tokens = new Set<string>();
    for (const address of [owner, invitee, moved]) {
      for (const mail of await mailsTo(address, '')) for (const match of mail.text.matchAll(/[?&]token=([A-Za-z0-9_%-]+)/g)) tokens.add(decodeURIComponent(match[1]!));
    }
    expect(tokens.size).toBeGreaterThanOrEqual(5);

    const text = logs.text();
    // The requests were logged (so the test can fail), each under its path.
    for (const path of ['/verify-email', '/reset-password', '/invitations/accept', '/account/email/confirm', '/no-such-page']) expect(text).toContain(`"${path}`);
    for (const token of tokens) expect(text, `token ${token.slice(0, 6)}… is in the logs`).not.toContain(token);
  });
});

import { describe, expect, it } from 'vitest';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { normaliseAddress, type RateLimitRule } from '../../platform/rate-limit/index.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';

// Identity's public routes count per client address. Each is driven over its limit and must then
// answer what its operation in the served document says it can: 429 `request.rate_limited`.
const suite = useTestSuite();

const NEW_PASSWORD = 'a long enough new password';
const TOKEN = 't'.repeat(32);
const WEBAUTHN = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA' } };

const LIMITED: ReadonlyArray<{ path: string; rule: RateLimitRule; body?: object }> = [
  { path: '/api/v1/auth/sign-up', rule: IDENTITY_RATE_LIMITS.signUpAddress, body: { email: 'limited@example.test', password: NEW_PASSWORD, tenantName: 'Acme' } },
  { path: '/api/v1/auth/verify-email', rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, body: { token: TOKEN } },
  { path: '/api/v1/auth/verify-email/resend', rule: IDENTITY_RATE_LIMITS.emailLinkAddress, body: { email: 'limited@example.test' } },
  { path: '/api/v1/auth/sign-in', rule: IDENTITY_RATE_LIMITS.signInAddress, body: { email: 'limited@example.test', password: 'a guess' } },
  { path: '/api/v1/auth/password/forgot', rule: IDENTITY_RATE_LIMITS.emailLinkAddress, body: { email: 'limited@example.test' } },
  { path: '/api/v1/auth/password/reset', rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, body: { token: TOKEN, password: NEW_PASSWORD } },
  { path: '/api/v1/auth/passkeys/authentication/options', rule: IDENTITY_RATE_LIMITS.passkeyAddress },
  { path: '/api/v1/auth/passkeys/authentication/verify', rule: IDENTITY_RATE_LIMITS.passkeyAddress, body: { response: WEBAUTHN } },
];

interface Operation {
  'x-auth': unknown;
  'x-error-codes'?: string[];
  responses?: Record<string, unknown>;
}

describe("identity's rate-limited public routes", () => {
  it.each(LIMITED)('$path answers 429 past its address limit, as its operation documents', async ({ path, rule, body }) => {
    const client = new SuiteClient(suite.app);
    const key = normaliseAddress(client.remoteAddress);
    await Promise.all(Array.from({ length: rule.limit }, () => suite.platform.rateLimiter.hit(rule, key)));

    const refused = await client.post(path, body);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error.code).toBe('request.rate_limited');

    const document = (await client.get('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    const operation = document.paths[path]?.post;
    expect(operation?.['x-auth']).toBe('public');
    expect(operation?.['x-error-codes']).toContain('request.rate_limited');
    expect(operation?.responses?.['429']).toBeDefined();
  });
});

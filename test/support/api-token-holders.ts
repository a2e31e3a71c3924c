import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TokenScope } from '../../src/platform/access/token-scopes.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { createTestMember, signIn, type TestMember, type TestMemberOptions } from './identity-members.js';
import { SuiteClient } from './suite-client.js';

export interface TokenHolder extends TestMember {
  /** The member's signed-in browser (a session inside the MFA grace window: `session+mfa` passes). */
  readonly browser: SuiteClient;
  readonly clock: Clock;
}

/** A member of a fresh tenant (mirrored into the business database, as launch would), signed in. */
export async function signedInMember(app: FastifyInstance, platform: Platform, options: TestMemberOptions = {}): Promise<TokenHolder> {
  const member = await createTestMember(platform.identityDb, platform.clock, options);
  await platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [member.tenantId, 'mirrored']));
  const browser = new SuiteClient(app);
  await signIn(browser, member.email);
  return { ...member, browser, clock: platform.clock };
}

/** Mints a token through the API, as its owner would (30 days by default); returns its text and id. */
export async function mintToken(holder: TokenHolder, scopes: readonly TokenScope[], options: { name?: string; expiresAt?: Date } = {}): Promise<{ secret: string; id: string }> {
  const expiresAt = options.expiresAt ?? new Date(holder.clock.now().getTime() + 30 * 24 * 3600_000);
  const response = await holder.browser.post('/api/v1/account/tokens', { name: options.name ?? 'test token', scopes, expiresAt: expiresAt.toISOString() });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { secret: string; token: { id: string } };
  return { secret: body.secret, id: body.token.id };
}

export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}

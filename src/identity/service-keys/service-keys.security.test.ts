/**
 * The attack: a service key leaks from staging (a CI log, a developer laptop) and Mallory
 * replays it against production; or she makes one up, or presents a personal access token where
 * a service key is required, or keeps using a key after the operator revoked it. The keys are
 * made and revoked with the operator CLI, as an operator would. Each attempt must be refused,
 * the made-up key without a database query, and the key text must be nowhere but the one
 * `create` output (only its SHA-256 is stored; `list` never prints it).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliEnv, runCli } from '../../../test/support/cli-process.js';
import { openTestPlatform, testEnv } from '../../../test/support/test-platform.js';
import { buildTestServer } from '../../../test/support/test-server.js';
import { mintCredentialText } from '../api-tokens/index.js';
import type { BuiltServer } from '../../platform/http/build-server.js';
import type { Platform } from '../../platform/open-platform.js';
import { hashSecret } from '../sessions/session-store.js';
import { createServiceKeyResolver } from './service-key-resolver.js';

let platform: Platform;
let server: BuiltServer;

beforeAll(async () => {
  platform = await openTestPlatform({ BSNS_ENVIRONMENT: 'production' });
  const resolver = createServiceKeyResolver({ db: platform.identityDb, clock: platform.clock, config: platform.config, logger: platform.logger });
  server = await buildTestServer((app) => {
    app.get('/api/test/backend', { config: { auth: 'service' } }, async (request) => ({ key: request.principal?.subject }));
  }, { resolvers: { service: resolver } });
});

afterAll(async () => {
  await server?.app.close();
  await platform?.close();
});

const callBackend = (secret: string) => server.app.inject({ method: 'GET', url: '/api/test/backend', headers: { authorization: `Bearer ${secret}` } });

async function cli(...args: string[]) {
  const result = await runCli(['service-keys', ...args], cliEnv(testEnv({ BSNS_ENVIRONMENT: 'production', LOG_LEVEL: 'warn' })));
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

async function createWithCli(env: string): Promise<{ id: string; secret: string }> {
  const output = await cli('create', '--name', `backend ${env}`, '--env', env);
  const secret = /^(bsk_\w+)$/m.exec(output)?.[1];
  const id = /Service key ([0-9a-f-]{36})/.exec(output)?.[1];
  expect(secret, output).toBeDefined();
  return { id: id!, secret: secret! };
}

describe('a service key', () => {
  it('from another environment is refused; one made for this environment is accepted', async () => {
    const staging = await createWithCli('staging');
    const production = await createWithCli('production');
    expect((await callBackend(staging.secret)).statusCode).toBe(401);
    const accepted = await callBackend(production.secret);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ key: production.id });
  });

  it('is refused on the next request after `service-keys revoke`, and `list` never prints it', async () => {
    const { id, secret } = await createWithCli('production');
    expect((await callBackend(secret)).statusCode).toBe(200);
    const listed = await cli('list');
    expect(listed).toContain(id);
    expect(listed).not.toContain(secret.slice(4));
    await cli('revoke', id);
    expect((await callBackend(secret)).statusCode).toBe(401);
    const { rows } = await platform.identityDb.query<{ key_hash: string }>('SELECT key_hash FROM service_keys WHERE id = $1', [id]);
    expect(rows[0]!.key_hash).toBe(hashSecret(secret));
  });

  it('made up, mistyped or replaced by a personal access token is refused; a bad checksum costs no query', async () => {
    const { secret } = await createWithCli('production');
    const queries = vi.spyOn(platform.identityDb, 'query');
    const typo = secret.slice(0, 12) + (secret[12] === 'a' ? 'b' : 'a') + secret.slice(13);
    for (const text of [typo, 'bsk_' + 'a'.repeat(49), 'something-else']) expect((await callBackend(text)).statusCode).toBe(401);
    expect(queries).toHaveBeenCalledTimes(0);
    expect((await callBackend(mintCredentialText('pat_'))).statusCode).toBe(401);
    expect((await callBackend(mintCredentialText('bsk_'))).statusCode).toBe(401);
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
  });
});

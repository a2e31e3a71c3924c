import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildSuite } from '../../src/suite.js';
import type { BuiltServer } from '../../src/platform/http/build-server.js';
import type { AuthResolvers, CredentialCeilings } from '../../src/platform/http/index.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { generateKeySpec } from '../../src/platform/crypto/index.js';
import type { BenchContext } from './benchmark.js';

// One master keyring per run: the benchmarks share the identity database, so a session signing
// key one of them sealed must unseal in the next.
const BENCH_MASTER_KEYS = generateKeySpec('bench1');

/**
 * A production-mode config on this run's bench databases, with silent logs and a throw-away
 * mailbox and key. `env` adds variables as an operator would set them (e.g. `BSNS_QUOTAS`).
 */
export function benchConfig(context: BenchContext, env: Readonly<Record<string, string>> = {}): Config {
  const { urls } = context.databases;
  return loadConfig(
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_POOL_MAX: String(context.poolMax),
      IDENTITY_DATABASE_URL: urls.identity,
      IDENTITY_OWNER_DATABASE_URL: urls.identityOwner,
      BUSINESS_DATABASE_URL: urls.business,
      BUSINESS_OWNER_DATABASE_URL: urls.businessOwner,
      BSNS_MASTER_KEYS: BENCH_MASTER_KEYS,
      MAIL_URL: pathToFileURL(path.join(context.scratchDir, 'mail')).href,
      ...env,
    },
    process.cwd(),
  );
}

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Per-credential ceilings no benchmark reaches: every request still pays the counter (that cost is
 * part of the price measured), but none is refused with a 429, which would measure the error path.
 */
export const UNREACHABLE_CEILINGS: CredentialCeilings = {
  session: { limit: 1_000_000_000, windowSeconds: 60 },
  token: { limit: 1_000_000_000, windowSeconds: 60 },
  service: { limit: 1_000_000_000, windowSeconds: 60 },
};

/** The real suite as a benchmark serves it: `buildSuite` with ceilings that count but never refuse. */
export function benchSuite(platform: Platform, resolvers?: AuthResolvers): Promise<BuiltServer> {
  return buildSuite(platform, resolvers, { credentialCeilings: UNREACHABLE_CEILINGS });
}

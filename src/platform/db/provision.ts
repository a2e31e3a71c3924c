import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseUrls } from '../../config/index.js';
import type { DatabaseLayout } from './database-layout.js';

export interface ProvisionOptions {
  /** A superuser connection; used for nothing but creating what follows. */
  readonly adminUrl: string;
  readonly layout: DatabaseLayout;
  /** Reuse known passwords (embedded restarts); otherwise fresh ones are generated. */
  readonly passwords?: Readonly<Record<string, string>>;
  /** `statement_timeout` of the two runtime roles (`BSNS_STATEMENT_TIMEOUT_MS`); 15 s unless given. */
  readonly statementTimeoutMs?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

export interface ProvisionResult {
  readonly urls: DatabaseUrls;
  readonly passwords: Readonly<Record<string, string>>;
}

/**
 * Creates (or brings back into shape) the two databases and four roles:
 * - identity owner/app: only they may CONNECT to the identity database;
 * - business owner: owns the tables, BYPASSRLS for the audited cross-tenant client;
 * - business app: NOSUPERUSER NOBYPASSRLS, owns nothing, so RLS always binds it.
 * Idempotent: running it again resets attributes, grants and passwords.
 */
export async function provisionDatabases(options: ProvisionOptions): Promise<ProvisionResult> {
  const { layout } = options;
  const passwords: Record<string, string> = {};
  const roles: Array<[string, string]> = [
    [layout.identityOwnerRole, 'NOBYPASSRLS'],
    [layout.identityAppRole, 'NOBYPASSRLS'],
    [layout.businessOwnerRole, 'BYPASSRLS'],
    [layout.businessAppRole, 'NOBYPASSRLS'],
  ];
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    for (const [role, rls] of roles) {
      const password = options.passwords?.[role] ?? randomBytes(24).toString('base64url');
      passwords[role] = password;
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(
        `${verb} ROLE ${ident(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION ${rls} PASSWORD ${literal(password)}`,
      );
    }
    // One slow or hostile query cannot hold a pool connection for ever: PostgreSQL cancels it
    // (SQLSTATE 57014, answered 503). Owners run migrations and are left unbounded.
    const timeout = Math.trunc(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS);
    for (const role of [layout.identityAppRole, layout.businessAppRole]) {
      await admin.query(`ALTER ROLE ${ident(role)} SET statement_timeout = ${timeout}`);
    }
    await ensureDatabase(admin, layout.identityDatabase, layout.identityOwnerRole, [layout.identityAppRole]);
    await ensureDatabase(admin, layout.businessDatabase, layout.businessOwnerRole, [layout.businessAppRole]);
  } finally {
    await admin.end();
  }
  await lockDownSchema(options.adminUrl, layout.identityDatabase, layout.identityOwnerRole, layout.identityAppRole);
  await lockDownSchema(options.adminUrl, layout.businessDatabase, layout.businessOwnerRole, layout.businessAppRole);

  return { passwords, urls: provisionedUrls(options.adminUrl, layout, passwords) };
}

/** The four runtime/owner URLs of a provisioned layout, on the admin URL's server. */
export function provisionedUrls(adminUrl: string, layout: DatabaseLayout, passwords: Readonly<Record<string, string>>): DatabaseUrls {
  const url = (role: string, database: string) => withCredentials(adminUrl, role, passwords[role] ?? '', database);
  return {
    identity: url(layout.identityAppRole, layout.identityDatabase),
    identityOwner: url(layout.identityOwnerRole, layout.identityDatabase),
    business: url(layout.businessAppRole, layout.businessDatabase),
    businessOwner: url(layout.businessOwnerRole, layout.businessDatabase),
  };
}

/** Drops what {@link provisionDatabases} created; for tests and scratch checks only. */
export async function dropProvisionedDatabases(adminUrl: string, layout: DatabaseLayout): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const database of [layout.identityDatabase, layout.businessDatabase]) {
      await admin.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
    }
    for (const role of [layout.identityOwnerRole, layout.identityAppRole, layout.businessOwnerRole, layout.businessAppRole]) {
      await admin.query(`DROP ROLE IF EXISTS ${ident(role)}`);
    }
  } finally {
    await admin.end();
  }
}

async function ensureDatabase(admin: pg.Client, database: string, owner: string, appRoles: string[]): Promise<void> {
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!exists.rowCount) {
    await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)} ENCODING 'UTF8' TEMPLATE template0`);
  }
  await admin.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
  // Only this database's own roles may connect: the business role cannot reach identity data, and back.
  await admin.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
  for (const role of appRoles) await admin.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(role)}`);
}

async function lockDownSchema(adminUrl: string, database: string, owner: string, appRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await client.connect();
  try {
    await client.query(`
      ALTER SCHEMA public OWNER TO ${ident(owner)};
      REVOKE ALL ON SCHEMA public FROM PUBLIC;
      GRANT USAGE ON SCHEMA public TO ${ident(appRole)};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(appRole)};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public
        GRANT USAGE, SELECT ON SEQUENCES TO ${ident(appRole)};
    `);
  } finally {
    await client.end();
  }
}

function withCredentials(baseUrl: string, role: string, password: string, database: string): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${database}`;
  return url.toString();
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function ident(name: string): string {
  return pg.escapeIdentifier(name);
}

function literal(value: string): string {
  return pg.escapeLiteral(value);
}

import { Logger, runMigrations } from 'graphile-worker';
import type pg from 'pg';

/**
 * Installs (or upgrades) graphile-worker's schema as the business owner role, at migrate time,
 * and lets the runtime role use it. The runtime role adds jobs inside its tenant transactions
 * (`graphile_worker.add_job`) and runs them; it needs no BYPASSRLS, because a job carries only
 * ids — the tenant's data stays in tables under RLS and is read inside `withTenant`.
 */
export async function installJobQueueSchema(ownerUrl: string, ownerClient: pg.Client): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, logger: new Logger(() => () => undefined) });
  // The runtime role is the one the owner hands its tables to (default privileges, see provisioning).
  const { rows } = await ownerClient.query<{ grantee: string }>(
    `SELECT DISTINCT (aclexplode(defaclacl)).grantee::regrole::text AS grantee
       FROM pg_default_acl WHERE defaclrole = current_user::regrole AND defaclobjtype = 'r'`,
  );
  for (const { grantee } of rows) {
    if (grantee === '-' || grantee === '0') continue;
    await ownerClient.query(`
      GRANT USAGE ON SCHEMA graphile_worker TO ${grantee};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${grantee};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${grantee};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${grantee};`);
    // graphile-worker turns RLS on for its private tables (no policies: only owners and
    // BYPASSRLS roles get in); the runtime role is neither, so it gets a policy of its own.
    await ownerClient.query(`
      DO $$ DECLARE t text; BEGIN
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity LOOP
          IF NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = format('graphile_worker.%I', t)::regclass AND p.polname = 'bsns_job_runtime') THEN
            EXECUTE format('CREATE POLICY bsns_job_runtime ON graphile_worker.%I TO ${grantee} USING (true) WITH CHECK (true)', t);
          END IF;
        END LOOP;
      END $$`);
  }
}

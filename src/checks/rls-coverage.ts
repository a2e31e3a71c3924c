import type { BusinessCatalog, CatalogPolicy, CatalogRelation } from './business-catalog.js';
import type { CheckFinding, CheckReport } from './check-report.js';
import { CARVEOUTS_FILE, type CarveOuts } from './carveout-allowlist.js';

export interface RlsCoverageOptions {
  /** The live catalog of a migrated business database (see readBusinessCatalog). */
  readonly catalog: BusinessCatalog;
  readonly carveOuts: CarveOuts;
}

const COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
// A policy binds tenants only if it reads the transaction's tenant (control 3).
const TENANT_SETTING = /\bapp_current_tenant\(\)|app\.tenant_id/;
const SECURITY_INVOKER = /^security_invoker=(true|on|yes|1)$/i;

/**
 * Judges the business database as it really is after migrating (controls 2 and 5):
 * - a table with `tenant_id` has RLS enabled and forced, and permissive policies covering
 *   SELECT, INSERT, UPDATE and DELETE for the runtime role, each on `tenant_id` and the tenant setting;
 * - any other table is a listed carve-out (a tenant anchor is held to the same rules on `id`);
 * - the runtime role is not superuser, not BYPASSRLS, owns nothing and cannot SET ROLE to a role that is or does;
 * - views run as the caller (`security_invoker`), there are no materialized views, and
 *   SECURITY DEFINER functions are only the listed ones.
 */
export function checkRlsCoverage(options: RlsCoverageOptions): CheckReport {
  const { catalog, carveOuts } = options;
  const findings: CheckFinding[] = [];
  const tableCarveOuts = new Map(carveOuts.tables.map((entry) => [entry.table, entry]));
  const runtimeName = catalog.runtimeRole?.name ?? null;

  for (const relation of catalog.relations) {
    const where = `${relation.schema}.${relation.name}`;
    if (relation.kind === 'materialized view') {
      findings.push({ rule: 'materialized-view', location: where, message: 'materialized views store rows outside row-level security; use a view with security_invoker=true' });
      continue;
    }
    // Outside public, only listed relations of a job engine's own schema (ids of jobs, no tenant data).
    const qualifiedCarveOut = relation.schema === 'public' ? undefined : tableCarveOuts.get(where);
    if (qualifiedCarveOut && qualifiedCarveOut.kind === 'not-tenant-data') {
      findings.push(...carveOutAccessFindings(relation, qualifiedCarveOut, where));
      continue;
    }
    if (relation.kind === 'view') {
      if (!relation.options.some((option) => SECURITY_INVOKER.test(option))) {
        findings.push({ rule: 'view-security-invoker', location: where, message: "view runs with its owner's rights and so bypasses RLS: create it WITH (security_invoker = true)" });
      }
      continue;
    }
    if (relation.schema !== 'public') {
      findings.push({ rule: 'table-outside-public', location: where, message: 'business tables live in schema public, where these checks look; move it there' });
      continue;
    }
    const carveOut = tableCarveOuts.get(relation.name);
    if (relation.hasTenantId) {
      findings.push(...tenantPolicyFindings(relation, catalog.policies, 'tenant_id', runtimeName));
    } else if (!carveOut) {
      findings.push({
        rule: 'carveout-missing',
        location: where,
        message: `has no tenant_id column and is not in ${CARVEOUTS_FILE}: add tenant_id under RLS, or list it there with a reason`,
      });
    } else if (carveOut.kind === 'tenant-anchor') {
      findings.push(...tenantPolicyFindings(relation, catalog.policies, 'id', runtimeName));
    } else {
      findings.push(...carveOutAccessFindings(relation, carveOut, where));
    }
  }

  findings.push(...runtimeRoleFindings(catalog));

  const allowedDefiners = new Set(carveOuts.securityDefinerFunctions.map((entry) => entry.function));
  for (const signature of catalog.securityDefinerFunctions) {
    if (!allowedDefiners.has(signature)) {
      findings.push({
        rule: 'security-definer',
        location: signature,
        message: `SECURITY DEFINER runs as its owner, outside RLS: make it SECURITY INVOKER, or list it in ${CARVEOUTS_FILE} with a reason`,
      });
    }
  }

  const tables = catalog.relations.filter((relation) => relation.kind === 'table');
  const notes = [
    `${tables.filter((table) => table.hasTenantId).length} tables with tenant_id, ${tables.filter((table) => !table.hasTenantId).length} without; runtime role ${runtimeName ?? '(missing)'}`,
  ];
  return { check: 'rls-coverage', findings, notes };
}

const ACCESS_RANK = { none: 0, read: 1, write: 2 } as const;

function tenantPolicyFindings(table: CatalogRelation, allPolicies: readonly CatalogPolicy[], keyColumn: string, runtimeRole: string | null): CheckFinding[] {
  const where = `${table.schema}.${table.name}`;
  const findings: CheckFinding[] = [];
  if (!table.rlsEnabled) findings.push({ rule: 'rls-enabled', location: where, message: 'row-level security is not enabled: ALTER TABLE … ENABLE ROW LEVEL SECURITY' });
  if (!table.rlsForced) findings.push({ rule: 'rls-forced', location: where, message: 'row-level security is not forced, so the owner role skips it: ALTER TABLE … FORCE ROW LEVEL SECURITY' });

  const policies = allPolicies.filter((policy) => policy.table === table.name && policy.permissive);
  const appliesToRuntime = (policy: CatalogPolicy) => policy.roles.includes('public') || (runtimeRole !== null && policy.roles.includes(runtimeRole));
  const uncovered = COMMANDS.filter(
    (command) => !policies.some((policy) => appliesToRuntime(policy) && (policy.command === 'ALL' || policy.command === command)),
  );
  if (uncovered.length > 0) {
    findings.push({ rule: 'policy-missing', location: where, message: `no permissive policy for the runtime role covers ${uncovered.join(', ')}` });
  }
  // Permissive policies are OR-ed: one that does not bind the tenant opens the table to every tenant.
  for (const policy of policies) {
    for (const [clause, expression] of [['USING', policy.using], ['WITH CHECK', policy.withCheck]] as const) {
      if (expression !== null && !bindsTenant(expression, keyColumn)) {
        findings.push({
          rule: 'policy-not-tenant',
          location: `${where} policy ${policy.name}`,
          message: `${clause} (${expression}) does not compare ${keyColumn} with app_current_tenant() / app.tenant_id`,
        });
      }
    }
  }
  return findings;
}

function bindsTenant(expression: string, keyColumn: string): boolean {
  if (!TENANT_SETTING.test(expression)) return false;
  // `app.tenant_id` itself contains "tenant_id": look for the key column once the setting name is gone.
  const withoutSetting = expression.replaceAll('app.tenant_id', '');
  return new RegExp(`\\b${keyColumn}\\b`).test(withoutSetting);
}

function runtimeRoleFindings(catalog: BusinessCatalog): CheckFinding[] {
  const role = catalog.runtimeRole;
  if (!role) return [{ rule: 'runtime-role', message: 'the runtime role of BUSINESS_DATABASE_URL does not exist in this cluster' }];
  const where = `role ${role.name}`;
  const findings: CheckFinding[] = [];
  if (role.superuser) findings.push({ rule: 'runtime-role', location: where, message: 'the runtime role is a superuser, which ignores RLS' });
  if (role.bypassRls) findings.push({ rule: 'runtime-role', location: where, message: 'the runtime role has BYPASSRLS' });
  if (role.ownedRelations.length > 0) {
    findings.push({ rule: 'runtime-role', location: where, message: `the runtime role owns ${role.ownedRelations.join(', ')}; owners can switch RLS off` });
  }
  if (role.powerfulRoles.length > 0) {
    findings.push({ rule: 'runtime-role', location: where, message: `the runtime role can SET ROLE to ${role.powerfulRoles.join(', ')}, which bypass RLS or own tables` });
  }
  return findings;
}

function carveOutAccessFindings(relation: CatalogRelation, carveOut: { runtimeAccess: keyof typeof ACCESS_RANK }, where: string): CheckFinding[] {
  const actual = relation.runtimeCanWrite ? 'write' : relation.runtimeCanRead ? 'read' : 'none';
  if (ACCESS_RANK[actual] <= ACCESS_RANK[carveOut.runtimeAccess]) return [];
  return [
    {
      rule: 'carveout-access',
      location: where,
      message: `the runtime role can ${actual} this table, but its carve-out allows only "${carveOut.runtimeAccess}": revoke the grant or widen the carve-out with a reason`,
    },
  ];
}

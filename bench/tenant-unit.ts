/**
 * `npx tsx bench/tenant-unit.ts`: the tenancy kernel alone, without HTTP. Ten concurrent loops run
 * the labels list query in four ways, alternating, in one process, and print operations per second
 * and CPU per operation (this process, and the PostgreSQL backends of the bench database):
 * - `plain`: a superuser pool, `WHERE tenant_id = $1`, no transaction, no RLS (the floor);
 * - `read-only`: `withTenant(…, { readOnly: true })`, one round trip;
 * - `read-write`: `withTenant(…)`, BEGIN + setting + query under one Sync, then COMMIT;
 * - `three-trips`: what withTenant did before: `BEGIN; SET LOCAL`, the query, COMMIT.
 * Same databases as `npm run bench` (DATABASE_ADMIN_URL or a throw-away embedded PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { configFromProcess } from '../src/config/index.js';
import { BusinessDb } from '../src/platform/tenancy/index.js';
import { openBenchDatabases } from './support/bench-databases.js';

const OPERATIONS = 4_000;
const CONCURRENCY = 10;
const ROUNDS = 3;
const QUERY = 'SELECT id, name, color, parent_id, created_at FROM labels ORDER BY name LIMIT 1000';

const scratch = await mkdtemp(path.join(tmpdir(), 'bsns-bench-unit-'));
const opened = await openBenchDatabases(configFromProcess(), scratch, console.log);
const { urls, adminUrl, businessDatabase } = opened.databases;
const superuserUrl = new URL(adminUrl);
superuserUrl.pathname = `/${businessDatabase}`;
const runtime = new pg.Pool({ connectionString: urls.business, max: CONCURRENCY });
const superuser = new pg.Pool({ connectionString: superuserUrl.toString(), max: CONCURRENCY });
const db = new BusinessDb(runtime);
try {
  const tenants = [randomUUID(), randomUUID()];
  for (const tenant of tenants) {
    await db.withTenant(tenant, async (tx) => {
      await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenant, 'bench']);
      await tx.query(`INSERT INTO labels (tenant_id, name) SELECT $1, 'label ' || n FROM generate_series(1, 50) AS n`, [tenant]);
    });
  }
  const variants: Record<string, (tenant: string) => Promise<unknown>> = {
    plain: (tenant) => superuser.query(QUERY.replace('FROM labels', 'FROM labels WHERE tenant_id = $1'), [tenant]),
    'read-only': (tenant) => db.withTenant(tenant, (tx) => tx.query(QUERY), { readOnly: true }),
    'read-write': (tenant) => db.withTenant(tenant, (tx) => tx.query(QUERY)),
    'three-trips': async (tenant) => {
      const client = await runtime.connect();
      try {
        await client.query(`BEGIN; SET LOCAL app.tenant_id = '${tenant}'`);
        await client.query(QUERY);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
  };
  const run = async (operation: (tenant: string) => Promise<unknown>) => {
    let started = 0;
    const loop = async () => {
      while (started < OPERATIONS) await operation(tenants[started++ % 2]!);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  };
  const results = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    const names = round % 2 === 1 ? Object.keys(variants) : Object.keys(variants).reverse();
    for (const name of names) {
      await run(variants[name]!); // warm-up
      const [cpuBefore, pgBefore] = [process.cpuUsage(), await backendTicks()];
      const startedAt = performance.now();
      await run(variants[name]!);
      const seconds = (performance.now() - startedAt) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const pgTicks = (await backendTicks()) - pgBefore;
      const perSecond = OPERATIONS / seconds;
      results.set(name, [...(results.get(name) ?? []), perSecond]);
      console.log(
        `round ${round} ${name.padEnd(11)} ${Math.round(perSecond)} ops/s  node ${Math.round((cpu.user + cpu.system) / OPERATIONS)} µs/op  pg ${Math.round((pgTicks * 10_000) / OPERATIONS)} µs/op`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const floor = median(results.get('plain')!);
  for (const [name, values] of results) console.log(`median ${name.padEnd(11)} ${Math.round(median(values))} ops/s  ÷ plain ${(median(values) / floor).toFixed(2)}`);
} finally {
  await Promise.all([runtime.end(), superuser.end()]);
  await opened.close();
  await rm(scratch, { recursive: true, force: true });
}

/** CPU ticks (1/100 s) of the backends connected to the bench database; PostgreSQL on this Linux machine only. */
async function backendTicks(): Promise<number> {
  const { rows } = await superuser.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [businessDatabase]);
  let ticks = 0;
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

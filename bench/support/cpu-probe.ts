import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** CPU seconds spent while some work ran, or null where this machine cannot tell. */
export interface CpuSpent {
  readonly serverSeconds: number | null;
  readonly postgresSeconds: number | null;
}

export interface CpuProbe {
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuSpent }>;
  close(): Promise<void>;
}

// /proc reports CPU time in USER_HZ, which Linux fixes at 100 for user space.
const USER_HZ = 100;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * CPU time spent serving, in two places: the bench process's main thread (where every target
 * server runs; the load generator has its own thread) and the PostgreSQL backends connected to
 * the bench database. When a busy machine scatters req/s, CPU per request still holds, and it
 * shows whether a target's cost is in Node or in PostgreSQL. Linux and a local PostgreSQL only.
 */
export async function openCpuProbe(adminUrl: string, businessDatabase: string): Promise<CpuProbe> {
  const mainThreadStat = `/proc/${process.pid}/task/${process.pid}/stat`;
  const linux = (await procTicks(mainThreadStat)) !== null;
  const admin = linux && LOOPBACK.has(new URL(adminUrl).hostname) ? new pg.Client({ connectionString: adminUrl, application_name: 'bsns-bench-probe' }) : null;
  await admin?.connect();

  // Per backend, so connections opened during the work count from zero; one that closed is lost (rare under load).
  const backendTicks = async (): Promise<Map<number, number> | null> => {
    if (!admin) return null;
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [businessDatabase]);
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const command = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
      if (command === null) continue; // ended since the query
      if (command.trim() !== 'postgres') return null; // not this machine's server after all
      const value = await procTicks(`/proc/${pid}/stat`);
      if (value !== null) ticks.set(pid, value);
    }
    return ticks;
  };

  return {
    async measure(work) {
      const [serverBefore, backendsBefore] = [await procTicks(mainThreadStat), await backendTicks()];
      const result = await work();
      const [serverAfter, backendsAfter] = [await procTicks(mainThreadStat), await backendTicks()];
      let postgresTicks: number | null = null;
      if (backendsBefore && backendsAfter) {
        postgresTicks = 0;
        for (const [pid, after] of backendsAfter) postgresTicks += after - (backendsBefore.get(pid) ?? 0);
      }
      return {
        result,
        cpu: {
          serverSeconds: serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / USER_HZ,
          postgresSeconds: postgresTicks === null ? null : postgresTicks / USER_HZ,
        },
      };
    },
    async close() {
      await admin?.end();
    },
  };
}

/** utime + stime from a /proc stat file, in ticks. */
async function procTicks(file: string): Promise<number | null> {
  const stat = await readFile(file, 'utf8').catch(() => null);
  if (stat === null) return null;
  // The fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks : null;
}

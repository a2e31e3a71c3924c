import { randomUUID } from 'node:crypto';
import pg from 'pg';

const WORKER_ID = /^bsns-w-([0-9a-f-]{36})-\d+$/;
const lockKey = (processId: string) => `bsns-worker:${processId}`;

/**
 * Crash recovery for the job engine. graphile-worker frees a crashed worker's jobs only after
 * four hours; instead each worker process holds a session advisory lock for as long as it lives,
 * and names its workers after it. A lock that can be taken belongs to a dead process, whose jobs
 * are then unlocked at once. Needs a direct session connection (never a PgBouncer transaction pool).
 */
export class WorkerLiveness {
  readonly processId = randomUUID();
  readonly #client: pg.Client;

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  static async start(connectionString: string): Promise<WorkerLiveness> {
    const client = new pg.Client({ connectionString, application_name: 'bsns-worker-liveness' });
    await client.connect();
    const liveness = new WorkerLiveness(client);
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey(liveness.processId)]);
    return liveness;
  }

  workerId(index: number): string {
    return `bsns-w-${this.processId}-${index}`;
  }

  /** Worker ids whose process is gone (its lock is free), found among the locked jobs. */
  async deadWorkers(): Promise<string[]> {
    const { rows } = await this.#client.query<{ locked_by: string }>('SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL');
    const dead: string[] = [];
    for (const { locked_by } of rows) {
      const processId = WORKER_ID.exec(locked_by)?.[1];
      if (!processId || processId === this.processId) continue;
      const free = await this.#client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [lockKey(processId)]);
      if (free.rows[0]!.taken) {
        await this.#client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey(processId)]);
        dead.push(locked_by);
      }
    }
    return dead;
  }

  async stop(): Promise<void> {
    await this.#client.end();
  }
}

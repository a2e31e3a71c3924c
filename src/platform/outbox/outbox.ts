import type { TenantTransaction } from '../tenancy/index.js';
import { enqueueEvent, type EnqueueResult, type OutboxMessage } from './enqueue.js';
import { jobNames, type JobNames } from './job-names.js';
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerDeps } from './outbox-worker.js';
import { OutboxTopics } from './outbox-topics.js';

/**
 * The transactional outbox as apps see it: `enqueue(tx, …)` inside their `withTenant` work, and
 * `topics` to subscribe handlers or declare webhook topics. The worker is started by the suite
 * (`BSNS_OUTBOX_WORKER=inline`) and stopped when the platform closes.
 */
export class Outbox {
  readonly topics = new OutboxTopics();
  readonly names: JobNames;
  readonly #workerDeps: () => Omit<OutboxWorkerDeps, 'topics' | 'names'>;
  #worker: OutboxWorker | undefined;

  constructor(namespace: string, workerDeps: () => Omit<OutboxWorkerDeps, 'topics' | 'names'>) {
    this.names = jobNames(namespace);
    this.#workerDeps = workerDeps;
  }

  /** Records an event and its dispatch job in `tx`; a repeated idempotency key fires nothing. */
  enqueue(tx: TenantTransaction, message: OutboxMessage): Promise<EnqueueResult> {
    return enqueueEvent(this.names, tx, message);
  }

  /** Starts the job worker once; answers its process id (see OutboxWorker). */
  async startWorker(): Promise<string> {
    this.#worker ??= await startOutboxWorker({ ...this.#workerDeps(), topics: this.topics, names: this.names });
    return this.#worker.processId;
  }

  async stopWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.stop();
  }
}

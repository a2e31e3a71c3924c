import os from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cpuCores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  readonly postgres: string;
  readonly postgresBackend: 'server' | 'embedded';
}

/** What the numbers were measured on: req/s mean little without it. */
export function describeMachine(postgres: string, postgresBackend: Machine['postgresBackend']): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    postgresBackend,
  };
}

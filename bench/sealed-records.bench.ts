import { randomUUID } from 'node:crypto';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { BENCH_TENANT_HEADER, benchResolvers } from './support/bench-resolvers.js';
import { benchConfig, benchSuite } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import { measureSequential, type SequentialTarget } from './support/measure-sequential.js';

const TARGET_RATIO = 0.9;
const PEOPLE = '/api/v1/records/people';
/** Rows read round-robin by the read targets, per kind. */
const SEEDED = 200;

const CONTACT = { email: 'bench@example.test', phone: '+1 555 0100', address: '1 Bench Street, Springfield' };
/** Every sealed field a person has: date of birth, SSN, licence number and tax ID (4 seals, 2 blind indexes). */
const SENSITIVE = { dateOfBirth: '1980-01-02', ssn: '123-45-6789', licenceNumber: 'D1234567', taxId: 'TX-998877' };

/**
 * The price of sealed fields on the records API: creating and reading a person with every
 * sensitive field (sealed with the tenant vault, blind-indexed, opened and masked on read)
 * against the same person with those fields left empty. Both go through the whole suite
 * (`app.inject`: posture hook, zod, withTenant, RLS), one call at a time, in the same run.
 */
export const sealedRecordsBenchmark: Benchmark = {
  name: 'sealed-records',
  description: `POST and GET ${PEOPLE}: a person with all sensitive fields sealed vs the same person without them`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const suite = (await benchSuite(platform, benchResolvers)).app;
    try {
      const tenantId = randomUUID();
      await platform.businessDb.withTenant(tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Bench records']));
      const headers = { [BENCH_TENANT_HEADER]: tenantId };
      const create = async (body: object): Promise<string> => {
        const response = await suite.inject({ method: 'POST', url: PEOPLE, payload: body, headers });
        if (response.statusCode !== 201) throw new Error(`create answered ${response.statusCode}: ${response.body}`);
        return (response.json() as { id: string }).id;
      };
      const read = async (id: string, sealed: boolean): Promise<void> => {
        const response = await suite.inject({ method: 'GET', url: `${PEOPLE}/${id}`, headers });
        const body = response.json() as { sensitive: { ssn: { masked: string } | null } };
        // Each read must do the work it claims: open and mask (sealed) or find nothing to open (plain).
        if (response.statusCode !== 200 || (sealed ? body.sensitive.ssn?.masked !== '•••6789' : body.sensitive.ssn !== null)) throw new Error(`read answered ${response.statusCode}: ${response.body}`);
      };
      const sealedIds: string[] = [];
      const plainIds: string[] = [];
      for (let index = 0; index < SEEDED; index++) {
        sealedIds.push(await create({ name: `Sealed ${index}`, ...CONTACT, ...SENSITIVE }));
        plainIds.push(await create({ name: `Plain ${index}`, ...CONTACT }));
      }
      const targets: SequentialTarget[] = [
        { name: 'create-sealed', description: 'POST a person with 4 sealed fields (+2 blind indexes)', run: async (index) => void (await create({ name: `Sealed new ${index}`, ...CONTACT, ...SENSITIVE })) },
        { name: 'create-plain', description: 'POST the same person without sensitive fields', run: async (index) => void (await create({ name: `Plain new ${index}`, ...CONTACT })) },
        { name: 'read-sealed', description: 'GET a person with 4 sealed fields, opened and masked', run: (index) => read(sealedIds[index % SEEDED]!, true) },
        { name: 'read-plain', description: 'GET the same person without sensitive fields', run: (index) => read(plainIds[index % SEEDED]!, false) },
      ];
      const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
      const [createSealed, createPlain, readSealed, readPlain] = await measureSequential(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const ratios = [ratio('create: sealed vs plain', createSealed!, createPlain!), ratio('read: sealed vs plain', readSealed!, readPlain!)];
      return {
        name: this.name,
        description: this.description,
        dataSet: `1 tenant, ${SEEDED} sealed + ${SEEDED} plain people read round-robin; creates add rows as they run; one call at a time through app.inject`,
        targets: [createSealed!, createPlain!, readSealed!, readPlain!],
        ratios,
        verdict: ratios.every((entry) => entry.verdict === 'PASS') ? 'PASS' : 'BELOW TARGET',
      };
    } finally {
      await suite.close();
      await platform.close();
    }
  },
};

function ratio(label: string, numerator: TargetResult, denominator: TargetResult): RatioResult {
  const value = numerator.medianRequestsPerSecond / denominator.medianRequestsPerSecond;
  return { label, numerator: numerator.name, denominator: denominator.name, value, target: TARGET_RATIO, verdict: value >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET' };
}

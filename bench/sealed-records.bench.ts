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
const COMPANIES = '/api/v1/records/companies';
/** Customers read round-robin by the read targets. */
const SEEDED = 100;

const CONTACT = { email: 'bench@example.test', phone: '+1 555 0100', address: '1 Bench Street, Springfield' };
/**
 * A customer is a company and the person who is its contact: together they carry the five
 * sensitive fields of the model, each once. The table allows no single row all five (EIN is a
 * company's, date of birth, SSN and licence are a person's), so the unit measured is the pair.
 */
const SEALED_COMPANY = { ein: '12-3456789', taxId: 'TX-998877' }; // 2 seals, 1 blind index (tax ID)
const SEALED_PERSON = { dateOfBirth: '1980-01-02', ssn: '123-45-6789', licenceNumber: 'D1234567' }; // 3 seals, 1 blind index (SSN)
const SEALED_FIELDS_PER_CUSTOMER = Object.keys(SEALED_COMPANY).length + Object.keys(SEALED_PERSON).length;

interface Customer {
  readonly companyId: string;
  readonly personId: string;
}

/**
 * The price of sealed fields on the records API: creating and reading a customer (a company and
 * its contact person) with all 5 sensitive fields (sealed with the tenant vault, blind-indexed,
 * opened and masked on read) against the same customer with those fields left empty. Both go
 * through the whole suite (`app.inject`: posture hook, zod, withTenant, RLS), one call at a time,
 * in the same run. One operation is a customer: two POSTs, or two GETs.
 */
export const sealedRecordsBenchmark: Benchmark = {
  name: 'sealed-records',
  description: `POST and GET ${COMPANIES} + ${PEOPLE}: a customer with 5 sealed fields vs the same customer without them`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const suite = (await benchSuite(platform, benchResolvers)).app;
    try {
      const tenantId = randomUUID();
      await platform.businessDb.withTenant(tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Bench records']));
      const headers = { [BENCH_TENANT_HEADER]: tenantId };
      const post = async (url: string, body: object): Promise<string> => {
        const response = await suite.inject({ method: 'POST', url, payload: body, headers });
        if (response.statusCode !== 201) throw new Error(`create answered ${response.statusCode}: ${response.body}`);
        return (response.json() as { id: string }).id;
      };
      const create = async (name: string, sealed: boolean): Promise<Customer> => {
        const companyId = await post(COMPANIES, { name: `${name} Ltd`, ...CONTACT, ...(sealed ? SEALED_COMPANY : {}) });
        const personId = await post(PEOPLE, { name, ...CONTACT, ...(sealed ? SEALED_PERSON : {}), companyId });
        return { companyId, personId };
      };
      // Each read must do the work it claims: open and mask (sealed) or find nothing to open (plain).
      const expectRead = async (url: string, field: 'ein' | 'ssn', sealed: boolean): Promise<void> => {
        const response = await suite.inject({ method: 'GET', url, headers });
        const masked = (response.json() as { sensitive?: Record<string, { masked: string } | null> }).sensitive?.[field];
        if (response.statusCode !== 200 || (sealed ? masked?.masked !== '•••6789' : masked !== null)) throw new Error(`read answered ${response.statusCode}: ${response.body}`);
      };
      const read = async (customer: Customer, sealed: boolean): Promise<void> => {
        await expectRead(`${COMPANIES}/${customer.companyId}`, 'ein', sealed);
        await expectRead(`${PEOPLE}/${customer.personId}`, 'ssn', sealed);
      };
      const sealedCustomers: Customer[] = [];
      const plainCustomers: Customer[] = [];
      for (let index = 0; index < SEEDED; index++) {
        sealedCustomers.push(await create(`Sealed ${index}`, true));
        plainCustomers.push(await create(`Plain ${index}`, false));
      }
      const targets: SequentialTarget[] = [
        { name: 'create-sealed', description: 'POST a company (EIN, tax ID) and its contact person (date of birth, SSN, licence): 5 sealed fields, 2 blind indexes', run: async (index) => void (await create(`Sealed new ${index}`, true)) },
        { name: 'create-plain', description: 'POST the same company and person without sensitive fields', run: async (index) => void (await create(`Plain new ${index}`, false)) },
        { name: 'read-sealed', description: 'GET the company and the person: 5 sealed fields opened and masked', run: (index) => read(sealedCustomers[index % SEEDED]!, true) },
        { name: 'read-plain', description: 'GET the same company and person without sensitive fields', run: (index) => read(plainCustomers[index % SEEDED]!, false) },
      ];
      const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
      const [createSealed, createPlain, readSealed, readPlain] = await measureSequential(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const ratios = [ratio('create: sealed vs plain', createSealed!, createPlain!), ratio('read: sealed vs plain', readSealed!, readPlain!)];
      return {
        name: this.name,
        description: this.description,
        dataSet: `1 tenant, ${SEEDED} sealed + ${SEEDED} plain customers (a company and its contact person each, ${SEALED_FIELDS_PER_CUSTOMER} sealed fields per sealed customer) read round-robin; creates add customers as they run; one call at a time through app.inject; req/s counts customers (2 requests each)`,
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

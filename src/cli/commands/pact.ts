import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { checkPactCheckpoint, latestPactCheckpoint, makePactCheckpoint, verifyPactChain, type PactCheckpoint } from '../../apps/pact/chain/index.js';
import type { Platform } from '../../platform/open-platform.js';
import type { TenantTransaction } from '../../platform/tenancy/index.js';
import { OperatorError } from '../operator-error.js';
import { withPlatform } from '../with-platform.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A checkpoint as `bsns pact checkpoint` prints it (and GET /api/v1/pact/chain reports it). */
const savedCheckpointSchema = z.object({
  tenantId: z.string().regex(UUID, 'a lower-case UUID'),
  seq: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  signedAt: z.iso.datetime(),
  keyId: z.string().min(1).max(100).regex(/^[\w.-]+$/),
  signature: z.string().min(1).max(200).regex(/^[A-Za-z0-9+/=]+$/, 'base64'),
  publicKeyPem: z.string().min(1).max(500).regex(/^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/, 'a PEM public key'),
});

/** A saved checkpoint file is small; anything larger is not one. */
const MAX_CHECKPOINT_FILE_BYTES = 64 * 1024;

export function registerPactCommands(program: Command): void {
  const pact = program.command('pact').description("Pact's per-tenant hash chain: verification and signed checkpoints (see docs/operations/pact.md)");

  pact
    .command('verify')
    .description("Recompute a tenant's chain, name its first broken link, check its newest stored checkpoint and, with --checkpoint, a saved one; exit 1 on any break")
    .requiredOption('--tenant <id>', 'the tenant (a lower-case UUID)')
    .option('--checkpoint <file>', 'a checkpoint saved earlier from `bsns pact checkpoint`')
    .option('--json', 'print the report as JSON')
    .action(async (options: { tenant: string; checkpoint?: string; json?: boolean }) => {
      const tenant = tenantOf(options.tenant);
      // A bad file fails before anything connects.
      const saved = options.checkpoint ? await readCheckpoint(options.checkpoint) : null;
      await withPlatform(async (platform) => {
        const { chain, stored, storedCheck, check } = await platform.businessDb.withTenant(
          tenant,
          async (tx) => {
            await assertTenant(tx, tenant);
            const chain = await verifyPactChain();
            // The newest checkpoint the database holds catches a cut tail too, unless it was cut with it:
            // that is what a copy saved outside the suite is for.
            const stored = await latestPactCheckpoint();
            return { chain, stored, storedCheck: stored && checkPactCheckpoint(stored, tenant, chain), check: saved && checkPactCheckpoint(saved, tenant, chain) };
          },
          { readOnly: true },
        );
        const ok = chain.broken === null && storedCheck?.ok !== false && check?.ok !== false;
        if (options.json) {
          const report = {
            tenantId: tenant,
            ok,
            entries: chain.entries,
            headSeq: chain.headSeq,
            headHash: chain.headHash,
            broken: chain.broken,
            storedCheckpointCheck: stored && storedCheck && { seq: stored.seq, signedAt: stored.signedAt, ...storedCheck },
            checkpointCheck: check,
          };
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          console.log(`chain of tenant ${tenant}: ${chain.entries} entries verified, head ${chain.headSeq} ${chain.headHash}`);
          if (chain.broken) console.log(`FIRST BROKEN LINK at entry ${chain.broken.seq} (${chain.broken.reason}): ${chain.broken.detail}`);
          if (stored && storedCheck) console.log(`stored checkpoint seq ${stored.seq} signed ${stored.signedAt}: ${storedCheck.ok ? 'ok' : 'FAILED'}: ${storedCheck.detail}`);
          if (saved && check) console.log(`saved checkpoint seq ${saved.seq} signed ${saved.signedAt}: ${check.ok ? 'ok' : 'FAILED'}: ${check.detail}`);
          if (ok) console.log('Pact chain verified.');
        }
        if (!ok) throw new OperatorError('Pact chain verification failed: follow docs/operations/pact.md ("A broken link").');
      });
    });

  pact
    .command('checkpoint')
    .description("Sign the head of a tenant's chain now and print the checkpoint as JSON (save it outside the suite)")
    .requiredOption('--tenant <id>', 'the tenant (a lower-case UUID)')
    .action((options: { tenant: string }) => {
      const tenant = tenantOf(options.tenant);
      return withPlatform(async (platform) => {
        const checkpoint = await signHead(platform, tenant);
        process.stdout.write(`${JSON.stringify(checkpoint, null, 2)}\n`);
      });
    });
}

function tenantOf(value: string): string {
  if (!UUID.test(value)) throw new OperatorError(`--tenant must be a lower-case UUID, not "${value}"`);
  return value;
}

async function signHead(platform: Platform, tenant: string): Promise<PactCheckpoint> {
  const checkpoint = await platform.businessDb.withTenant(tenant, async (tx) => {
    await assertTenant(tx, tenant);
    return makePactCheckpoint(platform.tenantVault, platform.clock.now());
  });
  if (!checkpoint) throw new OperatorError(`tenant ${tenant} has no pact chain entries yet: there is no head to sign`);
  return checkpoint;
}

/** An unknown tenant would read as an empty chain that verifies: say so instead. */
async function assertTenant(tx: TenantTransaction, tenant: string): Promise<void> {
  const { rowCount } = await tx.query('SELECT 1 FROM tenants WHERE id = $1', [tenant]);
  if (!rowCount) throw new OperatorError(`no tenant ${tenant} in the business database`);
}

async function readCheckpoint(file: string): Promise<PactCheckpoint> {
  let parsed: unknown;
  try {
    const text = await readFile(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_CHECKPOINT_FILE_BYTES) throw new Error(`larger than ${MAX_CHECKPOINT_FILE_BYTES} bytes`);
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OperatorError(`Cannot read the checkpoint file ${file}: ${(error as Error).message}`);
  }
  const result = savedCheckpointSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    throw new OperatorError(`${file} is not a checkpoint printed by \`bsns pact checkpoint\` (${problems})`);
  }
  return result.data;
}

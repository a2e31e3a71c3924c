import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { makeAuditCheckpoint, verifyAudit, type AuditCheckpoint } from '../../platform/audit/index.js';
import { OperatorError } from '../operator-error.js';
import { withPlatform } from '../with-platform.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The platform audit log: signed checkpoints and chain verification (see docs/operations/audit.md)');

  audit
    .command('checkpoint')
    .description('Sign the head of the audit log and store the checkpoint; print it (save a copy outside the database)')
    .option('--out <file>', 'also write the checkpoint to this file')
    .action((options: { out?: string }) =>
      withPlatform(async (platform) => {
        const checkpoint = await makeAuditCheckpoint({ db: platform.identityDb, keyring: platform.keyring, clock: platform.clock });
        const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
        if (options.out) await writeFile(options.out, text, { mode: 0o644 });
        process.stdout.write(text);
      }),
    );

  audit
    .command('verify')
    .description('Recompute the hash chain, check every stored checkpoint and, with --checkpoint, a saved one; exit 1 on any break')
    .option('--checkpoint <file>', 'a checkpoint saved earlier by `bsns audit checkpoint`')
    .action((options: { checkpoint?: string }) =>
      withPlatform(async (platform) => {
        const saved = options.checkpoint ? await readCheckpoint(options.checkpoint) : undefined;
        const report = await verifyAudit(platform.identityDb, saved);
        const { chain } = report;
        console.log(`chain: ${chain.entries} entries verified, head ${chain.headSeq} ${chain.headHash}`);
        if (chain.broken) console.log(`FIRST BROKEN LINK at entry ${chain.broken.seq} (${chain.broken.reason}): ${chain.broken.detail}`);
        for (const finding of report.checkpoints) {
          console.log(`checkpoint ${finding.source} seq ${finding.seq}: ${finding.ok ? 'ok' : `FAILED — ${finding.problem}`}`);
        }
        if (!report.ok) throw new OperatorError('Audit verification failed: follow docs/operations/audit.md ("A broken link").');
        console.log('Audit log verified.');
      }),
    );
}

async function readCheckpoint(file: string): Promise<AuditCheckpoint> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new OperatorError(`Cannot read the checkpoint file ${file}: ${(error as Error).message}`);
  }
  const c = parsed as Record<string, unknown>;
  const ok =
    typeof c.seq === 'number' &&
    typeof c.head === 'string' &&
    typeof c.signedAt === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.signature === 'string' &&
    typeof c.publicKeyPem === 'string';
  if (!ok) throw new OperatorError(`${file} is not a checkpoint written by \`bsns audit checkpoint\``);
  return c as unknown as AuditCheckpoint;
}

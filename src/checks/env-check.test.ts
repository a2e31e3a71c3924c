import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { checkEnv } from './env-check.js';
import { ENV_TABLE_END, ENV_TABLE_START, renderEnvExample, writeEnvDocs } from './env-docs.js';
import { REPO_ROOT } from './run-checks.js';

const tempRoots: string[] = [];

afterEach(async () => {
  await Promise.all(tempRoots.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bsns-env-check-'));
  tempRoots.push(root);
  return root;
}

const validEmptyEnv = () => loadConfig({}, REPO_ROOT);

function rulesAndMessages(report: Awaited<ReturnType<typeof checkEnv>>): string[] {
  return report.findings.map((finding) => `${finding.rule}: ${finding.message}`);
}

describe('check:env', () => {
  it('passes on the real tree with an empty environment', async () => {
    const report = await checkEnv({ rootDir: REPO_ROOT, envNames: [], validate: validEmptyEnv });
    expect(report.findings).toEqual([]);
  });

  it('flags a variable missing from .env.example, and a README without its table', async () => {
    const root = await tempRoot();
    const withoutPort = renderEnvExample().replace(/^#PORT=.*\n/m, '');
    await writeFile(path.join(root, '.env.example'), withoutPort);
    const found = rulesAndMessages(await checkEnv({ rootDir: root, envNames: [], validate: validEmptyEnv }));
    expect(found).toContainEqual(expect.stringMatching(/^env-undocumented: PORT is in the manifest but missing here/));
    expect(found).toContainEqual(expect.stringMatching(/^env-example: differs from the manifest/));
    expect(found).toContainEqual(expect.stringMatching(/^env-readme: has no variables table/));
  });

  it('is fixed by one command, which keeps the rest of the README', async () => {
    const root = await tempRoot();
    await writeFile(path.join(root, 'README.md'), `# bsns\n\nIntro.\n\n${ENV_TABLE_START}\nstale\n${ENV_TABLE_END}\n\n## After\n`);
    expect(await writeEnvDocs(root)).toEqual(['.env.example', 'README.md']);
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# bsns\n\nIntro\.\n\n<!-- env-table:start -->/);
    expect(readme).toMatch(/<!-- env-table:end -->\n\n## After\n$/);
    expect(readme).toContain('| `BUSINESS_DATABASE_URL` |');
    expect(await checkEnv({ rootDir: root, envNames: [], validate: validEmptyEnv })).toMatchObject({ findings: [] });
    expect(await writeEnvDocs(root)).toEqual([]);
  });

  it('flags a README table row the manifest does not know', async () => {
    const root = await tempRoot();
    await writeEnvDocs(root);
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    await writeFile(path.join(root, 'README.md'), readme.replace('| `PORT` |', '| `PORTS` |'));
    const found = rulesAndMessages(await checkEnv({ rootDir: root, envNames: [], validate: validEmptyEnv }));
    expect(found).toContainEqual(expect.stringMatching(/^env-unknown: PORTS is documented here but not in the manifest/));
    expect(found).toContainEqual(expect.stringMatching(/^env-undocumented: PORT is in the manifest/));
  });

  it('flags a set variable that looks like a typo of a bsns variable, and nothing else', async () => {
    const report = await checkEnv({
      rootDir: REPO_ROOT,
      envNames: ['BUSINES_DATABASE_URL', 'BSNS_MYSTERY', 'BSNS_TEST_DATABASE_ADMIN_URL', 'HOME', 'HOSTNAME', 'PATH', 'NODE_OPTIONS', 'PORT'],
      validate: validEmptyEnv,
    });
    expect(rulesAndMessages(report)).toEqual([
      'env-unknown: BUSINES_DATABASE_URL is set but bsns does not read it: did you mean BUSINESS_DATABASE_URL?',
      'env-unknown: BSNS_MYSTERY is set but bsns does not read it (not in src/config/manifest.ts)',
    ]);
  });

  it('reports every invalid variable of the environment as boot would', async () => {
    const report = await checkEnv({
      rootDir: REPO_ROOT,
      envNames: ['PORT', 'LOG_LEVEL'],
      validate: () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' }, REPO_ROOT),
    });
    const invalid = report.findings.filter((finding) => finding.rule === 'env-invalid').map((finding) => finding.message);
    expect(invalid).toHaveLength(2);
    expect(invalid[0]).toMatch(/^PORT /);
    expect(invalid[1]).toMatch(/^LOG_LEVEL /);
  });

  it('refuses keys that drift from their recorded fingerprints', async () => {
    const root = await tempRoot();
    await writeEnvDocs(root);
    await mkdir(path.join(root, 'config'));
    await writeFile(path.join(root, 'config/key-fingerprints.json'), JSON.stringify({ keys: { k1: 'sha256:aaaa' } }));
    const matching = await checkEnv({ rootDir: root, envNames: [], validate: validEmptyEnv, keyFingerprints: new Map([['k1', 'sha256:aaaa']]) });
    expect(matching.findings).toEqual([]);
    const drifted = await checkEnv({ rootDir: root, envNames: [], validate: validEmptyEnv, keyFingerprints: new Map([['k1', 'sha256:bbbb']]) });
    expect(rulesAndMessages(drifted)).toEqual(['key-fingerprint: configured key k1 does not match its recorded fingerprint']);
  });
});

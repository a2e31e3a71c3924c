import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ENV_MANIFEST, type EnvVar } from '../config/index.js';

export const ENV_EXAMPLE_FILE = '.env.example';
export const README_FILE = 'README.md';
export const ENV_TABLE_START = '<!-- env-table:start -->';
export const ENV_TABLE_END = '<!-- env-table:end -->';

const GROUP_TITLES: Record<EnvVar['group'], string> = {
  server: 'Server',
  database: 'Databases',
  services: 'Services',
  security: 'Security',
};

/**
 * `.env.example`, generated from the manifest: every variable, grouped, with its description
 * and an example value. Assignments are commented out because every variable is optional in
 * development (no database URL means the embedded PostgreSQL), so copying the file changes nothing
 * until a line is uncommented.
 */
export function renderEnvExample(manifest: readonly EnvVar[] = ENV_MANIFEST): string {
  const lines = [
    '# bsns environment variables. Generated from src/config/manifest.ts by `npm run docs:env`: do not edit by hand.',
    '# With none set, `npm start` runs the whole suite on an embedded PostgreSQL under ./.data.',
    '# Uncomment a line to set it. Secrets here are placeholders; never commit real ones.',
  ];
  for (const [group, variables] of groupVariables(manifest)) {
    lines.push('', `# ---- ${GROUP_TITLES[group]} ----`);
    for (const variable of variables) {
      lines.push('', ...wrap(variable.description, 96).map((line) => `# ${line}`));
      const fallback = defaultOf(variable);
      if (fallback !== undefined) lines.push(`# Default: ${fallback}`);
      if (variable.secret) lines.push('# Secret.');
      lines.push(`#${variable.name}=${variable.example}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The README's variables table (between the env-table markers, markers included). */
export function renderEnvTable(manifest: readonly EnvVar[] = ENV_MANIFEST): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = [...groupVariables(manifest)].flatMap(([group, variables]) =>
    variables.map((variable) => {
      const fallback = defaultOf(variable);
      return `| \`${variable.name}\` | ${GROUP_TITLES[group]} | ${fallback === undefined ? '—' : `\`${cell(fallback)}\``} | ${variable.secret ? 'yes' : ''} | ${cell(variable.description)} |`;
    }),
  );
  return [
    ENV_TABLE_START,
    '<!-- Generated from src/config/manifest.ts by `npm run docs:env`; check:env fails when this table drifts. -->',
    '',
    '| Variable | Group | Default | Secret | Description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ENV_TABLE_END,
  ].join('\n');
}

/** The README with its table replaced (or appended when the markers are missing). */
export function withEnvTable(readme: string | null, manifest: readonly EnvVar[] = ENV_MANIFEST): string {
  const table = renderEnvTable(manifest);
  if (readme === null) return `${table}\n`;
  const start = readme.indexOf(ENV_TABLE_START);
  const end = readme.indexOf(ENV_TABLE_END);
  if (start === -1 || end < start) return `${readme.replace(/\n*$/, '\n\n')}${table}\n`;
  return readme.slice(0, start) + table + readme.slice(end + ENV_TABLE_END.length);
}

/** Regenerates `.env.example` and the README table (`npm run docs:env`); returns the files it changed. */
export async function writeEnvDocs(rootDir: string, manifest: readonly EnvVar[] = ENV_MANIFEST): Promise<string[]> {
  const changed: string[] = [];
  const targets: Array<[string, (current: string | null) => string]> = [
    [ENV_EXAMPLE_FILE, () => renderEnvExample(manifest)],
    [README_FILE, (current) => withEnvTable(current, manifest)],
  ];
  for (const [file, render] of targets) {
    const current = await readFile(path.join(rootDir, file), 'utf8').catch(() => null);
    const next = render(current);
    if (next !== current) {
      await writeFile(path.join(rootDir, file), next);
      changed.push(file);
    }
  }
  return changed;
}

/** The value a variable takes when unset, as text; undefined when it has none. */
export function defaultOf(variable: EnvVar): string | undefined {
  const result = variable.schema.safeParse(undefined);
  if (!result.success || result.data === undefined) return undefined;
  return String(result.data);
}

function groupVariables(manifest: readonly EnvVar[]): Map<EnvVar['group'], EnvVar[]> {
  const groups = new Map<EnvVar['group'], EnvVar[]>();
  for (const variable of manifest) groups.set(variable.group, [...(groups.get(variable.group) ?? []), variable]);
  return groups;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

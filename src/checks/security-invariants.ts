import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import type { CheckFinding, CheckReport } from './check-report.js';
import { isAllowed, isPgModule, SECURITY_RULES, type SecurityRule, type SourceContext } from './security-rules.js';

export interface SecurityInvariantsOptions {
  /** Repository root; files are reported relative to it. */
  readonly rootDir: string;
  /** Files to scan, relative to rootDir; defaults to every TypeScript file under `src/`. */
  readonly files?: readonly string[];
  readonly rules?: readonly SecurityRule[];
}

const SOURCE_FILE = /\.(c|m)?tsx?$/;

/**
 * The static catch-all over the source tree. Files are parsed with the TypeScript compiler, so
 * only code counts: a comment that mentions `process.env` or `set_config` is not a violation.
 */
export async function checkSecurityInvariants(options: SecurityInvariantsOptions): Promise<CheckReport> {
  const files = options.files ?? (await listSourceFiles(options.rootDir, 'src'));
  const rules: SecurityRule[] = [];
  const notes: string[] = [];
  for (const rule of options.rules ?? SECURITY_RULES) {
    if (rule.activeWhen && !(await exists(path.join(options.rootDir, rule.activeWhen.exists)))) {
      notes.push(`${rule.id} is inactive until ${rule.activeWhen.exists} exists`);
    } else {
      rules.push(rule);
    }
  }

  const findings: CheckFinding[] = [];
  for (const file of [...files].sort()) {
    const relative = file.split(path.sep).join('/');
    const applicable = rules.filter((rule) => !rule.allowed.some((allowance) => isAllowed(relative, allowance)));
    if (applicable.length === 0) continue;
    const text = await readFile(path.join(options.rootDir, file), 'utf8');
    findings.push(...scanSource(relative, text, options.rootDir, applicable));
  }
  notes.unshift(`${files.length} files scanned against ${rules.length} rules`);
  return { check: 'security-invariants', findings, notes };
}

/** Applies rules to one file's syntax tree; one finding per rule and line. */
export function scanSource(file: string, text: string, rootDir: string, rules: readonly SecurityRule[]): CheckFinding[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const context: SourceContext = { file, rootDir, sourceFile, pgBindings: pgBindingsOf(sourceFile) };
  const findings: CheckFinding[] = [];
  const seen = new Set<string>();
  const visit = (node: ts.Node): void => {
    for (const rule of rules) {
      const violation = rule.match(node, context);
      if (!violation) continue;
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      const key = `${rule.id}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const allowedIn = rule.allowed.length > 0 ? ` Allowed only in: ${rule.allowed.map((allowance) => allowance.path).join(', ')}.` : '';
      findings.push({ rule: rule.id, location: `${file}:${line}`, message: `${violation}: ${rule.reason}.${allowedIn}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function pgBindingsOf(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !isPgModule(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) names.add(clause.name.text);
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
  }
  return names;
}

/** TypeScript files under `dir` (relative to rootDir), skipping dependencies. */
export async function listSourceFiles(rootDir: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(rootDir, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...(await listSourceFiles(rootDir, relative)));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(relative);
  }
  return files;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

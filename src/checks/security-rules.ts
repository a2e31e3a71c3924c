import ts from 'typescript';

/** What a rule sees of one source file while it walks the syntax tree (comments are not in it). */
export interface SourceContext {
  /** Path relative to the repository root, with `/` separators. */
  readonly file: string;
  readonly rootDir: string;
  readonly sourceFile: ts.SourceFile;
  /** Local names bound to a value import of `pg` (default or namespace import). */
  readonly pgBindings: ReadonlySet<string>;
}

/** A place where a rule does not apply, and why. `dir/` is a folder, `*.x` or `dir/*.x` a suffix, anything else one file. */
export interface RuleAllowance {
  readonly path: string;
  readonly why: string;
}

export interface SecurityRule {
  readonly id: string;
  readonly reason: string;
  readonly allowed: readonly RuleAllowance[];
  /** Rules for code that does not exist yet switch on once it does. */
  readonly activeWhen?: { readonly exists: string };
  /** A short description of the violation at this node, or null. */
  match(node: ts.Node, context: SourceContext): string | null;
}

const TESTS_ATTACK = 'security tests attack the database directly, as the runtime role';

/**
 * The static invariants of `src/`, each with its reason and every exception in one place.
 * A finding names the rule; to change a rule or an exception, change it here, in review.
 */
export const SECURITY_RULES: readonly SecurityRule[] = [
  {
    id: 'no-process-env',
    reason: 'configuration is parsed once at boot against the manifest; reading process.env elsewhere skips validation and documentation',
    allowed: [{ path: 'src/config/', why: 'the one reader of the environment' }],
    match: (node) => (isProcessEnv(node) ? 'reads process.env' : null),
  },
  {
    id: 'no-raw-pool',
    reason: 'raw PostgreSQL pools and clients skip the tenancy kernel; code gets scoped handles (withTenant, IdentityDb)',
    allowed: [
      { path: 'src/platform/db/', why: 'creates the pools' },
      { path: 'src/platform/tenancy/', why: 'the tenancy kernel owns the business pools' },
      { path: 'src/platform/migrations/', why: 'the migrator connects as the owner role' },
      { path: 'src/platform/open-platform.ts', why: 'wires the pools into scoped handles at boot' },
      { path: 'src/platform/outbox/outbox-worker.ts', why: "the job engine's pool, owned so it is drained before the database stops; it runs only the job engine's queries" },
      { path: 'src/platform/outbox/worker-liveness.ts', why: 'a session advisory lock marks a live job worker; it reads only the job engine schema' },
      { path: 'src/checks/', why: 'the invariant checks read the catalog directly' },
      { path: '*.test.ts', why: TESTS_ATTACK },
    ],
    match: (node, context) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['Pool', 'Client'].includes(node.expression.text)) return `new ${node.expression.text}(…)`;
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && context.pgBindings.has(node.expression.text) && ['Pool', 'Client'].includes(node.name.text)) {
        return `uses ${node.expression.text}.${node.name.text}`;
      }
      if ((ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) && !specifierIsTypeOnly(node)) {
        const imported = (node.propertyName ?? node.name).getText();
        if (imported === 'createPool') return `${ts.isImportSpecifier(node) ? 'imports' : 're-exports'} createPool`;
        const from = moduleOf(node);
        if (['Pool', 'Client'].includes(imported) && isPgModule(from)) return `imports ${imported} from ${from}`;
      }
      return null;
    },
  },
  {
    id: 'no-unsafe-cross-tenant-import',
    reason: 'the owner-role client ignores RLS; it is reachable only through the platform-permission gate',
    allowed: [
      { path: 'src/platform/access/cross-tenant-gate.ts', why: 'the gate' },
      { path: 'src/platform/open-platform.ts', why: 'constructs the client and hands it to the gate' },
      { path: 'src/platform/tenancy/*.test.ts', why: 'the client’s own tests' },
    ],
    match: (node) => {
      const specifier = valueModuleSpecifier(node);
      return specifier && /(^|\/)unsafe-cross-tenant(\.[cm]?[jt]s)?$/.test(specifier) ? `imports ${specifier}` : null;
    },
  },
  {
    id: 'no-tenant-setting',
    reason: 'only the tenancy kernel sets or reads app.tenant_id (transaction-local, inside withTenant); elsewhere it would leak or forge tenant context',
    allowed: [
      { path: 'src/platform/tenancy/', why: 'the tenancy kernel' },
      { path: 'src/platform/migrations/', why: 'schema changes that define policies' },
      { path: 'src/checks/', why: 'the RLS checks look for these names in policies' },
      { path: '*.test.ts', why: 'security tests forge or clear the setting to prove the policies hold' },
    ],
    match: (node) => {
      const text = stringText(node);
      if (text === null) return null;
      if (text.includes('app.tenant_id')) return 'mentions app.tenant_id in a string';
      if (/\bset_config\b/.test(text)) return 'calls set_config in SQL';
      return null;
    },
  },
  {
    id: 'no-test-import',
    reason: 'test support (fake resolvers, fixtures) must never reach production code',
    allowed: [{ path: '*.test.ts', why: 'tests may use the test support' }],
    match: (node, context) => {
      const specifier = moduleSpecifier(node);
      if (!specifier?.startsWith('.')) return null;
      const target = normalise(`${posixDirname(context.file)}/${specifier}`);
      return target === 'test' || target.startsWith('test/') ? `imports ${specifier}` : null;
    },
  },
  {
    id: 'no-identity-import-in-apps',
    reason: 'apps stand on the platform (page kit, postures, ports from the composition root); reaching into identity would couple them to its database and internals',
    allowed: [],
    match: (node, context) => {
      if (!context.file.startsWith('src/apps/')) return null;
      const specifier = moduleSpecifier(node);
      if (!specifier?.startsWith('.')) return null;
      const target = normalise(`${posixDirname(context.file)}/${specifier}`);
      return target === 'src/identity' || target.startsWith('src/identity/') ? `imports ${specifier}` : null;
    },
  },
  {
    id: 'no-export-star',
    reason: 'a module lists its exports by name, so its public surface is explicit and reviewable',
    allowed: [],
    match: (node) => {
      if (!ts.isExportDeclaration(node) || !node.moduleSpecifier) return null;
      if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) return `export * from ${node.moduleSpecifier.getText()}`;
      return null;
    },
  },
  {
    id: 'no-decrypt-outside-crypto',
    reason: 'exactly one module decrypts (control 6), so every decrypt carries its AAD binding and key id',
    allowed: [{ path: 'src/platform/crypto/', why: 'the crypto module' }],
    activeWhen: { exists: 'src/platform/crypto' },
    match: (node) => {
      if (ts.isIdentifier(node) && ['createDecipheriv', 'privateDecrypt'].includes(node.text)) return `uses ${node.text}`;
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'decrypt' && /\bsubtle$/.test(node.expression.getText())) return 'uses crypto.subtle.decrypt';
      return null;
    },
  },
  {
    id: 'safe-text-inputs',
    reason:
      'text a client sends goes through safeText/safeSecret/base64UrlText (bounds, no control characters, no lone surrogates); a bare z.string() in a request schema forgets that. The edge guard (input-guard.ts) still refuses NUL and broken Unicode, but not newlines in one-line fields or missing bounds',
    allowed: [{ path: 'src/platform/http/safe-text.ts', why: 'defines the safe-text schemas' }],
    match: (node, context) => (isBareZodString(node) && isInRequestSchema(node, context.file) ? 'bare z.string() in a request schema: use safeText (see ARCHITECTURE.md)' : null),
  },
];

export function isAllowed(file: string, allowance: RuleAllowance): boolean {
  const pattern = allowance.path;
  const star = pattern.indexOf('*');
  if (star !== -1) return file.startsWith(pattern.slice(0, star)) && file.endsWith(pattern.slice(star + 1));
  return pattern.endsWith('/') ? file.startsWith(pattern) : file === pattern;
}

function isBareZodString(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  return node.expression.name.text === 'string' && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'z';
}

// Request schemas: `*Body/Params/Query/QuerystringSchema` constants of a `*.types.ts` file, and
// the inline `body`/`params`/`querystring`/`headers` schemas of a route file.
const REQUEST_SCHEMA_NAME = /(Body|Params|Query|Querystring|Headers)Schema$/;
const REQUEST_SCHEMA_PARTS = new Set(['body', 'params', 'querystring', 'headers']);

function isInRequestSchema(node: ts.Node, file: string): boolean {
  const inTypes = file.endsWith('.types.ts');
  const inRoutes = /\.routes\.tsx?$/.test(file);
  if (!inTypes && !inRoutes) return false;
  for (let current = node.parent; current; current = current.parent) {
    if (inTypes && ts.isVariableDeclaration(current) && ts.isIdentifier(current.name)) return REQUEST_SCHEMA_NAME.test(current.name.text);
    if (inRoutes && ts.isPropertyAssignment(current) && ts.isIdentifier(current.name) && REQUEST_SCHEMA_PARTS.has(current.name.text)) return true;
  }
  return false;
}

function isProcessEnv(node: ts.Node): boolean {
  const isProcess = (expression: ts.Expression) => /^(globalThis\.|global\.)?process$/.test(expression.getText());
  if (ts.isPropertyAccessExpression(node)) return node.name.text === 'env' && isProcess(node.expression);
  if (ts.isElementAccessExpression(node)) return isProcess(node.expression) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'env';
  // const { env } = process
  if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer) && ts.isObjectBindingPattern(node.name)) {
    return node.name.elements.some((element) => (element.propertyName ?? element.name).getText() === 'env');
  }
  return false;
}

function stringText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return null;
}

/** The module named by an import, export-from, dynamic import or require at this node. */
export function moduleSpecifier(node: ts.Node): string | null {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
    if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return node.arguments[0].text;
    if (ts.isIdentifier(node.expression) && node.expression.text === 'require') return node.arguments[0].text;
  }
  return null;
}

/** Like moduleSpecifier, but a type-only import or export is no access at run time, so it is skipped. */
function valueModuleSpecifier(node: ts.Node): string | null {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause?.isTypeOnly) return null;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
    if (clause && !clause.name && named && named.length > 0 && named.every((element) => element.isTypeOnly)) return null;
  }
  if (ts.isExportDeclaration(node) && node.isTypeOnly) return null;
  return moduleSpecifier(node);
}

function specifierIsTypeOnly(node: ts.ImportSpecifier | ts.ExportSpecifier): boolean {
  return node.isTypeOnly || node.parent.parent.isTypeOnly;
}

function moduleOf(node: ts.ImportSpecifier | ts.ExportSpecifier): string {
  const declaration = ts.isImportSpecifier(node) ? node.parent.parent.parent : node.parent.parent;
  const specifier = declaration.moduleSpecifier;
  return specifier && ts.isStringLiteral(specifier) ? specifier.text : '';
}

export function isPgModule(specifier: string): boolean {
  return ['pg', 'pg-pool', 'pg-native', 'postgres'].includes(specifier);
}

function posixDirname(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
}

function normalise(file: string): string {
  const parts: string[] = [];
  for (const part of file.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

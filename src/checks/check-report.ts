/** One broken invariant: which rule, what is wrong, and where (file:line, table, route). */
export interface CheckFinding {
  readonly rule: string;
  readonly message: string;
  readonly location?: string;
}

/**
 * What a check found. `notes` are information for the reader (the route table, carve-outs
 * added since HEAD) and never fail the check; `findings` always do.
 */
export interface CheckReport {
  readonly check: CheckName;
  readonly findings: readonly CheckFinding[];
  readonly notes: readonly string[];
}

export const CHECK_NAMES = ['rls-coverage', 'rls-carveouts', 'distribution-keys', 'api-route-auth', 'list-paging', 'idempotent-creates', 'env', 'security-invariants'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export function isCheckName(value: string): value is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(value);
}

/** The report as an operator reads it in a terminal or a CI log. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  const verdict = report.findings.length === 0 ? 'ok' : `FAILED, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`;
  lines.push(`check:${report.check} — ${verdict}`);
  for (const note of report.notes) lines.push(...note.split('\n').map((line) => `  ${line}`));
  for (const finding of report.findings) {
    const where = finding.location ? `${finding.location}: ` : '';
    lines.push(`  ✗ [${finding.rule}] ${where}${finding.message}`);
  }
  return lines.join('\n');
}

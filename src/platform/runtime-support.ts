/**
 * End-of-life dates of Node.js release lines (the Node.js release schedule). An operator running
 * the suite on a line past its date gets no more security fixes for the runtime, so start-up
 * says so. Add a line here when a new one is released.
 */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

const OLDEST_KNOWN = Math.min(...Object.keys(NODE_END_OF_LIFE).map(Number));

/** A warning when `version` (e.g. `process.version`) belongs to a Node.js line past its end of life on `today`; else null. */
export function runtimeSupportWarning(version: string, today: Date): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major)) return null;
  const endOfLife = NODE_END_OF_LIFE[major];
  if (endOfLife === undefined && major > OLDEST_KNOWN) return null; // newer than this table
  if (endOfLife !== undefined && today < new Date(`${endOfLife}T00:00:00Z`)) return null;
  const since = endOfLife ? ` on ${endOfLife}` : '';
  return `Node.js ${version} reached end of life${since} and gets no more security fixes: run bsns on Node.js 24 (LTS).`;
}

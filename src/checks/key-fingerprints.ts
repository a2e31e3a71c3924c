import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckFinding } from './check-report.js';

/** Recorded fingerprints of the master keys (never the keys), relative to the repository root. */
export const KEY_FINGERPRINTS_FILE = 'config/key-fingerprints.json';

/**
 * Control 7: an environment whose master keys drift from the recorded fingerprints is refused.
 * `current` maps each configured key id to its fingerprint (`keyringFingerprints` of the crypto
 * module, from BSNS_MASTER_KEYS); it is undefined when no keys are configured, and then only the
 * file is read. Without `config/key-fingerprints.json` there is nothing to compare, which is a
 * note, not a finding (docs/operations/keys.md: record them with `bsns keys fingerprint --write`).
 */
export async function compareKeyFingerprints(
  rootDir: string,
  current: ReadonlyMap<string, string> | undefined,
): Promise<{ findings: CheckFinding[]; notes: string[] }> {
  const text = await readFile(path.join(rootDir, KEY_FINGERPRINTS_FILE), 'utf8').catch(() => null);
  if (text === null) return { findings: [], notes: [`no ${KEY_FINGERPRINTS_FILE}: key fingerprints not compared`] };
  let recorded: Record<string, unknown>;
  try {
    recorded = (JSON.parse(text) as { keys?: Record<string, unknown> }).keys ?? {};
  } catch (error) {
    return { findings: [{ rule: 'key-fingerprint', location: KEY_FINGERPRINTS_FILE, message: `not valid JSON: ${(error as Error).message}` }], notes: [] };
  }
  if (!current) return { findings: [], notes: ['no keys loaded by this check: key fingerprints not compared'] };
  const findings: CheckFinding[] = [];
  for (const [id, fingerprint] of current) {
    if (!(id in recorded)) findings.push({ rule: 'key-fingerprint', location: KEY_FINGERPRINTS_FILE, message: `configured key ${id} has no recorded fingerprint` });
    else if (recorded[id] !== fingerprint) findings.push({ rule: 'key-fingerprint', location: KEY_FINGERPRINTS_FILE, message: `configured key ${id} does not match its recorded fingerprint` });
  }
  return { findings, notes: [`${current.size} keys compared with ${KEY_FINGERPRINTS_FILE}`] };
}

import { describe, expect, it } from 'vitest';
import { generateKeySpec, keyringFingerprints, parseKeyring } from '../../src/platform/crypto/index.js';
import { cliEnv, runCli } from '../support/cli-process.js';

// `npx bsns keys fingerprint` prints what config/key-fingerprints.json records: one fingerprint
// per configured master key, and never any key material.
describe('bsns keys fingerprint', { timeout: 60_000 }, () => {
  it('prints the fingerprints of the configured keys and none of the keys', async () => {
    const spec = `${generateKeySpec('k2')},${generateKeySpec('k1')}`;
    const result = await runCli(['keys', 'fingerprint'], cliEnv({ BSNS_MASTER_KEYS: spec }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).keys).toEqual(Object.fromEntries(keyringFingerprints(parseKeyring(spec))));
    for (const part of spec.split(',')) expect(result.stdout).not.toContain(part.split(':')[1]!.slice(0, 12));
  });
});

import { describe, expect, it } from 'vitest';
import { runtimeSupportWarning } from './runtime-support.js';

describe('runtimeSupportWarning', () => {
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

  it('warns once a line is past its end of life, not before', () => {
    expect(runtimeSupportWarning('v20.19.0', day('2026-04-29'))).toBeNull();
    expect(runtimeSupportWarning('v20.20.2', day('2026-05-01'))).toMatch(/^Node\.js v20\.20\.2 reached end of life on 2026-04-30/);
  });

  it('is quiet on a supported line and on lines newer than its table', () => {
    expect(runtimeSupportWarning('v24.22.3', day('2026-12-02'))).toBeNull();
    expect(runtimeSupportWarning('v30.0.0', day('2026-12-02'))).toBeNull();
  });

  it('warns on lines older than its table and on an odd line past its date', () => {
    expect(runtimeSupportWarning('v16.20.0', day('2026-12-02'))).toMatch(/reached end of life and gets no more security fixes/);
    expect(runtimeSupportWarning('v25.1.0', day('2026-12-02'))).toMatch(/end of life on 2026-06-01/);
  });
});

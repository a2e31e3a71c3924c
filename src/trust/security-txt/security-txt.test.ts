import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { SuiteClient } from '../../../test/support/suite-client.js';

const START = new Date('2026-12-02T09:30:00Z');
const YEAR_MS = 365 * 86_400_000;

/**
 * A strict reading of RFC 9116 §2–3: every line is a comment, blank, or `Field: value` with a
 * known field; Expires and Preferred-Languages appear once, Contact at least once; URIs are
 * https (or mailto for Contact).
 */
function parseSecurityTxt(text: string): Map<string, string[]> {
  const known = new Set(['acknowledgments', 'canonical', 'contact', 'encryption', 'expires', 'hiring', 'policy', 'preferred-languages']);
  const fields = new Map<string, string[]>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.split('\n').slice(0, -1)) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z-]+): (\S.*)$/.exec(line);
    expect(match, `line "${line}" is not "Field: value"`).not.toBeNull();
    const name = match![1]!.toLowerCase();
    expect(known.has(name), `unknown field ${name}`).toBe(true);
    fields.set(name, [...(fields.get(name) ?? []), match![2]!]);
  }
  expect(fields.get('contact')?.length ?? 0).toBeGreaterThan(0);
  expect(fields.get('expires')).toHaveLength(1);
  expect(fields.get('preferred-languages')?.length ?? 1).toBe(1);
  for (const contact of fields.get('contact')!) expect(contact).toMatch(/^(mailto:|https:\/\/)/);
  for (const name of ['canonical', 'encryption', 'policy']) for (const uri of fields.get(name) ?? []) expect(new URL(uri).protocol).toBe('https:');
  return fields;
}

function expiresOf(fields: Map<string, string[]>): Date {
  const value = fields.get('expires')![0]!;
  // RFC 3339 date-time, as RFC 9116 §2.5.5 requires.
  expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return new Date(value);
}

describe('/.well-known/security.txt with every field configured', () => {
  const clock = new ManualClock(START);
  const suite = useTestSuite({
    clock,
    env: {
      BSNS_DOMAIN: 'bsns.example',
      BSNS_SECURITY_CONTACT: 'mailto:security@bsns.example, https://bsns.example/report',
      BSNS_SECURITY_POLICY: 'https://bsns.example/disclosure',
      BSNS_SECURITY_ENCRYPTION: 'https://bsns.example/pgp.asc',
      BSNS_SECURITY_LANGUAGES: 'en, fr',
    },
  });

  it('serves every field as UTF-8 plain text on the apex, with Canonical from the public origin', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/.well-known/security.txt', headers: { host: 'bsns.example' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const fields = parseSecurityTxt(response.body);
    expect(fields.get('contact')).toEqual(['mailto:security@bsns.example', 'https://bsns.example/report']);
    expect(fields.get('policy')).toEqual(['https://bsns.example/disclosure']);
    expect(fields.get('encryption')).toEqual(['https://bsns.example/pgp.asc']);
    expect(fields.get('preferred-languages')).toEqual(['en, fr']);
    expect(fields.get('canonical')).toEqual(['https://bsns.example/.well-known/security.txt']);
  });

  it('keeps Expires in the future and under a year ahead as the clock moves on', async () => {
    for (const step of [0, 1, 150, 400, 3_000]) {
      clock.set(new Date(START.getTime() + step * 86_400_000 + 13 * 3_600_000));
      const response = await suite.app.inject({ method: 'GET', url: '/.well-known/security.txt', headers: { host: 'bsns.example' } });
      const expires = expiresOf(parseSecurityTxt(response.body));
      const now = clock.now().getTime();
      expect(expires.getTime()).toBeGreaterThan(now);
      expect(expires.getTime() - now).toBeLessThan(YEAR_MS);
    }
  });

  it('serves the trust part on the apex only in host mode', async () => {
    for (const url of ['/security', '/status', '/status.json']) {
      expect((await suite.app.inject({ method: 'GET', url, headers: { host: 'bsns.example' } })).statusCode).toBe(200);
      expect((await suite.app.inject({ method: 'GET', url, headers: { host: 'records.bsns.example' } })).statusCode).toBe(404);
    }
  });

  it('redirects /security.txt to the well-known path', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/security.txt', headers: { host: 'bsns.example' } });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/.well-known/security.txt');
  });
});

describe('/.well-known/security.txt with nothing configured', () => {
  const suite = useTestSuite({ clock: new ManualClock(START) });

  it('falls back to security@ the public host and omits the optional fields (and Canonical on http)', async () => {
    const response = await new SuiteClient(suite.app).get('/.well-known/security.txt');
    const fields = parseSecurityTxt(response.body);
    expect(fields.get('contact')).toEqual([`mailto:security@${new URL(suite.platform.config.publicUrl).hostname}`]);
    expect(fields.has('policy')).toBe(false);
    expect(fields.has('encryption')).toBe(false);
    expect(fields.get('preferred-languages')).toEqual(['en']);
    // The test suite's origin is http://localhost: no https URI to name as Canonical.
    expect(fields.has('canonical')).toBe(false);
    expect(expiresOf(fields).getTime()).toBeGreaterThan(START.getTime());
  });
});

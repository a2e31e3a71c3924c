// Attack: an open redirect through the sign-in page. The attacker sends a real portal link,
// `https://auth.example.com/sign-in?return_to=https://evil.example/login`; the victim sees the
// genuine portal, signs in, and is then forwarded to a look-alike page that asks for the
// password "again" or for an MFA code. Every spelling that a browser would read as another
// host (absolute URLs, `//host`, `/\host`, tabs and newlines that browsers strip, `javascript:`)
// must fall back to a path on our own origin.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../platform/open-platform.js';
import { buildSuite } from '../../suite.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { safeReturnPath, withReturnTo } from './return-to.js';

const FOREIGN = [
  'https://evil.example/login',
  'http://evil.example',
  '//evil.example/login',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  ' //evil.example',
  // Dot segments that the URL parser collapses into `//evil.example`.
  '/.//evil.example',
  '/%2e//evil.example',
  '/a/..//evil.example',
  '/..//evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '',
];

describe('safeReturnPath', () => {
  it.each(FOREIGN)('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('refuses values that are not one string', () => {
    expect(safeReturnPath(['/a', '//evil.example'])).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath(`/${'a'.repeat(3000)}`)).toBe('/');
  });

  it('keeps paths on this origin, with their query', () => {
    expect(safeReturnPath('/launch/records')).toBe('/launch/records');
    expect(safeReturnPath('/invitations/accept?token=abc')).toBe('/invitations/accept?token=abc');
    // Encoded slashes stay encoded: the browser asks our origin for that odd path, nothing more.
    expect(safeReturnPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeReturnPath('/a/../../evil')).toBe('/evil');
  });

  it('never builds a redirect that carries a foreign target', () => {
    for (const value of FOREIGN) expect(withReturnTo('/sign-in', value)).toBe('/sign-in');
  });
});

describe('the sign-in page', () => {
  let platform: Platform;
  let app: FastifyInstance;

  beforeAll(async () => {
    platform = await openTestPlatform();
    app = (await buildSuite(platform)).app;
  });

  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  const nextOf = async (returnTo: string) => {
    const response = await app.inject({ method: 'GET', url: `/sign-in?return_to=${encodeURIComponent(returnTo)}`, headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    const forms = [...response.body.matchAll(/data-next="([^"]*)"/g)].map((match) => match[1]);
    expect(forms.length).toBeGreaterThanOrEqual(2);
    return new Set(forms);
  };

  it.each(['https://evil.example/login', '//evil.example', '/\\evil.example', '/\t/evil.example', '/.//evil.example'])('continues home instead of to %j', async (returnTo) => {
    expect(await nextOf(returnTo)).toEqual(new Set(['/']));
  });

  it('continues to a path of the portal', async () => {
    expect(await nextOf('/launch/pact')).toEqual(new Set(['/launch/pact']));
  });
});

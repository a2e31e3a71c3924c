/**
 * The attack: the development mailbox holds every live reset and invitation link, so whoever
 * reads it takes over any account that asked for one. Two ways in: a developer starts the suite
 * with `HOST=0.0.0.0` and someone on the same network opens `http://<laptop>:3000/dev/mail`; or
 * a web page the developer visits rebinds its own host name to 127.0.0.1 (DNS rebinding), so the
 * browser sends same-origin requests to the local suite with `Host: evil.example`. The mailbox
 * (pages and API) must answer only a loopback peer whose Host names a loopback host on our port,
 * and everyone else must get the same 404 as a path that does not exist.
 */
import { request as httpRequest } from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { openTestSuite, useTestSuite } from '../../../test/support/test-suite.js';

const suite = useTestSuite();
const MAILBOX_URLS = ['/dev/mailbox', '/dev/mail', '/dev/mailbox/20300101T000000000Z-0123456789abcdef', '/dev/mail/20300101T000000000Z-0123456789abcdef'];

function fetchAs(url: string, remoteAddress: string, host: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return new SuiteClient(suite.app, 'http://localhost:3000', remoteAddress).request({ method: 'GET', url, headers: { host, ...headers } });
}

async function expectHidden(response: LightMyRequestResponse, url: string) {
  expect(response.statusCode, response.body).toBe(404);
  // Exactly what a path that never existed answers: nothing says a mailbox is there.
  const nowhere = await fetchAs(url.replace('/dev/', '/dev-nowhere/'), '127.0.0.1', 'localhost:3000');
  expect(response.json()).toEqual({ error: { code: 'route.not_found', message: nowhere.json<{ error: { message: string } }>().error.message.replace('/dev-nowhere/', '/dev/') } });
}

describe('the development mailbox', () => {
  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000'])('answers a loopback peer asking for Host %s', async (host) => {
    for (const url of ['/dev/mailbox', '/dev/mail']) {
      expect((await fetchAs(url, '127.0.0.1', host)).statusCode).toBe(200);
      expect((await fetchAs(url, '::1', host)).statusCode).toBe(200);
    }
  });

  it.each(['192.0.2.10', '10.0.0.5', '2001:db8::1', '::ffff:192.0.2.10'])('is a plain 404 for a peer at %s, even with Host localhost', async (peer) => {
    for (const url of MAILBOX_URLS) await expectHidden(await fetchAs(url, peer, 'localhost:3000'), url);
  });

  it.each(['evil.example:3000', 'localhost.evil.example:3000', '127.0.0.1.nip.io:3000', 'localhost:8080', 'localhost', '127.0.0.1:3000.evil.example', ''])(
    'is a plain 404 to a loopback peer asking for Host %j (DNS rebinding)',
    async (host) => {
      for (const url of MAILBOX_URLS) await expectHidden(await fetchAs(url, '127.0.0.1', host), url);
    },
  );

  it('is a plain 404 through a reverse proxy on loopback for a client elsewhere', async () => {
    const proxied = await openTestSuite({ env: { TRUST_PROXY: 'true' } });
    try {
      const response = await new SuiteClient(proxied.app, 'http://localhost:3000', '127.0.0.1').request({
        method: 'GET',
        url: '/dev/mailbox',
        headers: { host: 'localhost:3000', 'x-forwarded-for': '203.0.113.5' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'route.not_found' } });
    } finally {
      await proxied.close();
    }
  });

  it('checks the Host a real connection sends, on the port it listens on', async () => {
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    const address = suite.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: address.port, path: '/dev/mailbox', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status(`localhost:${address.port}`)).toBe(200);
    expect(await status(`rebound.evil.example:${address.port}`)).toBe(404);
  });
});

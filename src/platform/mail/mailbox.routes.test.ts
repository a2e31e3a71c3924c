import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer } from '../../../test/support/test-server.js';
import type { Config } from '../../config/index.js';
import { ManualClock } from '../clock.js';
import { createMailer } from './create-mailer.js';
import { registerMailboxRoutes } from './mailbox.routes.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'bsns-mailbox-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The zero-setup embedded mode, unless a case says otherwise. */
async function serverFor(config: Pick<Config, 'nodeEnv' | 'mailUrl'> & Partial<Pick<Config, 'database'>>) {
  const server = await buildTestServer((app) =>
    registerMailboxRoutes(app, { config: { database: { mode: 'embedded', embeddedPort: 54329 }, port: 3000, publicUrl: 'http://localhost:3000', ...config } }),
  );
  await server.app.ready();
  return server;
}

describe('the development mailbox routes', () => {
  it('list messages newest first and return one message as JSON, uncached and public', async () => {
    const mailUrl = pathToFileURL(directory).href;
    const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    const mailer = createMailer(mailUrl, { from: 'bsns <no-reply@example.test>', clock });
    await mailer.send({ to: 'ana@example.test', subject: 'Verify your email', text: 'verify link' });
    clock.advance(1_000);
    await mailer.send({ to: 'ana@example.test', subject: 'Reset your password', text: 'reset link', html: '<p>reset link</p>' });

    const { app, routes } = await serverFor({ nodeEnv: 'development', mailUrl });
    const list = await app.inject({ method: 'GET', url: 'http://localhost:3000/dev/mailbox' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const { messages } = list.json<{ messages: Array<{ id: string; subject: string; to: string; date: string }> }>();
    expect(messages.map((message) => message.subject)).toEqual(['Reset your password', 'Verify your email']);
    expect(messages[0]).toMatchObject({ to: 'ana@example.test', date: expect.any(String) });

    const one = await app.inject({ method: 'GET', url: `http://localhost:3000/dev/mailbox/${messages[0]!.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: messages[0]!.id, subject: 'Reset your password', html: '<p>reset link</p>' });
    expect(one.json<{ text: string }>().text.trim()).toBe('reset link');

    expect(routes.filter((route) => route.method === 'GET' && route.url.startsWith('/dev/mailbox')).map((route) => route.auth)).toEqual(['public', 'public']);
    await app.close();
  });

  it('answer an unknown but well-formed id with mail.message_not_found', async () => {
    const { app } = await serverFor({ nodeEnv: 'test', mailUrl: pathToFileURL(directory).href });
    const response = await app.inject({ method: 'GET', url: 'http://localhost:3000/dev/mailbox/20300101T000000000Z-0123456789abcdef' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'mail.message_not_found' } });
    await app.close();
  });

  it.each([
    ['in production', { nodeEnv: 'production' as const, mailUrl: 'file:///var/lib/bsns/mail' }],
    ['with an SMTP transport', { nodeEnv: 'development' as const, mailUrl: 'smtp://relay.internal:25' }],
    [
      'on external databases that forgot NODE_ENV=production',
      {
        nodeEnv: 'development' as const,
        mailUrl: 'file:///var/lib/bsns/mail',
        database: { mode: 'external' as const, urls: { identity: 'postgres://h/i', identityOwner: 'postgres://h/i', business: 'postgres://h/b', businessOwner: 'postgres://h/b' } },
      },
    ],
  ])('do not exist %s', async (_case, config) => {
    const { app, routes } = await serverFor(config);
    expect(routes.some((route) => route.url.startsWith('/dev/'))).toBe(false);
    const response = await app.inject({ method: 'GET', url: 'http://localhost:3000/dev/mailbox' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'route.not_found' } });
    await app.close();
  });
});

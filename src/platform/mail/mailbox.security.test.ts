/*
 * The attack: the development mailbox turns a URL parameter into a file name. If an attacker on
 * the network (or a page in the developer's browser) could steer that name out of the mailbox,
 * `GET /dev/mailbox/..%2F..%2Fmaster-keys` would read whatever the process can: the generated
 * master keys and database credentials sit in the same data directory. Every spelling of "go up"
 * must stop at the id check, a symlink planted under a valid id must not be followed, and in
 * production the routes must not exist at all.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../../../test/support/test-server.js';
import type { BuiltServer } from '../http/build-server.js';
import { createMailer } from './create-mailer.js';
import { listMailbox } from './list-mailbox.js';
import { registerMailboxRoutes } from './mailbox.routes.js';
import { readMailboxMessage } from './read-mailbox-message.js';

const EMBEDDED = { mode: 'embedded', embeddedPort: 54329 } as const;
const EXTERNAL = {
  mode: 'external',
  urls: { identity: 'postgres://x@h/i', identityOwner: 'postgres://x@h/i', business: 'postgres://x@h/b', businessOwner: 'postgres://x@h/b' },
} as const;

const SECRET = 'MASTER-KEY-must-never-leave-the-disk';
const PLANTED_ID = '20300101T000000000Z-aaaaaaaaaaaaaaaa';
let dataDir: string;
let mailDir: string;
let server: BuiltServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'bsns-mailbox-attack-'));
  mailDir = path.join(dataDir, 'mail');
  await mkdir(mailDir, { mode: 0o700 });
  // Secrets next to the mailbox, each also reachable under a name ending in .eml.
  await writeFile(path.join(dataDir, 'master-keys'), `Subject: ${SECRET}\r\n\r\n${SECRET}\r\n`);
  await writeFile(path.join(dataDir, 'master-keys.eml'), `Subject: ${SECRET}\r\n\r\n${SECRET}\r\n`);
  await writeFile(path.join(mailDir, 'stray.eml'), `Subject: ${SECRET}\r\n\r\n${SECRET}\r\n`);
  await symlink(path.join(dataDir, 'master-keys'), path.join(mailDir, `${PLANTED_ID}.eml`));
  await createMailer(pathToFileURL(mailDir).href, { from: 'no-reply@example.test' }).send({ to: 'a@example.test', subject: 'genuine', text: 'hello' });

  server = await buildTestServer((app) => registerMailboxRoutes(app, { config: { nodeEnv: 'development', mailUrl: pathToFileURL(mailDir).href, database: EMBEDDED, port: 3000, publicUrl: 'http://localhost:3000' } }));
  await server.app.ready();
});

afterAll(async () => {
  await server.app.close();
  await rm(dataDir, { recursive: true, force: true });
});

const TRAVERSALS = [
  '..%2Fmaster-keys',
  '..%2Fmaster-keys.eml',
  '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2fmaster-keys',
  '%2E%2E%2Fmaster-keys',
  '%252e%252e%252fmaster-keys',
  '..%5Cmaster-keys',
  '....%2F%2Fmaster-keys',
  '%2Fetc%2Fpasswd',
  'stray',
  `${PLANTED_ID}%00`,
  `${PLANTED_ID}.eml`,
  `${PLANTED_ID}%2F..%2F..%2Fmaster-keys`,
  `20300101T000000000Z-AAAAAAAAAAAAAAAA`,
  '..',
  '%2E%2E',
];

describe('development mailbox path traversal', () => {
  it.each(TRAVERSALS)('GET /dev/mailbox/%s is refused and reveals nothing', async (id) => {
    const response = await server.app.inject({ method: 'GET', url: `http://localhost:3000/dev/mailbox/${id}` });
    expect([400, 404]).toContain(response.statusCode);
    expect(response.body).not.toContain(SECRET);
    expect(response.json()).toHaveProperty('error.code');
  });

  it.each(['../master-keys', '../master-keys.eml', '/etc/passwd', 'stray', `${PLANTED_ID}/../../master-keys`])(
    'readMailboxMessage refuses %j without touching the file system',
    async (id) => {
      expect(await readMailboxMessage(mailDir, id)).toBeNull();
    },
  );

  it('does not follow a symlink planted under a valid message id', async () => {
    expect(await readMailboxMessage(mailDir, PLANTED_ID)).toBeNull();
    const response = await server.app.inject({ method: 'GET', url: `http://localhost:3000/dev/mailbox/${PLANTED_ID}` });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain(SECRET);
  });

  it('lists only genuine messages, never strays or planted links', async () => {
    const messages = await listMailbox(mailDir);
    expect(messages.map((message) => message.subject)).toEqual(['genuine']);
    const response = await server.app.inject({ method: 'GET', url: 'http://localhost:3000/dev/mailbox' });
    expect(response.body).not.toContain(SECRET);
    expect(response.json()).toMatchObject({ messages: [{ subject: 'genuine' }] });
  });

  it('serves the genuine message, so the refusals above are not a mailbox that serves nothing', async () => {
    const [genuine] = await listMailbox(mailDir);
    const response = await server.app.inject({ method: 'GET', url: `http://localhost:3000/dev/mailbox/${genuine!.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ subject: 'genuine' });
  });

  it('does not exist on external databases without NODE_ENV=production (a forgotten setting)', async () => {
    const [genuine] = await listMailbox(mailDir);
    const external = await buildTestServer((app) =>
      registerMailboxRoutes(app, { config: { nodeEnv: 'development', mailUrl: pathToFileURL(mailDir).href, database: EXTERNAL, port: 3000, publicUrl: 'http://localhost:3000' } }),
    );
    for (const url of ['/dev/mailbox', `/dev/mailbox/${genuine!.id}`]) {
      expect((await external.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    await external.app.close();
  });

  it('does not exist in production, even with the file transport', async () => {
    const [genuine] = await listMailbox(mailDir);
    const production = await buildTestServer((app) =>
      registerMailboxRoutes(app, { config: { nodeEnv: 'production', mailUrl: pathToFileURL(mailDir).href, database: EMBEDDED, port: 3000, publicUrl: 'http://localhost:3000' } }),
    );
    for (const url of ['/dev/mailbox', `/dev/mailbox/${genuine!.id}`]) {
      const response = await production.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('genuine');
    }
    await production.app.close();
  });
});

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createMailer } from './create-mailer.js';
import { listMailbox } from './list-mailbox.js';
import { readMailboxMessage } from './read-mailbox-message.js';

let root: string;
let directory: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bsns-mail-'));
  // Not created yet: the mailer makes it on first send.
  directory = path.join(root, 'mail');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function fileMailer(clock = new ManualClock(new Date('2030-01-02T03:04:05.678Z'))) {
  return createMailer(pathToFileURL(directory).href, { from: 'bsns <no-reply@example.test>', clock });
}

describe('the file:// transport', () => {
  it('writes one real MIME message whose subject, addresses and bodies round-trip, UTF-8 included', async () => {
    const mailer = fileMailer();
    await mailer.send({
      to: 'Zoë Ünal <zoe@example.test>',
      subject: 'Réinitialisez votre mot de passe — 🔑 ключ',
      text: 'Ouvrez https://auth.example.test/reset?token=abc\nMerci, Zoë',
      html: '<p>Ouvrez <a href="https://auth.example.test/reset?token=abc">ce lien</a> — Zoë</p>',
    });
    await mailer.close();

    const [fileName, ...others] = await readdir(directory);
    expect(others).toEqual([]);
    expect(fileName).toMatch(/^20300102T030405678Z-[0-9a-f]{16}\.eml$/);
    const raw = await readFile(path.join(directory, fileName!));
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
    // RFC 5322: CRLF lines, 7-bit headers (the UTF-8 subject is encoded), a MIME message.
    expect(headerBlock).toMatch(/^MIME-Version: 1\.0$/m);
    expect(headerBlock).toMatch(/^Message-ID: <.+>$/m);
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(raw.toString('latin1').replaceAll('\r\n', '')).not.toMatch(/\n/);
    expect(headerBlock).toMatch(/^[\x20-\x7e\r\n\t]*$/);

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Réinitialisez votre mot de passe — 🔑 ключ');
    expect(parsed.from?.value).toEqual([{ name: 'bsns', address: 'no-reply@example.test' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Zoë Ünal', address: 'zoe@example.test' }] });
    expect(parsed.text?.trim()).toBe('Ouvrez https://auth.example.test/reset?token=abc\nMerci, Zoë');

    const message = await readMailboxMessage(directory, fileName!.replace(/\.eml$/, ''));
    expect(message).toMatchObject({
      subject: 'Réinitialisez votre mot de passe — 🔑 ключ',
      to: expect.stringMatching(/^"?Zoë Ünal"? <zoe@example\.test>$/),
      from: expect.stringMatching(/^"?bsns"? <no-reply@example\.test>$/),
      html: '<p>Ouvrez <a href="https://auth.example.test/reset?token=abc">ce lien</a> — Zoë</p>',
    });
    expect(message?.text.trim()).toBe('Ouvrez https://auth.example.test/reset?token=abc\nMerci, Zoë');
    expect(message?.date).toEqual(expect.any(String));
  });

  it('has no html when the sender gave none', async () => {
    const mailer = fileMailer();
    await mailer.send({ to: 'a@example.test', subject: 'Plain', text: 'Only text' });
    const [summary] = await listMailbox(directory);
    expect((await readMailboxMessage(directory, summary!.id))?.html).toBeNull();
  });

  it('keeps the directory 0700 and each message 0600, and leaves no partial files', async () => {
    const mailer = fileMailer();
    await mailer.send({ to: 'a@example.test', subject: 'Verify', text: 'token' });
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    const names = await readdir(directory);
    expect(names).toHaveLength(1);
    expect((await stat(path.join(directory, names[0]!))).mode & 0o777).toBe(0o600);
  });

  it('names files by time, so the mailbox lists newest first whatever order they were written in', async () => {
    const clock = new ManualClock(new Date('2030-05-05T10:00:00.000Z'));
    const mailer = fileMailer(clock);
    for (const [at, subject] of [
      ['2030-05-05T10:00:02.000Z', 'second'],
      ['2030-05-05T10:00:01.000Z', 'first'],
      ['2030-05-05T10:00:03.000Z', 'third'],
    ] as const) {
      clock.set(new Date(at));
      await mailer.send({ to: 'a@example.test', subject, text: subject });
    }
    expect((await listMailbox(directory)).map((message) => message.subject)).toEqual(['third', 'second', 'first']);
    expect((await listMailbox(directory, { limit: 2 })).map((message) => message.subject)).toEqual(['third', 'second']);
  });

  it('never overwrites: messages sent in the same millisecond get distinct files', async () => {
    const mailer = fileMailer();
    await Promise.all(Array.from({ length: 20 }, (_, index) => mailer.send({ to: 'a@example.test', subject: `m${index}`, text: 'x' })));
    expect(await readdir(directory)).toHaveLength(20);
    expect(new Set((await listMailbox(directory)).map((message) => message.subject)).size).toBe(20);
  });

  it('reads a missing directory as an empty mailbox', async () => {
    expect(await listMailbox(path.join(root, 'never-written'))).toEqual([]);
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from './create-mailer.js';
import { MailDeliveryError } from './mail-delivery-error.js';

interface Received {
  readonly mailFrom: string | false;
  readonly rcptTo: string[];
  readonly user: unknown;
  readonly mail: ParsedMail;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A real SMTP server on a free loopback port that accepts one account and records what arrives. */
async function startSmtpServer(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    // Plain-text AUTH is fine on loopback in a test; production uses smtps or STARTTLS.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer@example.test' && auth.password === 'p@ss:w/rd') return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({
            mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user,
            mail,
          });
          callback();
        }, callback);
      });
    },
    ...options,
  });
  // Client-side aborts (the refused certificate) surface here; the client's view is what is asserted.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const message = {
  to: 'Zoë <zoe@example.test>',
  subject: 'Vérifiez votre adresse',
  text: 'Open https://auth.example.test/verify?token=tok_live_secret',
  html: '<a href="https://auth.example.test/verify?token=tok_live_secret">Verify</a>',
};

describe('the smtp:// transport', () => {
  it('authenticates with the URL credentials and delivers with the right envelope and headers', async () => {
    const { port, received } = await startSmtpServer({ authOptional: false });
    const mailer = createMailer(`smtp://mailer%40example.test:p%40ss%3Aw%2Frd@127.0.0.1:${port}`, { from: 'bsns <no-reply@example.test>' });
    await mailer.send(message);
    await mailer.close();

    expect(received).toHaveLength(1);
    const [{ mailFrom, rcptTo, user, mail }] = received as [Received];
    expect(user).toBe('mailer@example.test');
    expect(mailFrom).toBe('no-reply@example.test');
    expect(rcptTo).toEqual(['zoe@example.test']);
    expect(mail.from?.value).toEqual([{ name: 'bsns', address: 'no-reply@example.test' }]);
    expect(mail.to).toMatchObject({ value: [{ name: 'Zoë', address: 'zoe@example.test' }] });
    expect(mail.subject).toBe('Vérifiez votre adresse');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toBe(message.html);
  });

  it('fails as "authentication" on a wrong password, and the error carries neither password nor body', async () => {
    const { port, received } = await startSmtpServer({ authOptional: false });
    const mailer = createMailer(`smtp://mailer%40example.test:wrong-hunter2@127.0.0.1:${port}`, { from: 'no-reply@example.test' });
    const error = await mailer.send(message).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ failure: 'authentication', message: expect.stringContaining(`smtp://127.0.0.1:${port}`) });
    const text = (error as Error).message;
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tok_live_secret');
    expect(text).not.toContain('zoe@example.test');
    expect(received).toEqual([]);
  });

  it('rejects promptly with a useful message when nothing listens on the port', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const mailer = createMailer(`smtp://127.0.0.1:${port}`, { from: 'no-reply@example.test' });
    await expect(mailer.send(message)).rejects.toThrow(
      expect.objectContaining({ name: 'MailDeliveryError', failure: 'connection', message: expect.stringMatching(new RegExp(`smtp://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`)) }),
    );
  });

  it('gives up on a server that accepts the connection but never greets, instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await listen(silent);
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    const mailer = createMailer(`smtp://127.0.0.1:${port}`, { from: 'no-reply@example.test', smtpTimeoutMs: 300 });
    await expect(mailer.send(message)).rejects.toThrow(expect.objectContaining({ failure: 'connection', message: expect.stringMatching(/greeting|timeout/i) }));
    expect(sockets).toHaveLength(1);
  });

  it('refuses an smtps server whose certificate it cannot verify', async () => {
    // smtp-server's built-in certificate is self-signed: an impostor's would look the same.
    const { port, received } = await startSmtpServer({ secure: true, authOptional: true, disabledCommands: [] });
    const mailer = createMailer(`smtps://127.0.0.1:${port}`, { from: 'no-reply@example.test' });
    await expect(mailer.send(message)).rejects.toThrow(expect.objectContaining({ failure: 'connection', message: expect.stringMatching(/certificate/i) }));
    expect(received).toEqual([]);
  });
});

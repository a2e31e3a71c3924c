import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { MailUrlError, parseMailUrl } from './mail-url.js';

describe('parseMailUrl', () => {
  it('reads an smtp URL with percent-encoded credentials', () => {
    expect(parseMailUrl('smtp://mailer%40example.com:p%40ss%3Aw%2Frd@smtp.example.com:2525')).toEqual({
      kind: 'smtp',
      host: 'smtp.example.com',
      port: 2525,
      secure: false,
      auth: { user: 'mailer@example.com', pass: 'p@ss:w/rd' },
    });
  });

  it('defaults the port to 587 for smtp and 465 for smtps, which is implicit TLS', () => {
    expect(parseMailUrl('smtp://relay.internal')).toMatchObject({ port: 587, secure: false, auth: null });
    expect(parseMailUrl('smtps://u:p@smtp.example.com')).toMatchObject({ port: 465, secure: true });
  });

  it('unwraps an IPv6 literal host', () => {
    expect(parseMailUrl('smtp://[::1]:25')).toMatchObject({ host: '::1', port: 25 });
  });

  it('reads a file URL as an absolute directory, decoding escapes', () => {
    expect(parseMailUrl('file:///var/lib/bsns/my%20mail')).toEqual({ kind: 'file', directory: '/var/lib/bsns/my mail' });
  });

  it.each([
    ['file://relative/dir', /absolute directory/],
    ['smtp://u:p@host?tls.rejectUnauthorized=false', /no query string/],
    ['http://mail.example.com', /not supported/],
    ['not a url', /not a valid URL/],
  ])('refuses %s with a clear reason', (url, reason) => {
    expect(() => parseMailUrl(url)).toThrow(MailUrlError);
    expect(() => parseMailUrl(url)).toThrow(reason);
  });

  it('never repeats the password in its error', () => {
    expect(() => parseMailUrl('smtp://user:hunter2-secret@host?x=1')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('mail configuration', () => {
  it('defaults to a file mailbox under the data directory, even when its path holds URL syntax', () => {
    const cwd = path.resolve('/srv/a #b?c%d');
    const config = loadConfig({}, cwd);
    expect(parseMailUrl(config.mailUrl)).toEqual({ kind: 'file', directory: path.join(cwd, '.data', 'mail') });
  });

  it('defaults MAIL_FROM and accepts a bare address', () => {
    expect(loadConfig({}, '/srv').mailFrom).toBe('bsns <no-reply@localhost>');
    expect(loadConfig({ MAIL_FROM: 'ops@example.com' }, '/srv').mailFrom).toBe('ops@example.com');
  });

  it.each(['bsns <no-reply@example.com>\r\nBcc: victim@example.com', 'not an address', 'a <b@c'])('refuses MAIL_FROM %j', (value) => {
    expect(() => loadConfig({ MAIL_FROM: value }, '/srv')).toThrow(/MAIL_FROM/);
  });
});

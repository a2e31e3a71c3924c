import type { ComponentChildren } from 'preact';
import type { MailboxMessage, MailboxSummary } from '../../../platform/mail/index.js';
import { formatDateTime } from '../../../platform/pages/index.js';
import { Layout, type PageChrome } from '../../../platform/pages/index.js';

export function DevMailboxPage({ chrome, messages }: { chrome: PageChrome; messages: readonly MailboxSummary[] }) {
  return (
    <Layout chrome={chrome} title="Development mailbox">
      <h1>Development mailbox</h1>
      <p class="notice notice-warning">
        Mail written by the file transport. This page exists only outside production: anyone who can read it can use every link in it.
      </p>
      {messages.length === 0 ? (
        <p class="empty">No messages yet. Mail the suite sends appears here.</p>
      ) : (
        <ul class="item-list">
          {messages.map((message) => (
            <li key={message.id} class="item">
              <div class="item-main">
                <p class="item-title">
                  <a href={`/dev/mail/${message.id}`}>{message.subject || '(no subject)'}</a>
                </p>
                <p class="item-meta">
                  To {message.to}
                  {message.date ? ` · ${formatDateTime(new Date(message.date))}` : ''}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface DevMailMessagePageProps {
  readonly chrome: PageChrome;
  readonly message: MailboxMessage;
  /** Links into the suite are made clickable; every other text stays text. */
  readonly publicUrl: string;
}

/** One message, text body only: an HTML body from the mailbox is not rendered at all. */
export function DevMailMessagePage({ chrome, message, publicUrl }: DevMailMessagePageProps) {
  return (
    <Layout chrome={chrome} title={message.subject || 'Message'}>
      <p>
        <a href="/dev/mail">All messages</a>
      </p>
      <h1>{message.subject || '(no subject)'}</h1>
      <dl class="mail-headers">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to}</dd>
        {message.date ? (
          <>
            <dt>Date</dt>
            <dd>{formatDateTime(new Date(message.date))}</dd>
          </>
        ) : null}
      </dl>
      <pre class="mail-body">{linkify(message.text, publicUrl)}</pre>
      {message.html !== null ? <p class="item-meta">This message also has an HTML part, which is not shown here.</p> : null}
    </Layout>
  );
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

function linkify(text: string, publicUrl: string) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    const start = match.index ?? 0;
    if (!url.startsWith(`${publicUrl}/`)) continue;
    parts.push(text.slice(last, start), <SuiteLink href={url} />);
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return parts;
}

function SuiteLink({ href }: { href: string }) {
  return <a href={href}>{href}</a>;
}

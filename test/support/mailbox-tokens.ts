import { listMailbox, readMailboxMessage } from '../../src/platform/mail/index.js';
import { tokenFromMail } from './suite-client.js';
import { TEST_MAILBOX } from './test-platform.js';

/** Every message to an address whose subject matches, newest first. */
export async function mailsTo(to: string, subjectIncludes: string): Promise<{ subject: string; text: string }[]> {
  const summaries = (await listMailbox(TEST_MAILBOX, { limit: 1000 })).filter(
    (message) => message.to.toLowerCase().includes(to.toLowerCase()) && message.subject.includes(subjectIncludes),
  );
  const messages = await Promise.all(summaries.map((summary) => readMailboxMessage(TEST_MAILBOX, summary.id)));
  return messages.filter((message) => message !== null).map(({ subject, text }) => ({ subject, text }));
}

/**
 * The link tokens of the first `count` matching messages (newest first), waiting a bounded time
 * for mail sent after the response to land.
 */
export async function waitForMailTokens(to: string, subjectIncludes: string, count = 1, timeoutMs = 5_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await mailsTo(to, subjectIncludes);
    if (messages.length >= count) return messages.map((message) => tokenFromMail(message.text));
    if (Date.now() > deadline) throw new Error(`Expected ${count} mail(s) to ${to} with subject containing "${subjectIncludes}", found ${messages.length}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

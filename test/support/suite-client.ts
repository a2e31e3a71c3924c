import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createBsnsClient, type BsnsClient } from '../../clients/ts/src/index.js';
import { listMailbox, readMailboxMessage } from '../../src/platform/mail/index.js';
import { uniqueTestAddress } from './identity-members.js';
import { TEST_MAILBOX } from './test-platform.js';

/**
 * A browser-like client over `app.inject`: keeps cookies between requests and sends the suite's
 * own Origin on state changes, as a real browser on the portal would.
 */
export class SuiteClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    readonly origin = 'http://localhost:3000',
    /**
     * The TCP peer the server sees. Each client gets its own IPv6 /64 by default, so per-address
     * rate limits (shared by every test file of a run) never trip on another test's traffic.
     */
    readonly remoteAddress: string = uniqueTestAddress(),
  ) {}

  async request(options: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (!['GET', 'HEAD'].includes(options.method) && headers.origin === undefined) headers.origin = this.origin;
    const response = await this.app.inject({ remoteAddress: this.remoteAddress, ...options, headers });
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  post(url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url });
  }

  /**
   * The WHATWG `fetch` over this client, for the generated API client (`createBsnsClient({ fetch })`):
   * same cookies, Origin and peer address as `request`, so a contract break fails the test.
   */
  readonly fetch = async (input: Request): Promise<Response> => {
    const url = new URL(input.url);
    const payload = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
    const response = await this.request({
      method: input.method,
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(input.headers),
      ...(payload ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of ([] as Array<string | number>).concat(value ?? [])) headers.append(name, String(one));
    }
    const empty = [101, 204, 205, 304].includes(response.statusCode) || response.rawPayload.length === 0;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers });
  };
}

/** The generated typed client (clients/ts) speaking to the suite through a `SuiteClient`. */
export function typedClient(client: SuiteClient): BsnsClient {
  return createBsnsClient({ baseUrl: client.origin, fetch: client.fetch });
}

/** The newest message to an address in the test mailbox, waiting a bounded time for async delivery. */
export async function waitForMail(to: string, subjectIncludes: string, timeoutMs = 5_000): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await listMailbox(TEST_MAILBOX).catch(() => []);
    const match = messages.find((message) => message.to.toLowerCase().includes(to.toLowerCase()) && message.subject.includes(subjectIncludes));
    if (match) {
      const message = await readMailboxMessage(TEST_MAILBOX, match.id);
      if (message) return { subject: message.subject, text: message.text };
    }
    if (Date.now() > deadline) throw new Error(`No mail to ${to} with subject containing "${subjectIncludes}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The token of a link in a mail body (`…?token=…`). */
export function tokenFromMail(text: string): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error('No token link in the mail');
  return match[1]!;
}

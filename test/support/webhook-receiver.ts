import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
}

/**
 * A real webhook receiver on loopback, as a tenant would run one: it records every request and
 * deduplicates by `webhook-id`. `answer` decides the status; `hold` keeps requests open (to kill
 * a worker mid-delivery).
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  readonly uniqueIds = new Set<string>();
  answer = 200;
  hold = false;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<WebhookReceiver> {
    const server: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const header = (name: string) => String(request.headers[name] ?? '');
        receiver.requests.push({ id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature'), body });
        receiver.uniqueIds.add(header('webhook-id'));
        if (receiver.hold) return; // never answered: the sender dies or times out
        response.writeHead(receiver.answer).end();
      });
    });
    const receiver = new WebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

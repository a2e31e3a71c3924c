import http from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A keep-alive HTTP client whose connections leave from a chosen loopback address (Linux routes
 * all of 127.0.0.0/8 to the loopback interface), so a benchmark can spread requests over many
 * client addresses the way real traffic arrives, instead of raising a production rate limit.
 */
export class LoopbackClient {
  readonly #agents = new Map<string, http.Agent>();

  request(url: string, options: { method: string; path: string; localAddress: string; headers?: Record<string, string>; body?: unknown }): Promise<HttpAnswer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(options.path, url), { method: options.method, headers, agent: this.#agent(options.localAddress), localAddress: options.localAddress }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Closes the idle connections of every address but `keep`. */
  retireAgentsExcept(keep: string): void {
    for (const [address, agent] of this.#agents) {
      if (address === keep) continue;
      agent.destroy();
      this.#agents.delete(address);
    }
  }

  close(): void {
    this.retireAgentsExcept('');
  }

  #agent(localAddress: string): http.Agent {
    let agent = this.#agents.get(localAddress);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.#agents.set(localAddress, agent);
    }
    return agent;
  }
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function cookiesOf(answer: HttpAnswer): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of answer.headers['set-cookie'] ?? []) {
    const pair = header.slice(0, header.indexOf(';'));
    cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  return cookies;
}

import { createServer } from 'node:net';

/**
 * A TCP port free on loopback right now, for servers that cannot listen on port 0 themselves
 * (a child process, an embedded PostgreSQL). The kernel hands out ports round-robin, so the
 * window before the caller binds it is rarely contested.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether a port on loopback can be bound, i.e. nothing listens on it any more. */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

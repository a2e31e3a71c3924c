import pg from 'pg';
import type { Logger } from '../logging/logger.js';

/** A sync (or LISTEN) slower than this counts as a lost connection: it may be silently gone. */
const QUERY_TIMEOUT_MS = 1_000;
const RECONNECT_MS = 1_000;
/** After finding a pooled (not direct) connection: retrying sooner would find the same. */
const MISCONFIGURED_RETRY_MS = 60_000;

class NotDirectError extends Error {}

export interface NotificationListenerOptions {
  readonly connectionString: string;
  readonly channel: string;
  readonly applicationName: string;
  readonly logger: Logger;
  /** LISTEN is in place: from now on no message on the channel is missed. */
  readonly onListening: () => void;
  /** The connection failed or ended: messages may have been missed since. Called before reconnecting. */
  readonly onLost: () => void;
  readonly onMessage: (payload: string) => void;
}

/**
 * One direct session connection that LISTENs on a channel and reconnects when it is lost,
 * telling its owner each time it starts and stops hearing. A connection through a PgBouncer
 * transaction pool would hear nothing (the session it ran LISTEN on goes back to the pool), so
 * it is refused: the server must see this very socket as its client.
 *
 * NOTIFY is asynchronous: a change acknowledged to its writer may still be on its way here.
 * `sync` closes that gap: PostgreSQL sends a session every notification committed before a query
 * ahead of that query's answer, so once a query sent after some moment has been answered, every
 * message committed before that moment has been delivered. Callers that arrive while one sync is
 * in flight share the next one: one trivial round trip per batch of callers.
 */
export class NotificationListener {
  #current: pg.Client | null = null;
  #listening = false;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  /** The sync round trip on the wire, if any. */
  #sent: Promise<void> | null = null;
  /** The next one, which callers join until it is sent. */
  #queued: Promise<void> | null = null;

  constructor(private readonly options: NotificationListenerOptions) {}

  start(): void {
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#current;
    this.#current = null;
    this.#listening = false;
    this.options.onLost();
    await client?.end().catch(() => undefined);
  }

  /** Resolves once every message committed before this call has been delivered; rejects when the connection cannot say so. */
  sync(): Promise<void> {
    // Join the round trip not yet sent; one already sent may have left before this call.
    this.#queued ??= (this.#sent ?? Promise.resolve())
      .catch(() => undefined)
      // Sent on a later turn of the event loop, so every caller of this turn shares it.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.#queued = null;
        const trip = this.#roundTrip();
        this.#sent = trip;
        void trip.catch(() => undefined).finally(() => {
          if (this.#sent === trip) this.#sent = null;
        });
        return trip;
      });
    return this.#queued;
  }

  async #roundTrip(): Promise<void> {
    const client = this.#current;
    if (!client || !this.#listening) throw new Error(`not listening on ${this.options.channel}`);
    try {
      // An empty query: no plan, no rows, just the answer the notifications must precede.
      await client.query('');
    } catch (error) {
      this.#lost(client, error);
      throw error;
    }
  }

  async #connect(): Promise<void> {
    const { channel, logger } = this.options;
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: this.options.applicationName, keepAlive: true, query_timeout: QUERY_TIMEOUT_MS });
    this.#current = client;
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel) this.options.onMessage(message.payload ?? '');
    });
    try {
      await client.connect();
      await requireDirectSession(client);
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      if (this.#current !== client) return;
      this.#listening = true;
      this.options.onListening();
      logger.info({ channel }, 'listening');
    } catch (error) {
      if (error instanceof NotDirectError) logger.error({ err: error, channel }, 'LISTEN refused: the database URL is not a direct session connection (PgBouncer?)');
      this.#lost(client, error, error instanceof NotDirectError ? MISCONFIGURED_RETRY_MS : RECONNECT_MS);
    }
  }

  /** Tells the owner at once, then connects again; a client already replaced is ignored. */
  #lost(client: pg.Client, error: unknown, retryMs = RECONNECT_MS): void {
    if (this.#current !== client) return;
    this.#current = null;
    this.#listening = false;
    this.options.onLost();
    void client.end().catch(() => undefined);
    if (this.#stopped) return;
    if (!(error instanceof NotDirectError)) this.options.logger.warn({ err: error, channel: this.options.channel }, 'listener connection lost; reconnecting');
    this.#timer = setTimeout(() => void this.#connect(), retryMs);
    this.#timer.unref();
  }
}

/** Over a Unix socket both sides have no port; behind NAT the check fails closed. */
async function requireDirectSession(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ port: number | null }>('SELECT inet_client_port() AS port');
  const socket = (client as unknown as { connection?: { stream?: { localPort?: number } } }).connection?.stream;
  const localPort = socket?.localPort ?? null;
  if ((rows[0]?.port ?? null) !== localPort) throw new NotDirectError(`the server sees client port ${rows[0]?.port ?? 'none'}, this socket is ${localPort ?? 'none'}`);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config/index.js';
import { AppError } from '../errors/index.js';
import { loopbackOnly } from '../http/loopback-only.js';
import { listMailbox } from './list-mailbox.js';
import { parseMailUrl } from './mail-url.js';
import { mailboxListSchema, mailboxMessageSchema, mailboxParamsSchema } from './mailbox.types.js';
import { readMailboxMessage } from './read-mailbox-message.js';

export interface MailboxRoutesOptions {
  readonly config: Pick<Config, 'nodeEnv' | 'mailUrl' | 'database' | 'port' | 'publicUrl'>;
}

/**
 * The directory the development mailbox reads, or null when it must not exist. Anyone who reads
 * it can use every reset link in it, so it opens only for the zero-setup embedded development
 * mode and for tests: a server on external databases that merely forgot NODE_ENV=production
 * keeps it shut. Never with an SMTP transport.
 */
export function developmentMailboxDirectory(config: MailboxRoutesOptions['config']): string | null {
  const local = config.nodeEnv === 'test' || (config.nodeEnv === 'development' && config.database.mode === 'embedded');
  if (!local) return null;
  const target = parseMailUrl(config.mailUrl);
  return target.kind === 'file' ? target.directory : null;
}

/**
 * The `onRequest` hook of every mailbox route (API and pages): loopback peers asking for a
 * loopback Host only, everyone else the not-found answer (see `loopbackOnly`).
 */
export function developmentMailboxGuard(config: Pick<Config, 'port' | 'publicUrl'>) {
  const publicUrl = new URL(config.publicUrl);
  const publicPort = Number(publicUrl.port || (publicUrl.protocol === 'https:' ? 443 : 80));
  return loopbackOnly({ ports: [config.port, publicPort] });
}

/**
 * `GET /dev/mailbox` and `GET /dev/mailbox/:id`: the `.eml` files as JSON, for development and
 * browser tests. Registers nothing in production or with an SMTP transport, so the routes 404.
 */
export function registerMailboxRoutes(app: FastifyInstance, { config }: MailboxRoutesOptions): void {
  const directory = developmentMailboxDirectory(config);
  if (directory === null) return;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = developmentMailboxGuard(config);

  routes.get('/dev/mailbox', {
    config: { auth: 'public' },
    onRequest,
    schema: {
      operationId: 'dev.mailbox.list',
      summary: 'Development mailbox: messages written by the file transport, newest first (not in production)',
      tags: ['development'],
      response: { 200: mailboxListSchema },
    },
    handler: async (_request, reply) => {
      // Messages carry live tokens: keep them out of every cache.
      reply.header('cache-control', 'no-store');
      return { messages: await listMailbox(directory) };
    },
  });

  routes.get('/dev/mailbox/:id', {
    config: { auth: 'public' },
    onRequest,
    schema: {
      summary: 'Development mailbox: one message (not in production)',
      tags: ['development'],
      params: mailboxParamsSchema,
      response: { 200: mailboxMessageSchema },
    },
    handler: async (request, reply) => {
      const message = await readMailboxMessage(directory, request.params.id);
      if (!message) throw new AppError('mail.message_not_found');
      reply.header('cache-control', 'no-store');
      return message;
    },
  });
}

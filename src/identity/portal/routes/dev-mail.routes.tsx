import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { developmentMailboxGuard, listMailbox, readMailboxMessage } from '../../../platform/mail/index.js';
import { DevMailboxPage, DevMailMessagePage } from '../views/dev-mail-pages.js';
import { chromeFor, pageOptions, sendPage, type PortalContext } from './page-kit.js';
import { safeText } from '../../../platform/http/index.js';

/**
 * `/dev/mail`: the development mailbox as pages, so a developer (and the browser tests) can
 * follow emailed links. Registered only when `directory` is set: never in production.
 */
export function registerDevMailPages(app: FastifyInstance, context: PortalContext, directory: string): void {
  // Loopback only, like the mailbox API: these pages show every live reset link.
  const options = { ...pageOptions(context, 'public'), onRequest: developmentMailboxGuard(context.deps.config) };
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/dev/mail', options, async (request, reply) => {
    const messages = await listMailbox(directory);
    return sendPage(reply, <DevMailboxPage chrome={chromeFor(context, request, null)} messages={messages} />);
  });

  routes.get('/dev/mail/:id', { ...options, schema: { ...options.schema, params: z.object({ id: safeText({ min: 1, max: 64, trim: false }) }) } }, async (request, reply) => {
    const message = await readMailboxMessage(directory, request.params.id);
    if (!message) throw new AppError('mail.message_not_found');
    return sendPage(reply, <DevMailMessagePage chrome={chromeFor(context, request, null)} message={message} publicUrl={context.deps.config.publicUrl} />);
  });
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AppError, ERROR_CATALOGUE } from '../errors/index.js';
import { ErrorPage } from './error-page.js';
import type { PageChrome } from './layout.js';

/** Renders a page. Pages show account and tenant data, so no cache keeps them. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

/**
 * The HTML answer to a page that failed: the catalogued message of an app error, a generic one
 * for a malformed link, and a logged 500 with the request id for anything else.
 */
export function sendErrorPage(chrome: PageChrome, error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) return sendPage(reply, <ErrorPage chrome={chrome} status={error.status} message={error.message} />, error.status);
  if (error.validation) return sendPage(reply, <ErrorPage chrome={chrome} status={400} message="This link is malformed. Check that it was copied in full." />, 400);
  request.log.error({ err: error }, 'page failed');
  const message = `${ERROR_CATALOGUE['internal.error'].message} (request id ${request.id})`;
  return sendPage(reply, <ErrorPage chrome={chrome} status={500} message={message} />, 500);
}

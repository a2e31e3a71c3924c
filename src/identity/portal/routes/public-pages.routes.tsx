import type { FastifyInstance } from 'fastify';
import { safeReturnPath } from '../return-to.js';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from '../views/email-link-pages.js';
import { InvitationPage } from '../views/invitation-page.js';
import { isSignInNotice, SignInPage } from '../views/sign-in-page.js';
import { SignUpPage } from '../views/sign-up-page.js';
import { chromeFor, optionalViewer, pageOptions, sendPage, type PortalContext } from './page-kit.js';

interface PageQuery {
  return_to?: unknown;
  notice?: unknown;
  token?: unknown;
}

/** The pages anyone may open: sign-up, sign-in, the emailed-link landings and forgotten password. */
export function registerPublicPages(app: FastifyInstance, context: PortalContext): void {
  const options = pageOptions(context, 'public');

  app.get('/sign-in', options, async (request, reply) => {
    const query = request.query as PageQuery;
    const page = <SignInPage chrome={chromeFor(context, request, null)} returnTo={safeReturnPath(query.return_to)} notice={isSignInNotice(query.notice) ? query.notice : null} />;
    return sendPage(reply, page);
  });

  app.get('/sign-up', options, async (request, reply) => sendPage(reply, <SignUpPage chrome={chromeFor(context, request, null)} />));

  app.get('/verify-email', options, async (request, reply) =>
    sendPage(reply, <VerifyEmailPage chrome={chromeFor(context, request, null)} token={tokenOf(request.query as PageQuery)} />),
  );

  app.get('/forgot-password', options, async (request, reply) => sendPage(reply, <ForgotPasswordPage chrome={chromeFor(context, request, null)} />));

  app.get('/reset-password', options, async (request, reply) =>
    sendPage(reply, <ResetPasswordPage chrome={chromeFor(context, request, null)} token={tokenOf(request.query as PageQuery)} />),
  );

  app.get('/invitations/accept', options, async (request, reply) => {
    const viewer = await optionalViewer(context, request, reply);
    return sendPage(reply, <InvitationPage chrome={chromeFor(context, request, viewer)} token={tokenOf(request.query as PageQuery)} viewer={viewer} />);
  });
}

// Only the shape is checked here; the API decides whether a token is good when the form is sent.
export function tokenOf(query: PageQuery): string | null {
  return typeof query.token === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(query.token) ? query.token : null;
}

import type { FastifyInstance } from 'fastify';
import { listFactors } from '../../mfa/index.js';
import { safeReturnPath, withReturnTo } from '../return-to.js';
import { MfaChallengePage } from '../views/mfa-challenge-page.js';
import { MfaSetupPage } from '../views/mfa-setup-page.js';
import { chromeFor, pageOptions, requireViewer, sendPage, type PortalContext } from './page-kit.js';

/**
 * The two pages a signed-in user may see before MFA allows the apps: the challenge
 * (`session:mfa-pending`), for users who have a factor, and enrolment (`session:mfa-enroll`),
 * for users who need one. The challenge sends users without a factor on to enrolment; the
 * enrolment posture sends users who have one back to the challenge.
 */
export function registerMfaPages(app: FastifyInstance, context: PortalContext): void {
  app.get('/mfa', pageOptions(context, 'session:mfa-pending'), async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const returnTo = safeReturnPath((request.query as { return_to?: unknown }).return_to);
    if (viewer.mfa.state === 'satisfied') return reply.redirect(returnTo, 303);
    // No factor to verify (inside or past the grace window): enrolment is the way forward.
    if (viewer.mfa.state !== 'required') return reply.redirect(withReturnTo('/mfa/setup', returnTo), 303);
    return sendPage(reply, <MfaChallengePage chrome={chromeFor(context, request, viewer)} returnTo={returnTo} />);
  });

  app.get('/mfa/setup', pageOptions(context, 'session:mfa-enroll'), async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const returnTo = safeReturnPath((request.query as { return_to?: unknown }).return_to);
    const factors = await listFactors(context.deps, viewer.userId);
    return sendPage(reply, <MfaSetupPage chrome={chromeFor(context, request, viewer)} viewer={viewer} factors={factors} returnTo={returnTo} />);
  });
}

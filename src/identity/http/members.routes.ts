import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import type { SessionClaims } from '../sessions/session-token.js';
import { acceptInvitation, changeMemberRole, inviteMember, listInvitations, listMembers, removeMember, revokeInvitation, type TenantActor } from '../tenants/index.js';
import { currentSession } from './current-session.js';
import {
  acceptInvitationBodySchema,
  changeRoleBodySchema,
  invitationParamsSchema,
  invitationListSchema,
  invitationSchema,
  inviteBodySchema,
  listQuerySchema,
  memberListSchema,
  memberParamsSchema,
} from './members.types.js';
import { tenantResponseSchema } from './tenants.types.js';

/**
 * Members and invitations of the active tenant. The tenant always comes from the session
 * (`tid`), never from the URL or body, and each use case re-reads the caller's membership.
 */
export function registerMemberRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const actorOf = (claims: SessionClaims): TenantActor => ({ userId: claims.sub, tenantId: claims.tid });

  routes.get('/api/v1/tenant/members', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Members of the active tenant, one page at a time', tags: ['tenants'], querystring: listQuerySchema, response: { 200: memberListSchema } },
    handler: async (request) => {
      const { viewerRole, members } = await listMembers(deps.db, actorOf(currentSession(resolver, request)), request.query);
      return { ...members, viewerRole, items: members.items.map((member) => ({ ...member, joinedAt: member.joinedAt.toISOString() })) };
    },
  });

  routes.get('/api/v1/tenant/invitations', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: 'Pending invitations of the active tenant, one page at a time (owners and admins)',
      tags: ['tenants'],
      querystring: listQuerySchema,
      response: { 200: invitationListSchema },
    },
    handler: async (request) => {
      const page = await listInvitations(deps.db, deps.clock, actorOf(currentSession(resolver, request)), request.query);
      return { ...page, items: page.items.map((invitation) => ({ ...invitation, expiresAt: invitation.expiresAt.toISOString() })) };
    },
  });

  routes.post('/api/v1/tenant/invitations', {
    config: { auth: 'session+mfa', errorCodes: ['quota.exceeded'] },
    schema: {
      summary: 'Invite an email address into the active tenant with a role (owners and admins)',
      description: 'Replaces a pending invitation to the same address. Only owners may invite owners.',
      tags: ['tenants'],
      body: inviteBodySchema,
      response: { 201: invitationSchema },
    },
    handler: async (request, reply) => {
      const invitation = await inviteMember(deps, actorOf(currentSession(resolver, request)), request.body);
      return reply.status(201).send({ ...invitation, expiresAt: invitation.expiresAt.toISOString() });
    },
  });

  routes.delete('/api/v1/tenant/invitations/:id', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Withdraw a pending invitation (owners and admins)', tags: ['tenants'], params: invitationParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await revokeInvitation(deps.db, deps.clock, actorOf(currentSession(resolver, request)), request.params.id);
      return reply.status(204).send(null);
    },
  });

  routes.patch('/api/v1/tenant/members/:userId', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: "Change a member's role (owners and admins; owner roles only by owners)",
      description: 'The last owner cannot be demoted.',
      tags: ['tenants'],
      params: memberParamsSchema,
      body: changeRoleBodySchema,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await changeMemberRole(deps.db, deps.clock, actorOf(currentSession(resolver, request)), { userId: request.params.userId, role: request.body.role });
      return reply.status(204).send(null);
    },
  });

  routes.delete('/api/v1/tenant/members/:userId', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: 'Remove a member from the active tenant (owners and admins; owners only by owners)',
      description: 'The last owner cannot be removed. The member loses the tenant at their next token refresh.',
      tags: ['tenants'],
      params: memberParamsSchema,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await removeMember(deps.db, deps.clock, actorOf(currentSession(resolver, request)), request.params.userId);
      return reply.status(204).send(null);
    },
  });

  routes.post('/api/v1/auth/invitations/accept', {
    config: { auth: 'session' },
    schema: {
      summary: 'Accept an emailed invitation and switch to its tenant',
      description: "The signed-in user's verified email address must be the invited one.",
      tags: ['tenants'],
      body: acceptInvitationBodySchema,
      response: { 200: tenantResponseSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const accepted = await acceptInvitation(deps, { userId: claims.sub, sessionId: claims.sid, token: request.body.token, addressKey: normaliseAddress(request.ip) });
      setSessionCookies(reply, deps.config, { token: accepted.token });
      return { tenant: accepted.tenant };
    },
  });
}

import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../errors/index.js';
import { isRouteAuth } from './auth-posture.js';
import { ERROR_ENVELOPE_SCHEMA, errorResponses, operationErrorCodes } from './openapi-errors.js';
import { installOperationIds } from './openapi-operation-ids.js';
import { securityRequirements, securitySchemes } from './openapi-security.js';

/** The tags operations are grouped by in reference pages and generated clients: one per area of the suite. */
export const API_TAGS = [
  { name: 'auth', description: 'Sign-up, email verification, sign-in and sign-out, the current session, signing keys.' },
  { name: 'mfa', description: 'Second factors: TOTP, recovery codes, MFA verification.' },
  { name: 'passkeys', description: 'WebAuthn passkeys: registration and sign-in.' },
  { name: 'sessions', description: "The signed-in user's sessions on other devices." },
  { name: 'tenants', description: 'Tenants, memberships and invitations.' },
  { name: 'tokens', description: 'Personal access tokens: your own, and (owners and admins) those of your tenant\'s members.' },
  { name: 'records', description: 'The records app: people, companies, labels, notes, tasks, CSV import and export.' },
  { name: 'pact', description: 'The pact app: envelopes of PDFs for signature, templates, the tenant\'s verifiable chain, and the public check of a completed PDF.' },
  { name: 'pact-signing', description: 'Signing without an account: the emailed link, the one-time code, signing and declining.' },
  { name: 'notifications', description: "In-app notifications for the signed-in member of a tenant." },
  { name: 'webhooks', description: "A tenant's outgoing webhook endpoints, their deliveries and dead letters." },
  { name: 'admin', description: 'Platform administration for platform admins (platform permissions): the platform audit log.' },
  { name: 'platform', description: 'Health and readiness probes.' },
  { name: 'trust', description: 'The security contact (security.txt) and the status page as JSON.' },
  { name: 'development', description: 'The development mailbox (embedded development and tests only).' },
] as const;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

interface DocumentOperation {
  responses?: Record<string, unknown>;
  'x-error-codes'?: ErrorCode[];
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, so the document cannot drift from
 * the code. Each operation carries its auth posture as `x-auth` and, derived from it, its
 * `security`; a stable `operationId` given at registration; and its error responses in the
 * envelope with the catalogued codes it can answer (`x-error-codes`). Routes that answer with
 * HTML set `schema.hide`.
 */
export async function installOpenApi(app: FastifyInstance, options: { version: string; publicUrl: string; credentialRateLimits: boolean }): Promise<void> {
  installOperationIds(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'bsns API',
        version: options.version,
        description: 'The JSON API of the bsns suite. Errors are `{ "error": { "code", "message" } }` with codes from docs/reference/errors.md.',
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
      },
      servers: [{ url: options.publicUrl, description: 'This installation (BSNS_PUBLIC_URL)' }],
      tags: API_TAGS.map((tag) => ({ ...tag })),
      components: {
        securitySchemes: securitySchemes({ https: options.publicUrl.startsWith('https:') }),
        schemas: { ErrorEnvelope: ERROR_ENVELOPE_SCHEMA },
      },
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const { route } = input;
      const auth = route.config?.auth;
      if (!isRouteAuth(auth)) return { ...transformed, schema: { ...transformed.schema, 'x-auth': auth } };
      const method = ([] as string[]).concat(route.method).find((candidate) => candidate !== 'HEAD') ?? 'GET';
      const codes = operationErrorCodes({
        method,
        auth,
        schema: route.schema as Record<string, unknown> | undefined,
        declared: route.config?.errorCodes,
        credentialRateLimits: options.credentialRateLimits,
      });
      return { ...transformed, schema: { ...transformed.schema, 'x-auth': auth, security: securityRequirements(auth), 'x-error-codes': codes } };
    },
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input) as { paths?: Record<string, Record<string, DocumentOperation>> };
      for (const item of Object.values(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(item)) {
          if (!HTTP_METHODS.has(method)) continue;
          // A status the route documents itself (e.g. /readyz's 503) keeps its own schema.
          operation.responses = { ...errorResponses(operation['x-error-codes'] ?? ['internal.error']), ...operation.responses };
        }
      }
      return document as ReturnType<typeof jsonSchemaTransformObject>;
    },
  });
}

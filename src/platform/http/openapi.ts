import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, so the document cannot drift from
 * the code. Each operation carries its auth posture as `x-auth`. Routes that answer with
 * HTML set `schema.hide`.
 */
export async function installOpenApi(app: FastifyInstance, options: { version: string; publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'bsns API',
        version: options.version,
        description: 'The JSON API of the bsns suite. Errors are `{ "error": { "code", "message" } }`; see docs/reference/errors.md.',
      },
      servers: [{ url: options.publicUrl }],
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const auth = input.route.config?.auth;
      return { ...transformed, schema: { ...transformed.schema, 'x-auth': auth } };
    },
    transformObject: jsonSchemaTransformObject,
  });
}

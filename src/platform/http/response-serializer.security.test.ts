/**
 * The attack: a handler returns a whole database row (password hash, sealed secret, another
 * tenant's id) where the response schema names three fields. Whatever the handler returns,
 * only what the route's response schema declares may leave the server.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestServer } from '../../../test/support/test-server.js';

describe('response serialisation', () => {
  it('drops every property the response schema does not declare, at any depth', async () => {
    const { app } = await buildTestServer((server) => {
      server.get('/leaky', {
        config: { auth: 'public' },
        schema: {
          response: {
            200: z.object({
              id: z.uuid(),
              email: z.string(),
              at: z.iso.datetime(),
              items: z.array(z.object({ name: z.string() })),
              extra: z.string().nullable(),
            }),
          },
        },
        handler: async () => ({
          id: '6f1c2b1e-2f7d-4a55-9d3c-0e6f0b1a2c3d',
          email: 'a@example.test',
          at: '2026-01-01T00:00:00.000Z',
          items: [{ name: 'x', secret: 'nested-leak' }],
          extra: null,
          password_hash: '$argon2id$leak',
        }),
      });
    });
    const response = await app.inject({ url: '/leaky' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: '6f1c2b1e-2f7d-4a55-9d3c-0e6f0b1a2c3d',
      email: 'a@example.test',
      at: '2026-01-01T00:00:00.000Z',
      items: [{ name: 'x' }],
      extra: null,
    });
    expect(response.body).not.toContain('leak');
    await app.close();
  });
});

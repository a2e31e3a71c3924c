import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installPlainValidationMessages } from './plain-validation-messages.js';
import { safeText } from './safe-text.js';

installPlainValidationMessages();

function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('plain validation messages', () => {
  it.each([
    ['an empty name', safeText({ min: 1, max: 10 }), '', 'must not be empty'],
    ['a short password', z.string().min(12), 'short', 'must be at least 12 characters'],
    ['a long name', safeText({ min: 1, max: 10 }), 'x'.repeat(11), 'must be at most 10 characters'],
    ['a missing field', z.object({ name: z.string() }), {}, 'is required'],
    ['a number for text', z.string(), 5, 'must be text'],
    ['a page size of zero', z.number().int().min(1), 0, 'must be at least 1'],
    ['a page size too big', z.number().int().max(200), 201, 'must be at most 200'],
    ['a bad email', z.email(), 'not-an-email', 'must be an email address'],
    ['a bad id', z.uuid(), 'x', 'must be a valid id'],
    ['an unknown choice', z.enum(['owner', 'member']), 'boss', 'must be one of: owner, member'],
    ['an unknown field', z.strictObject({ a: z.string() }), { a: 'x', b: 1 }, 'has an unknown field: b'],
    ['an empty list', z.array(z.string()).min(1), [], 'must not be empty'],
  ])('says what is wrong with %s', (_case, schema, value, expected) => {
    expect(messageOf(schema, value)).toBe(expected);
  });

  it("keeps a schema's own message", () => {
    expect(messageOf(z.string().min(3, 'pick a longer word'), 'a')).toBe('pick a longer word');
  });
});

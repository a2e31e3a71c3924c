import { z } from 'zod';

/**
 * Validation messages a person can act on ("must not be empty", "must be at most 200
 * characters") instead of zod's defaults ("Too small: expected string to have >=1 characters").
 * Forms show them next to the field's label (`showApiError`), and API clients read the same text.
 * A message a schema sets itself wins over these; an issue not covered here keeps zod's default.
 */
export function plainValidationMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return bound(issue.origin, Number(issue.minimum), issue.exact ? 'exactly' : issue.inclusive === false ? 'more than' : 'at least');
    case 'too_big':
      return bound(issue.origin, Number(issue.maximum), issue.exact ? 'exactly' : issue.inclusive === false ? 'less than' : 'at most');
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'is not in the expected format';
    case 'invalid_value':
      return issue.values.length <= 12 ? `must be one of: ${issue.values.map(String).join(', ')}` : 'is not one of the accepted values';
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'}: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

/** Installs the messages for every schema of the process (zod's global configuration). */
export function installPlainValidationMessages(): void {
  z.config({ customError: plainValidationMessage });
}

function bound(origin: string, limit: number, relation: 'exactly' | 'at least' | 'more than' | 'at most' | 'less than'): string | undefined {
  if (origin === 'string') {
    if (relation === 'at least' && limit === 1) return 'must not be empty';
    return `must be ${relation} ${limit} ${limit === 1 ? 'character' : 'characters'}`;
  }
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return `must be ${relation} ${limit}`;
  if (origin === 'array' || origin === 'set') {
    if (relation === 'at least' && limit === 1) return 'must not be empty';
    return `must have ${relation} ${limit} ${limit === 1 ? 'item' : 'items'}`;
  }
  return undefined;
}

const TYPE_WORDS: Partial<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'null',
};

const FORMAT_WORDS: Partial<Record<string, string>> = {
  email: 'must be an email address',
  uuid: 'must be a valid id',
  guid: 'must be a valid id',
  url: 'must be a URL',
  datetime: 'must be a date and time, such as 2026-03-01T09:30:00Z',
  date: 'must be a date, such as 2026-03-01',
  time: 'must be a time, such as 09:30',
};

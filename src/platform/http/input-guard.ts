import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.js';
import { hasUnsafeCharacters } from './safe-text.js';

/** Deeper than any request of the suite needs; deeper input only costs the validators stack and time. */
const MAX_DEPTH = 32;

/**
 * The structural half of the safe-text rule: before validation, every string and key in the
 * path parameters, the query and the body is checked for NUL and other control characters
 * (tab and line breaks allowed) and lone surrogates, and nesting is bounded. Route schemas
 * (`safeText`) refine this per field (one-line, bounds), but a schema can forget a field, pass
 * unknown keys on (`looseObject`) or not exist at all (a page reading its query): this hook sees
 * every route, today's and later ones, so such text never reaches a handler or PostgreSQL.
 * Chosen over a lint rule on `z.string()`: a lint can tell neither request from response schemas
 * nor inline schemas from shared ones, and it cannot see keys no schema names.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      // A streamed body (a CSV upload) is read, and checked, by its route; walking the stream
      // object would wander through the socket and the server instead.
      if (value instanceof Readable) continue;
      const problem = findUnsafeInput(value, part);
      if (problem) throw new AppError('request.invalid', `Invalid request: ${problem.path}: ${problem.message}`, { issues: [problem] });
    }
  });
}

interface InputProblem {
  readonly path: string;
  readonly message: string;
}

function findUnsafeInput(root: unknown, rootPath: string): InputProblem | null {
  // Iterative, so hostile nesting cannot exhaust the stack before the depth check refuses it.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasUnsafeCharacters(value)) return { path, message: 'must not contain control characters or invalid Unicode' };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { path, message: `must not be nested more than ${MAX_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value)) {
      if (hasUnsafeCharacters(key)) return { path, message: 'must not have keys with control characters or invalid Unicode' };
      stack.push({ value: child, path: Array.isArray(value) ? `${path}.${key}` : `${path}.${key.slice(0, 64)}`, depth: depth + 1 });
    }
  }
  return null;
}

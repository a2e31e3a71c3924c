import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * SHA-256 (hex) of a request as its create sees it: the acting user (another member reusing a
 * key gets a refusal, never the first member's answer), the path parameters, the query and the
 * body, with object keys sorted so the same JSON in another order is the same request.
 */
export function requestFingerprint(request: FastifyRequest, body: unknown = request.body): string {
  const actor = request.principal?.onBehalfOf ?? request.principal?.subject ?? null;
  return createHash('sha256')
    .update(canonical({ actor, params: request.params ?? {}, query: request.query ?? {}, body }))
    .digest('hex');
}

export interface FingerprintedStream {
  /** Read the body from here: every byte passes through the hash. */
  readonly stream: Readable;
  /** The request's fingerprint; reads (and hashes) whatever of the body is still unread. */
  readonly fingerprint: () => Promise<string>;
}

/**
 * A streamed body (a CSV upload) is hashed as it is read, so its create never holds the file in
 * memory. A repeat, which creates nothing, reads its body only to hash it, within the same limit.
 */
export function fingerprintStream(request: FastifyRequest, source: Readable, limit: { maxBytes: number; tooLarge: () => Error }): FingerprintedStream {
  const hash = createHash('sha256').update(requestFingerprint(request, null)).update('\n');
  let seen = 0;
  let digest: string | undefined;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit.maxBytes) return done(limit.tooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      digest = hash.digest('hex');
      done();
    },
  });
  source.on('error', (error) => tap.destroy(error));
  source.pipe(tap);
  return {
    stream: tap,
    async fingerprint() {
      if (digest === undefined) {
        tap.resume();
        await finished(tap);
      }
      return digest!;
    },
  };
}

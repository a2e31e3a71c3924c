import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** The error envelope every failed request answers with; switch on `error.code`. */
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
export type ErrorCode = ErrorEnvelope['error']['code'];

export interface BsnsClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The installation's BSNS_PUBLIC_URL, e.g. `https://auth.example.org`. */
  readonly baseUrl: string;
  /** A personal access token (`pat_…`), sent as `Authorization: Bearer`. Browsers use the session cookie instead. */
  readonly token?: string;
}

/**
 * A typed client for the bsns API: paths, bodies, answers and error codes come from the OpenAPI
 * document the suite serves, so a contract change breaks the build, not production.
 */
export function createBsnsClient(options: BsnsClientOptions) {
  const { token, headers, ...rest } = options;
  return createClient<paths>({
    ...rest,
    headers: { ...(headers as Record<string, string> | undefined), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

export type BsnsClient = ReturnType<typeof createBsnsClient>;

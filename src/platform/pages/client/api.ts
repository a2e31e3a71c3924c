/** An error the API answered with (`{ error: { code, message } }`), or a network failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: string,
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/**
 * Calls the suite's JSON API on this origin. The browser adds the Origin header and the session
 * cookie; the server's origin check is what makes that safe, not anything here.
 */
export async function callApi(method: string, path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...headers, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 'Could not reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(data, response.status);
  return data;
}

function errorOf(data: unknown, status: number): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: { issues?: unknown } } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'unknown';
  const message = typeof error?.message === 'string' ? error.message : `The request failed (HTTP ${status}). Try again.`;
  const issues = Array.isArray(error?.details?.issues) ? (error.details.issues as Array<{ path: string; message: string }>) : [];
  return new ApiError(code, message, issues);
}

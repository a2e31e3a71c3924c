/**
 * What a personal access token may be granted. A closed list in code: a new scope takes a
 * reviewed commit, and a route names the one it needs in its posture (`token:records:read`).
 */
export const TOKEN_SCOPES = ['records:read', 'records:write', 'labels:read', 'labels:write', 'pact:read', 'pact:write'] as const;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

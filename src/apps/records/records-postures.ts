import type { ErrorCode } from '../../platform/errors/index.js';
import type { RouteAuth } from '../../platform/http/index.js';

/**
 * Who may call the records API: a browser session with MFA, or a personal access token with the
 * matching scope. Reads need `…:read`, writes `…:write`. Revealing a sensitive field is not here:
 * it needs a fresh second factor, which a token never has.
 */
export const RECORDS_READ = { auth: ['session+mfa', 'token:records:read'] } as const satisfies { auth: RouteAuth };
export const RECORDS_WRITE = { auth: ['session+mfa', 'token:records:write'] } as const satisfies { auth: RouteAuth };
/** A write that adds rows a tenant quota bounds (records, tasks, notes, imports): it can answer `quota.exceeded`. */
export const RECORDS_CREATE = { ...RECORDS_WRITE, errorCodes: ['quota.exceeded'] } as const satisfies { auth: RouteAuth; errorCodes: readonly ErrorCode[] };
export const LABELS_READ = { auth: ['session+mfa', 'token:labels:read'] } as const satisfies { auth: RouteAuth };
export const LABELS_WRITE = { auth: ['session+mfa', 'token:labels:write'] } as const satisfies { auth: RouteAuth };

/** What a paged read can answer beyond its posture and schemas (a forged cursor, no active tenant). */
export const PAGED_READ_ERRORS = ['auth.tenant_required', 'page.invalid_cursor'] as const;

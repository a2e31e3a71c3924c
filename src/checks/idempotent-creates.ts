import type { BuiltServer } from '../platform/http/build-server.js';
import type { CheckFinding, CheckReport } from './check-report.js';

interface Operation {
  operationId?: string;
  parameters?: Array<{ in?: string; name?: string }>;
  responses?: Record<string, unknown>;
  'x-error-codes'?: string[];
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation | undefined>>;
}

/**
 * Creates that do without `Idempotency-Key`, and why. All are in the identity database, which has
 * no key table (the business database's `idempotency_keys` is per tenant, under RLS). An entry
 * that is no longer a create, or that has gained the header, fails the check: remove it.
 */
export const IDEMPOTENCY_EXEMPT: ReadonlyMap<string, string> = new Map([
  ['POST /api/v1/account/tokens', 'identity database; the token secret is shown once and never kept to be replayed: a retry makes a second token, and the orphan can be revoked'],
  ['POST /api/v1/tenant/invitations', 'identity database; a repeat replaces the pending invitation to the same address, so one invitation stays live (its link is mailed again)'],
  ['POST /api/v1/auth/tenants', 'identity database; a repeat makes a second tenant of the same owner, which can be deleted (follow-up: a key table in identity)'],
  ['POST /api/v1/admin/impersonation', 'identity database; a repeat starts (or requests) a second time-boxed event, which both sides see and can end or deny'],
  ['POST /api/v1/auth/recovery-codes', 'identity database; replaces the codes: a repeat replaces them again and nothing accumulates'],
]);

/**
 * Boots the suite without listening and walks its OpenAPI document: every create — a POST whose
 * operation id ends in `.create`, or that answers 201 — declares the `Idempotency-Key` header and
 * the codes that come with it (control 22). Routes get both from `config.idempotentCreate`.
 */
export async function checkIdempotentCreates(build: () => Promise<BuiltServer>, exempt: ReadonlyMap<string, string> = IDEMPOTENCY_EXEMPT): Promise<CheckReport> {
  const built = await build();
  try {
    await built.app.ready();
    return { check: 'idempotent-creates', findings: findCreatesWithoutIdempotency(built.app.swagger() as OpenApiDocument, exempt), notes: [`${exempt.size} creates exempt (identity database): ${[...exempt.keys()].join(', ')}`] };
  } finally {
    await built.app.close();
  }
}

/** The findings for one OpenAPI document (exported for the planted-document tests). */
export function findCreatesWithoutIdempotency(document: OpenApiDocument, exempt: ReadonlyMap<string, string>): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const creates = new Set<string>();
  for (const [url, operations] of Object.entries(document.paths ?? {})) {
    const operation = operations?.post;
    if (!operation || !(operation.operationId?.endsWith('.create') || '201' in (operation.responses ?? {}))) continue;
    const location = `POST ${url}`;
    creates.add(location);
    const declared = (operation.parameters ?? []).some((parameter) => parameter.in === 'header' && parameter.name?.toLowerCase() === 'idempotency-key');
    if (exempt.has(location)) {
      if (declared) findings.push({ rule: 'idempotency-exempt-stale', location, message: 'declares Idempotency-Key now: remove it from IDEMPOTENCY_EXEMPT' });
      continue;
    }
    if (!declared) {
      findings.push({ rule: 'create-without-idempotency-key', location, message: 'a create must honour Idempotency-Key: declare config.idempotentCreate and answer through answerIdempotently (src/platform/outbox/)' });
    } else if (!operation['x-error-codes']?.includes('request.idempotency_key_reused')) {
      findings.push({ rule: 'create-without-idempotency-codes', location, message: 'declares Idempotency-Key by hand: use config.idempotentCreate, which also declares its error codes' });
    }
  }
  for (const location of exempt.keys()) {
    if (!creates.has(location)) findings.push({ rule: 'idempotency-exempt-stale', location, message: 'is no create of the document: remove it from IDEMPOTENCY_EXEMPT' });
  }
  return findings;
}

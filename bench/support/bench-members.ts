import { randomUUID } from 'node:crypto';
import type { IdentityDb } from '../../src/platform/db/index.js';

export interface BenchMember {
  readonly id: string;
  readonly email: string;
  readonly tenantId: string;
}

/**
 * Verified users, each owning a tenant, all with the same password hash (hashing once keeps the
 * set-up short; every verification still pays the full argon2id cost). Grace runs a week.
 */
export async function createBenchMembers(db: IdentityDb, count: number, passwordHash: string): Promise<BenchMember[]> {
  const members: BenchMember[] = [];
  for (let index = 0; index < count; index++) {
    const email = `bench-${index}-${randomUUID().slice(0, 8)}@example.test`;
    const member = await db.transaction(async (tx) => {
      const user = await tx.query<{ id: string }>(
        `INSERT INTO users (email, email_normalized, password_hash, email_verified_at, mfa_grace_until)
         VALUES ($1, $1, $2, now(), now() + interval '7 days') RETURNING id`,
        [email, passwordHash],
      );
      const userId = user.rows[0]!.id;
      const tenant = await tx.query<{ id: string }>('INSERT INTO tenants (name, created_by) VALUES ($1, $2) RETURNING id', [`Bench tenant ${index}`, userId]);
      const tenantId = tenant.rows[0]!.id;
      await tx.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, userId]);
      return { id: userId, email, tenantId };
    });
    members.push(member);
  }
  return members;
}

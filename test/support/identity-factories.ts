import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db/index.js';

export interface TestUserOverrides {
  readonly email?: string;
  readonly displayName?: string | null;
  readonly passwordHash?: string | null;
  readonly emailVerifiedAt?: Date | null;
  /** Defaults to seven days from the wall clock; tests on the grace window set it explicitly. */
  readonly mfaGraceUntil?: Date;
  readonly disabledAt?: Date | null;
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** A user with a unique address, so tests run in parallel without colliding on the email key. */
export async function createTestUser(db: Queryable, overrides: TestUserOverrides = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomUUID()}@example.test`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, email_normalized, display_name, password_hash, email_verified_at, mfa_grace_until, disabled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      email,
      email.trim().toLowerCase(),
      overrides.displayName ?? null,
      overrides.passwordHash ?? null,
      overrides.emailVerifiedAt ?? null,
      overrides.mfaGraceUntil ?? new Date(Date.now() + WEEK_MS),
      overrides.disabledAt ?? null,
    ],
  );
  return { id: rows[0]!.id, email };
}

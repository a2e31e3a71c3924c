import { z } from 'zod';

export const emailSchema = z.email().max(320);

/** The lookup and uniqueness key of an address: trimmed and lower-cased (no provider-specific folding). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

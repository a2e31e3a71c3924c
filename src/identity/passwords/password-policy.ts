import { z } from 'zod';

/**
 * NIST SP 800-63B: length over composition rules. 12 to 256 characters; the upper bound keeps
 * argon2 input reasonable. Breached-password screening is a later addition.
 */
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

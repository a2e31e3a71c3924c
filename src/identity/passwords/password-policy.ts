import { safeSecret } from '../../platform/http/index.js';

/**
 * NIST SP 800-63B: length over composition rules. 12 to 256 characters; the upper bound keeps
 * argon2 input reasonable. Any printable character, no control characters (safe-text rule).
 * Breached-password screening is a later addition.
 */
export const passwordSchema = safeSecret({ min: 12, max: 256, minMessage: 'must be at least 12 characters', maxMessage: 'must be at most 256 characters' });

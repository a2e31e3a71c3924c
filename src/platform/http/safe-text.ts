import { z } from 'zod';

/*
 * Text as every input of every app accepts it. PostgreSQL `text` cannot hold NUL (a 500 that
 * also told sign-up's two branches apart), a lone surrogate is silently rewritten to U+FFFD on the
 * way to the database, and control characters forge lines in logs, terminals and UIs. `\p{Cc}`
 * covers C0, DEL and C1; `\p{Cs}` matches only a surrogate that is not half of a pair (the `u`
 * flag reads pairs as one code point).
 */
const ONE_LINE = /^[^\p{Cc}\p{Cs}\u2028\u2029]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u;
const SAFE_TEXT_MESSAGE = 'must not contain control characters or invalid Unicode';

export interface SafeTextOptions {
  /** Upper bound in UTF-16 code units; required, since every stored text has a size. */
  readonly max: number;
  /**
   * Lower bound, after trimming; required, so every field says whether it may be empty. A name
   * the database requires (CHECK length ≥ 1) that trims to nothing must be a 400 here, never a
   * constraint violation there.
   */
  readonly min: number;
  /** Allow tab and line breaks (notes, descriptions); one-line fields refuse them. */
  readonly multiline?: boolean;
  /** Trim surrounding whitespace before the bounds are checked (names, not secrets). Default true. */
  readonly trim?: boolean;
}

/**
 * The schema of a text input: bounded, no control characters (except line breaks and tabs in
 * multi-line text), no lone surrogates. Use it for every string a client sends, in every app;
 * a refusal is a 400 `request.invalid` naming the field.
 */
export function safeText(options: SafeTextOptions): z.ZodString {
  const base = options.trim === false ? z.string() : z.string().trim();
  const bounded = base.min(options.min).max(options.max);
  return bounded.regex(options.multiline ? MULTI_LINE : ONE_LINE, SAFE_TEXT_MESSAGE);
}

/**
 * A secret typed by a person (a password): any printable character, spaces included and kept
 * as typed (never trimmed), but no control characters or broken Unicode, within bounds.
 */
export function safeSecret(options: { readonly min: number; readonly max: number; readonly minMessage?: string; readonly maxMessage?: string }): z.ZodString {
  return z.string().min(options.min, options.minMessage).max(options.max, options.maxMessage).regex(ONE_LINE, SAFE_TEXT_MESSAGE);
}

/** A base64url value (WebAuthn ids and client data, tokens), optionally `=`-padded. */
export function base64UrlText(options: { readonly min?: number; readonly max: number }): z.ZodString {
  return z
    .string()
    .min(options.min ?? 1)
    .max(options.max)
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'must be base64url');
}

/** Whether a string (a value or a key anywhere in a request) holds a character no input may carry. */
export function hasUnsafeCharacters(value: string): boolean {
  return !MULTI_LINE.test(value);
}

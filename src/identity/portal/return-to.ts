const FALLBACK = '/';
const MAX_LENGTH = 2048;
// Browsers drop tabs and newlines inside URLs and read `\` as `/`, so `/\t/evil.example` and
// `/\evil.example` both become `//evil.example`: any of them, or any other control character
// or space, disqualifies the value rather than being cleaned.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f\\]/;

/**
 * The `return_to` a page may send the browser to after sign-in or MFA: a path on this origin,
 * or `/`. Absolute URLs, scheme-relative `//host` and their disguises are refused, so a link
 * crafted by someone else cannot turn the sign-in page into an open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return FALLBACK;
  if (!value.startsWith('/') || value.startsWith('//') || UNSAFE_CHARACTERS.test(value)) return FALLBACK;
  // The URL parser is the final word: whatever it makes of the value must stay on our origin.
  const base = new URL('http://portal.invalid');
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (parsed.origin !== base.origin) return FALLBACK;
  // Dot segments can collapse into a scheme-relative path (`/.//evil.example` is `//evil.example`),
  // so what the parser made is checked again, not only what came in.
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return path.startsWith('//') ? FALLBACK : path;
}

/** A portal path with `return_to` attached, unless it would only say "go home". */
export function withReturnTo(path: string, returnTo: string): string {
  const safe = safeReturnPath(returnTo);
  return safe === FALLBACK ? path : `${path}?return_to=${encodeURIComponent(safe)}`;
}

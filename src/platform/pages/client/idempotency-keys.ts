/**
 * One Idempotency-Key per pending create, so a create sent again after its answer was lost (the
 * network failed, the laptop slept) repeats its key and the server creates once. The key lasts
 * while the same form sends the same request; an answer, success or refusal, ends it, so the next
 * submission is a new create.
 */
const pending = new WeakMap<HTMLFormElement, { readonly request: readonly unknown[]; readonly key: string }>();

/** The key for this form's request; `request` parts compare by identity (strings, a File). */
export function idempotencyKeyFor(form: HTMLFormElement, request: readonly unknown[]): string {
  const last = pending.get(form);
  if (last && last.request.length === request.length && last.request.every((part, index) => part === request[index])) return last.key;
  // getRandomValues, not randomUUID: the latter exists only in secure contexts, and a LAN install may serve http.
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  pending.set(form, { request: [...request], key });
  return key;
}

/** The request was answered: its key is spent (or, after a refusal, kept by nobody). */
export function settleIdempotencyKey(form: HTMLFormElement): void {
  pending.delete(form);
}

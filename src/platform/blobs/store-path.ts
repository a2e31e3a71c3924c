/**
 * The stores' own check of a path or prefix, below `TenantBlobs`' stricter key rule: relative,
 * `/`-separated, no empty segment and none starting with a dot (so no `.`, no `..`, and never the
 * local store's own `.incoming`), no backslash or control character. A path that passes names a
 * place inside the store's root on every platform, so traversal cannot be built.
 */
export function assertStorePath(value: string, kind: 'path' | 'prefix'): void {
  const body = kind === 'prefix' && value.endsWith('/') ? value.slice(0, -1) : value;
  const segments = body.split('/');
  const bad = body === '' || hasBackslashOrControl(body) || segments.some((segment) => segment === '' || segment.startsWith('.'));
  if (bad) throw new Error(`Refused blob store ${kind} ${JSON.stringify(value)}: not a plain relative path`);
}

function hasBackslashOrControl(value: string): boolean {
  return [...value].some((character) => character === '\\' || character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}

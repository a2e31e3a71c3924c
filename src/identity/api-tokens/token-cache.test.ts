import { describe, expect, it } from 'vitest';
import { TokenCache, type VerifiedToken } from './token-cache.js';

const now = new Date('2031-01-01T00:00:00Z');
const token = (overrides: Partial<VerifiedToken> = {}): VerifiedToken => ({
  id: 'token-1',
  userId: 'user-1',
  tenantId: 'tenant-1',
  scopes: ['labels:read'],
  expiresAt: new Date(now.getTime() + 60_000),
  lastUsedAt: null,
  ...overrides,
});

function openCacheWith(entries: Record<string, VerifiedToken>): TokenCache {
  const cache = new TokenCache();
  cache.open();
  for (const [hash, entry] of Object.entries(entries)) cache.storeIfUnchanged(hash, entry, cache.epoch);
  return cache;
}

describe('TokenCache', () => {
  it('answers nothing, and stores nothing, until opened, and forgets everything when closed', () => {
    const cache = new TokenCache();
    cache.storeIfUnchanged('h', token(), cache.epoch);
    cache.open();
    expect(cache.get('h', now)).toBeUndefined();
    cache.storeIfUnchanged('h', token(), cache.epoch);
    expect(cache.get('h', now)).toBeDefined();
    cache.close();
    expect(cache.get('h', now)).toBeUndefined();
    cache.open();
    expect(cache.get('h', now)).toBeUndefined();
  });

  it('does not store a lookup that began before a change arrived', () => {
    const cache = openCacheWith({});
    const epoch = cache.epoch;
    cache.invalidate('t:someone-else');
    cache.storeIfUnchanged('h', token(), epoch);
    expect(cache.size).toBe(0);
  });

  it('drops exactly what each message names, and everything on `*` or an unknown message', () => {
    const entries = {
      a: token({ id: 'a', userId: 'u1', tenantId: 'n1' }),
      b: token({ id: 'b', userId: 'u2', tenantId: 'n1' }),
      c: token({ id: 'c', userId: 'u1', tenantId: 'n2' }),
    };
    const left = (message: string) => {
      const cache = openCacheWith(entries);
      cache.invalidate(message);
      return ['a', 'b', 'c'].filter((hash) => cache.get(hash, now));
    };
    expect(left('t:a')).toEqual(['b', 'c']);
    expect(left('u:u1')).toEqual(['b']);
    expect(left('m:n1:u1')).toEqual(['b', 'c']);
    expect(left('n:n1')).toEqual(['c']);
    expect(left('*')).toEqual([]);
    expect(left('x:whatever')).toEqual([]);
  });

  it('checks expiry on every hit', () => {
    const cache = openCacheWith({ h: token() });
    expect(cache.get('h', new Date(now.getTime() + 59_999))).toBeDefined();
    expect(cache.get('h', new Date(now.getTime() + 60_000))).toBeUndefined();
  });
});

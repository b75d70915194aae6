import { describe, expect, it } from 'vitest';
import { createTokenStore, tokenStore } from '../../src/request';

describe('tokenStore without a DOM', () => {
  it('keeps tokens in memory', () => {
    expect(typeof (globalThis as { localStorage?: unknown }).localStorage).toBe('undefined');
    tokenStore.set('a', 'r');
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['a', 'r']);
    tokenStore.clear();
    expect(tokenStore.get()).toBeNull();
  });

  it('can sit on another storage', () => {
    const map = new Map<string, string>();
    const store = createTokenStore({
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    });
    store.set('x');
    expect([...map.values()]).toEqual(['x']);
  });
});

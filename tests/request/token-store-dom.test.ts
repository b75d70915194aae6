// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_KEYS, tokenStore } from '../../src/request';

afterEach(() => tokenStore.clear());

describe('tokenStore in a page', () => {
  it('keeps tokens in localStorage under namespaced keys', () => {
    tokenStore.set('a1', 'r1');
    expect(localStorage.getItem(TOKEN_KEYS.access)).toBe('a1');
    expect(localStorage.getItem(TOKEN_KEYS.refresh)).toBe('r1');
    tokenStore.set('a2');
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['a2', 'r1']);
    tokenStore.clear();
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual([null, null]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authApi } from '../../src/api';
import { tokenStore } from '../../src/request';
import { type AuthDb, authHandlers, createAuthDb, expireAccessTokens } from '../mocks';
import { server } from '../setup/msw';

// The default `http` (src/request/http.ts) wires its auth to `tokenStore` and to the refresh
// route `authApi.refresh` calls: a 401 burst refreshes once and every request is replayed.
let db: AuthDb;
beforeEach(() => {
  db = createAuthDb();
  server.use(...authHandlers(db));
  tokenStore.clear();
});
afterEach(() => tokenStore.clear());

describe('authApi with the default http', () => {
  it('sends the tokenStore token, one refresh on 401, replay', async () => {
    const tokens = await authApi.login({ body: { username: 'ann', password: 'secret' } });
    tokenStore.set(tokens.accessToken, tokens.refreshToken);
    await expect(authApi.me()).resolves.toMatchObject({ id: 'usr_1' });

    expireAccessTokens(db);
    const [a, b] = await Promise.all([authApi.me(), authApi.me()]);
    expect(a.id).toBe('usr_1');
    expect(b.id).toBe('usr_1');
    expect(db.refreshCalls).toBe(1);
    expect(tokenStore.get()).toBe('at_2');
    expect(tokenStore.getRefresh()).toBe('rt_2');
  });
});

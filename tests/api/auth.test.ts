import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authApi } from '../../src/api';
import { tokenStore } from '../../src/request';
import { type AuthDb, authHandlers, createAuthDb, type UserDb, userHandlers } from '../mocks';
import { server } from '../setup/msw';
import { countRequests } from './helpers';

let db: AuthDb;
let users: UserDb;
beforeEach(() => {
  db = createAuthDb();
  users = db.users;
  server.use(...authHandlers(db), ...userHandlers(users));
  tokenStore.clear();
});
afterEach(() => tokenStore.clear());

describe('authApi', () => {
  it('logs in with credentials and resolves to the token pair', async () => {
    const tokens = await authApi.login({ body: { username: ' ann ', password: 'secret' } });
    expect(tokens).toEqual({ accessToken: 'at_1', refreshToken: 'rt_1', expiresIn: 900 });
  });

  it('rejects a wrong password with an http 401', async () => {
    await expect(
      authApi.login({ body: { username: 'ann', password: 'nope' } }),
    ).rejects.toMatchObject({ kind: 'http', status: 401 });
  });

  it('refuses empty credentials without sending them', async () => {
    const counter = countRequests();
    await expect(authApi.login({ body: { username: '  ', password: '' } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'body',
      endpoint: 'POST /auth/login',
    });
    expect(counter.count).toBe(0);
    counter.stop();
  });

  it('refreshes with withToken: false, rotating the refresh token', async () => {
    expect(authApi.refresh.definition.config).toEqual({
      withToken: false,
      retry: false,
      maxRedirects: 0,
    });
    const { refreshToken } = await authApi.login({ body: { username: 'ann', password: 'secret' } });
    tokenStore.set('at_1', refreshToken);
    const next = await authApi.refresh({ body: { refreshToken } });
    expect(next).toMatchObject({ accessToken: 'at_2', refreshToken: 'rt_2' });
    // The old refresh token is spent: a replay is a 401 (and, sent without a token, never refreshes).
    await expect(authApi.refresh({ body: { refreshToken } })).rejects.toMatchObject({
      kind: 'http',
      status: 401,
    });
    expect(db.refreshCalls).toBe(2);
  });

  it('reads the signed-in user with the token passed per request', async () => {
    const { accessToken } = await authApi.login({ body: { username: 'ann', password: 'secret' } });
    const me = await authApi.me(undefined, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(me).toMatchObject({ id: 'usr_1', email: 'ann@example.com' });
    expect(me.createdAt).toBeInstanceOf(Date);
  });
});

import { type HttpHandler, HttpResponse } from 'msw';
import { authApi, type Tokens } from '../../src/api';
import { API_BASE, errorJson, jsonBody, route, validate } from './shared';
import { createUserDb, type UserDb } from './user';

/** Accounts and live tokens behind the auth mocks. */
export interface AuthDb {
  /** username → password and the user it signs in as. */
  accounts: Map<string, { password: string; userId: string }>;
  /** Live access tokens → user id. */
  access: Map<string, string>;
  /** Live refresh tokens → user id (each is used once: refresh rotates it). */
  refresh: Map<string, string>;
  users: UserDb;
  seq: number;
  /** Calls of the refresh endpoint, for asserting single-flight refresh. */
  refreshCalls: number;
}

/** One account, `ann` / `secret`, signed in as `usr_1`. */
export function createAuthDb(users: UserDb = createUserDb()): AuthDb {
  return {
    accounts: new Map([['ann', { password: 'secret', userId: 'usr_1' }]]),
    access: new Map(),
    refresh: new Map(),
    users,
    seq: 0,
    refreshCalls: 0,
  };
}

/** Issue a fresh token pair for a user (what login and refresh answer). */
export function issueTokens(db: AuthDb, userId: string): Tokens {
  db.seq += 1;
  const tokens = { accessToken: `at_${db.seq}`, refreshToken: `rt_${db.seq}`, expiresIn: 900 };
  db.access.set(tokens.accessToken, userId);
  db.refresh.set(tokens.refreshToken, userId);
  return tokens;
}

/** Make every access token invalid (the next authed call gets a 401), refresh tokens stay. */
export function expireAccessTokens(db: AuthDb): void {
  db.access.clear();
}

function bearer(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** The user id a request's bearer token belongs to, if it is live. */
export function userIdOf(db: AuthDb, request: Request): string | undefined {
  const token = bearer(request);
  return token === undefined ? undefined : db.access.get(token);
}

/** msw handlers for `authApi`: login, refresh (rotating the refresh token) and me. */
export function authHandlers(db: AuthDb = createAuthDb(), base: string = API_BASE): HttpHandler[] {
  return [
    route(
      authApi.login,
      async ({ request }) => {
        const b = validate(authApi.login.definition.body, await jsonBody(request));
        if (!b.ok) return b.response;
        const account = db.accounts.get(b.data.username);
        if (!account || account.password !== b.data.password) {
          return errorJson(401, 'Wrong username or password');
        }
        return HttpResponse.json(issueTokens(db, account.userId));
      },
      base,
    ),
    route(
      authApi.refresh,
      async ({ request }) => {
        db.refreshCalls += 1;
        const b = validate(authApi.refresh.definition.body, await jsonBody(request));
        if (!b.ok) return b.response;
        const userId = db.refresh.get(b.data.refreshToken);
        if (userId === undefined) return errorJson(401, 'Refresh token expired');
        db.refresh.delete(b.data.refreshToken);
        return HttpResponse.json(issueTokens(db, userId));
      },
      base,
    ),
    route(
      authApi.me,
      ({ request }) => {
        const userId = userIdOf(db, request);
        const user = userId === undefined ? undefined : db.users.users.get(userId);
        return user ? HttpResponse.json(user) : errorJson(401, 'Not signed in');
      },
      base,
    ),
  ];
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { createTokenStore, type Http, isApiError, type TokenStore } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { gate, json, type LoopbackServer, startServer, until } from './helpers/servers';

useOracle();

const OLD = 'access-old-secret';
const FRESH = 'access-fresh-secret';
const REFRESH = 'refresh-token-secret';
const secrets = [OLD, FRESH, REFRESH];

type RefreshAnswer = (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

/**
 * An API whose /me accepts only the currently valid token, with a refresh route whose answer the
 * test decides. `hold(i)` keeps the 401 of request `i` until the test releases it.
 */
async function authServer(answerRefresh: RefreshAnswer) {
  const state = { valid: FRESH, refreshes: 0 };
  const held = new Map<string, Promise<void>>();
  const server = await startServer(async (req, res, arrived) => {
    const url = new URL(arrived.url, 'http://x');
    if (url.pathname === '/auth/refresh') {
      state.refreshes += 1;
      await answerRefresh(res, req);
      return;
    }
    const id = url.searchParams.get('i') ?? '';
    if (req.headers.authorization === `Bearer ${state.valid}`) {
      json(res, 200, { id });
      return;
    }
    await held.get(id);
    json(res, 401, { message: 'token expired' });
  });
  return { server, state, held };
}

/** An instance whose refresh goes through itself with `withToken: false`, as authApi.refresh does. */
function client(server: LoopbackServer, store: TokenStore, onExpired = vi.fn()) {
  const http: Http = kit({
    baseURL: server.origin,
    retry: false,
    auth: {
      getToken: () => store.get(),
      refresh: async () => {
        const tokens = await refreshEndpoint({ body: { refreshToken: store.getRefresh() ?? '' } });
        store.set(tokens.accessToken, tokens.refreshToken);
        return tokens.accessToken;
      },
      onExpired,
    },
  });
  const refreshEndpoint = defineEndpoint({
    method: 'POST',
    path: '/auth/refresh',
    body: z.object({ refreshToken: z.string().min(1) }),
    response: z.object({ accessToken: z.string(), refreshToken: z.string() }),
    config: { withToken: false, retry: false },
    http,
  });
  const me = (i: string | number) => http.get<{ id: string }>('/me', { params: { i: String(i) } });
  return { http, me, onExpired };
}

function oldStore(): TokenStore {
  const store = createTokenStore();
  store.set(OLD, REFRESH);
  return store;
}

/** How many times each request id reached /me. */
function perId(server: LoopbackServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of server.arrived) {
    const url = new URL(a.url, 'http://x');
    if (url.pathname !== '/me') continue;
    const id = url.searchParams.get('i') ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('auth faults', () => {
  it('10 concurrent 401s + one started during the refresh + one sent with a superseded token: one refresh, each replayed once', async () => {
    const release = gate();
    const { server, state, held } = await authServer(async (res) => {
      await release.promise;
      json(res, 200, { accessToken: FRESH, refreshToken: 'refresh-2' });
    });
    const lateGate = gate();
    held.set('late', lateGate.promise);
    const store = oldStore();
    const { http, me, onExpired } = client(server, store);

    const burst = Array.from({ length: 10 }, (_, i) => me(i));
    const late = me('late');
    await until(() => http.stats().refreshWaiters === 10, '10 requests waiting on the refresh');
    expect(state.refreshes).toBe(1);
    // Started while the refresh is in flight: it still reads the old token from the store.
    const during = me('during');
    await until(() => http.stats().refreshWaiters === 11, 'the late starter joined the refresh');
    release.open();
    const results = await Promise.all([...burst, during]);
    // The superseded request's 401 arrives after the refresh has finished.
    lateGate.open();
    const lateResult = await late;

    expect(results.map((r) => r.data.id)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i)),
      'during',
    ]);
    expect(lateResult.data.id).toBe('late');
    expect(state.refreshes).toBe(1);
    expect(onExpired).not.toHaveBeenCalled();
    const counts = perId(server);
    expect(counts.size).toBe(12);
    for (const [id, n] of counts) expect(n, `request ${id}`).toBe(2);
    expect(server.arrived).toHaveLength(25);
    expect(store.get()).toBe(FRESH);
  });

  it('refresh answered 401: onExpired once, every request rejected with its 401, a bounded number of requests', async () => {
    const { server, state } = await authServer((res) =>
      json(res, 401, { message: 'refresh expired' }),
    );
    const store = oldStore();
    const { me, onExpired } = client(
      server,
      store,
      vi.fn(() => store.clear()),
    );
    const all = Array.from({ length: 10 }, (_, i) => me(i));
    const errors = await Promise.all(
      all.map((p) => expectApiError(p, { kind: 'http', status: 401, secrets })),
    );
    expect(errors.every((e) => e.url.endsWith('/me'))).toBe(true);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(onExpired.mock.calls[0]?.[0]).toMatchObject({ kind: 'http', status: 401 });
    expect(state.refreshes).toBe(1);
    expect(server.arrived).toHaveLength(11);
    expect(store.get()).toBeNull();
  });

  it('a replay that 401s again is rejected, with no second refresh', async () => {
    const { server, state } = await authServer((res) =>
      json(res, 200, { accessToken: 'also-rejected', refreshToken: 'refresh-2' }),
    );
    const { me, onExpired } = client(server, oldStore());
    const all = Array.from({ length: 5 }, (_, i) => me(i));
    await Promise.all(all.map((p) => expectApiError(p, { kind: 'http', status: 401, secrets })));
    expect(state.refreshes).toBe(1);
    expect(server.arrived).toHaveLength(11);
    for (const [, n] of perId(server)) expect(n).toBe(2);
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('refresh failing by network: no onExpired, waiters rejected as network, the next 401 refreshes again', async () => {
    let calls = 0;
    const allWaiting = gate();
    const { server, state } = await authServer(async (res) => {
      calls += 1;
      if (calls > 1) return json(res, 200, { accessToken: FRESH, refreshToken: 'refresh-2' });
      await allWaiting.promise;
      res.socket?.destroy();
    });
    const store = oldStore();
    const { http, me, onExpired } = client(server, store);
    const first = Array.from({ length: 3 }, (_, i) => me(i));
    await until(() => http.stats().refreshWaiters === 3, 'the burst waits on the refresh');
    allWaiting.open();
    await Promise.all(first.map((p) => expectApiError(p, { kind: 'network', secrets })));
    expect(onExpired).not.toHaveBeenCalled();
    expect(store.get()).toBe(OLD);
    await expect(me('again')).resolves.toMatchObject({ data: { id: 'again' } });
    expect(state.refreshes).toBe(2);
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('two instances sharing one token store refresh once', async () => {
    const { server, state, held } = await authServer((res) =>
      json(res, 200, { accessToken: FRESH, refreshToken: 'refresh-2' }),
    );
    const bHeld = gate();
    held.set('b0', bHeld.promise);
    held.set('b1', bHeld.promise);
    const store = oldStore();
    const a = client(server, store);
    const b = client(server, store);
    // B's requests go out with the old token; their 401s arrive after A has refreshed.
    const bCalls = [b.me('b0'), b.me('b1')];
    await until(() => perId(server).get('b1') === 1 && perId(server).get('b0') === 1, 'B sent');
    const aCalls = [a.me('a0'), a.me('a1'), a.me('a2')];
    await Promise.all(aCalls);
    expect(state.refreshes).toBe(1);
    bHeld.open();
    const bResults = await Promise.all(bCalls);
    expect(bResults.map((r) => r.data.id)).toEqual(['b0', 'b1']);
    expect(state.refreshes).toBe(1);
    // And B, after that, simply uses the new token.
    await expect(b.me('b2')).resolves.toMatchObject({ data: { id: 'b2' } });
    expect(state.refreshes).toBe(1);
  });

  it('a refresh that never answers: waiters end as timeout at the deadline, no onExpired', async () => {
    const { server, state } = await authServer(() => {
      // never answers
    });
    const store = oldStore();
    const onExpired = vi.fn();
    const http: Http = kit({
      baseURL: server.origin,
      timeout: 300,
      retry: false,
      auth: {
        getToken: () => store.get(),
        refresh: () =>
          http
            .post<{ accessToken: string }>('/auth/refresh', {}, { withToken: false, timeout: 0 })
            .then((r) => r.data.accessToken),
        onExpired,
      },
    });
    const started = Date.now();
    const all = Array.from({ length: 3 }, (_, i) => http.get('/me', { params: { i: String(i) } }));
    await Promise.all(all.map((p) => expectApiError(p, { kind: 'timeout', secrets })));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(onExpired).not.toHaveBeenCalled();
    expect(state.refreshes).toBe(1);
    // The hung refresh request itself is still the app's to end.
    http.cancelAll();
  });

  it('a token with CR/LF is refused before anything is sent, and never echoed', async () => {
    const { server } = await authServer(() => undefined);
    const evil = 'abc\r\nX-Injected: 1';
    const http = kit({ baseURL: server.origin, retry: false, auth: { getToken: () => evil } });
    const error = await expectApiError(http.get('/me'), { kind: 'validation', secrets: [evil] });
    expect(error.message).not.toContain('X-Injected');
    expect(server.arrived).toHaveLength(0);
  });

  it('a getToken that throws ends typed, with nothing sent', async () => {
    const { server } = await authServer(() => undefined);
    const http = kit({
      baseURL: server.origin,
      retry: false,
      auth: {
        getToken: () => {
          throw new Error('storage blocked');
        },
      },
    });
    const outcome = await http.get('/me').catch((e: unknown) => e);
    expect(isApiError(outcome)).toBe(true);
    expect(server.arrived).toHaveLength(0);
  });

  it('withToken: false never triggers a refresh', async () => {
    const { server, state } = await authServer((res) =>
      json(res, 200, { accessToken: FRESH, refreshToken: 'refresh-2' }),
    );
    const { http } = client(server, oldStore());
    await expectApiError(http.get('/me', { params: { i: 'x' }, withToken: false }), {
      kind: 'http',
      status: 401,
    });
    expect(state.refreshes).toBe(0);
    expect(server.arrived[0]?.headers.authorization).toBeUndefined();
  });
});

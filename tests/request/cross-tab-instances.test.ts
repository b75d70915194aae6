/**
 * auth.crossTab at the instance level, in Node: several `createHttp` instances stand for the tabs
 * of one origin, on a fake platform (in-memory Web Locks, BroadcastChannel and shared record),
 * against a backend that rotates refresh tokens and revokes the session when one is used twice.
 * Without the fake, Node has no Web Locks: crossTab does nothing and each instance refreshes alone.
 */
import { HttpResponse, http as rest } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiError, createHttp, type Http, type SessionOrigin } from '../../src/request';
import { chosenTabEnvironment, setTabEnvironment } from '../../src/request/tab-environment';
import { server } from '../setup/msw';
import { fakeOrigin } from './fake-tabs';

const API = 'https://tabs.test';

/** Rotating refresh tokens with reuse detection: a refresh token used twice revokes the session. */
function backend(options: { refreshGate?: Promise<void> } = {}) {
  const state = {
    access: 'a1',
    refresh: 'r1',
    generation: 1,
    revoked: false,
    used: new Set<string>(),
    refreshCalls: 0,
    reuse: 0,
  };
  server.use(
    rest.post(`${API}/auth/refresh`, async ({ request }) => {
      state.refreshCalls += 1;
      const { refreshToken } = (await request.json()) as { refreshToken: string };
      await options.refreshGate;
      if (state.used.has(refreshToken)) {
        state.reuse += 1;
        state.revoked = true;
        return HttpResponse.json({ message: 'refresh token reused' }, { status: 401 });
      }
      if (state.revoked || refreshToken !== state.refresh)
        return new HttpResponse(null, { status: 401 });
      state.used.add(refreshToken);
      state.generation += 1;
      state.access = `a${state.generation}`;
      state.refresh = `r${state.generation}`;
      return HttpResponse.json({ accessToken: state.access, refreshToken: state.refresh });
    }),
    rest.get(`${API}/data/:n`, ({ request, params }) => {
      if (state.revoked || request.headers.get('authorization') !== `Bearer ${state.access}`) {
        return new HttpResponse(null, { status: 401 });
      }
      return HttpResponse.json({ n: Number(params.n) });
    }),
  );
  /** The server forgets the access token, as its lifetime running out would. */
  const expire = () => {
    state.access = `expired-${state.generation}`;
  };
  return { state, expire };
}

interface Tab {
  http: Http;
  /** This tab's view of the store (each its own copy, as a lagging localStorage read would be). */
  store: { access: string | null; refresh: string | null };
  changes: Array<string | null>;
  /** Each change as `token origin` (`a2 local`, `null remote`). */
  origins: string[];
  onExpired: ReturnType<typeof vi.fn<(error: ApiError) => void>>;
  /** Sign out in this tab: the store is cleared and its subscribers told. */
  signOut(): void;
}

function openTab(crossTab = true): Tab {
  const store = { access: 'a1' as string | null, refresh: 'r1' as string | null };
  const subscribers: Array<(token: string | null) => void> = [];
  const onExpired = vi.fn<(error: ApiError) => void>(() => {
    store.access = null;
    store.refresh = null;
  });
  const http: Http = createHttp({
    baseURL: API,
    loading: false,
    retry: false,
    timeout: 5_000,
    auth: {
      getToken: () => store.access,
      refresh: async () => {
        const { data } = await http.post(
          '/auth/refresh',
          { refreshToken: store.refresh },
          { withToken: false },
        );
        store.access = data.accessToken;
        store.refresh = data.refreshToken;
        return data.accessToken;
      },
      onExpired,
      subscribe: (notify) => subscribers.push(notify),
      crossTab,
    },
  });
  const changes: Array<string | null> = [];
  const origins: string[] = [];
  http.session.onChange((token, origin: SessionOrigin) => {
    changes.push(token);
    origins.push(`${token} ${origin}`);
  });
  return {
    http,
    store,
    changes,
    origins,
    onExpired,
    signOut() {
      store.access = null;
      store.refresh = null;
      for (const notify of subscribers) notify(null);
    },
  };
}

/** Let the fake channels deliver (a macrotask each). */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('auth.crossTab across createHttp instances (a fake tab platform)', () => {
  it('three instances whose token expired while all are busy: one refresh, every request succeeds', async () => {
    restore = setTabEnvironment(fakeOrigin().env);
    const { state, expire } = backend();
    const tabs = [openTab(), openTab(), openTab()];
    expire();

    const results = await Promise.all(
      tabs.flatMap((tab, t) =>
        Array.from({ length: 4 }, (_, i) => tab.http.get(`/data/${t * 10 + i}`)),
      ),
    );
    await delivered();

    expect(results.map((r) => r.data.n).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23,
    ]);
    expect(state.refreshCalls).toBe(1);
    expect(state.reuse).toBe(0);
    for (const tab of tabs) {
      expect(tab.onExpired).not.toHaveBeenCalled();
      expect(tab.changes).toEqual(['a2']);
    }
    // The tab that refreshed hears its own refresh; the two that waited for it hear it as
    // another tab's, although their own 401s were what asked for it.
    expect(tabs.map((tab) => tab.origins[0]).sort()).toEqual([
      'a2 local',
      'a2 remote',
      'a2 remote',
    ]);
    // The two tabs that did not refresh still hold the old pair in their own store: their next
    // request carries the new token all the same, and nothing is refreshed again.
    const lagging = tabs.filter((tab) => tab.store.access === 'a1');
    expect(lagging).toHaveLength(2);
    for (const tab of lagging) await expect(tab.http.get('/data/99')).resolves.toBeDefined();
    expect(state.refreshCalls).toBe(1);
  });

  it('a sign-out in one instance during another one’s refresh ends the session in all of them', async () => {
    restore = setTabEnvironment(fakeOrigin().env);
    let release: () => void = () => {};
    const refreshGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { state, expire } = backend({ refreshGate });
    const [refreshing, leaving, third] = [openTab(), openTab(), openTab()];
    expire();

    const request = refreshing.http.get('/data/1');
    await vi.waitFor(() => expect(state.refreshCalls).toBe(1));
    leaving.signOut();
    await delivered();
    // The server answers the refresh after the sign-out.
    release();

    await expect(request).rejects.toMatchObject({ kind: 'http', status: 401 });
    await delivered();
    // The refresh's answer reached no session, and its tab's store was cleared by onExpired.
    for (const tab of [refreshing, leaving, third]) expect(tab.changes).not.toContain('a2');
    expect(third.changes.at(-1)).toBeNull();
    expect(refreshing.changes.at(-1)).toBeNull();
    // Each tab but the one that signed out heard the sign-out as another tab's.
    expect(leaving.origins).toEqual(['null local']);
    expect(third.origins).toEqual(['null remote']);
    expect(refreshing.origins).toEqual(['null remote']);
    expect(refreshing.onExpired).toHaveBeenCalledTimes(1);
    expect(refreshing.store).toEqual({ access: null, refresh: null });
    // A request in the third tab, whose own store still holds the old pair, is not sent with a
    // token of the ended session, and nobody refreshes again.
    await expect(third.http.get('/data/2')).rejects.toMatchObject({ status: 401 });
    expect(state.refreshCalls).toBe(1);
  });

  it('in Node (no Web Locks) crossTab does nothing, throws nothing, and each instance refreshes alone', async () => {
    expect(chosenTabEnvironment()).toBeUndefined();
    const { state, expire } = backend();
    const [a, b] = [openTab(), openTab()];
    expire();

    await expect(a.http.get('/data/1')).resolves.toMatchObject({ data: { n: 1 } });
    expect(state.refreshCalls).toBe(1);
    expect(a.changes).toEqual(['a2']);
    // Nothing reached the other instance: it still holds r1, which the server already rotated.
    expect(b.changes).toEqual([]);
    await expect(b.http.get('/data/2')).rejects.toMatchObject({ status: 401 });
    expect(state.refreshCalls).toBe(2);
    expect(state.reuse).toBe(1);
    expect(b.onExpired).toHaveBeenCalledTimes(1);
  });
});

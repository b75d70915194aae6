import { HttpResponse, http as rest } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ApiError,
  createHttp,
  createTokenStore,
  http as defaultHttp,
  type Http,
  tokenStore,
} from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';

type RefreshMode = 'ok' | 'unauthorized' | 'drop';

/** /auth/refresh answers per `mode` (after `gate`); /data/:n accepts only the token `valid`. */
function backend(mode: RefreshMode, gate?: Promise<void>) {
  const state = { valid: 'new', refreshCalls: 0, seen: [] as string[] };
  server.use(
    rest.post(`${API}/auth/refresh`, async () => {
      state.refreshCalls += 1;
      await gate;
      if (mode === 'drop') return HttpResponse.error();
      if (mode === 'unauthorized') return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ accessToken: state.valid });
    }),
    rest.get(`${API}/data/:n`, ({ request }) => {
      const auth = request.headers.get('authorization') ?? '';
      state.seen.push(auth);
      if (auth !== `Bearer ${state.valid}`) return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ ok: true });
    }),
  );
  return state;
}

/** An instance whose refresh stores the token it gets, as the default instance's does. */
function client(options: { timeout?: number; getToken?: () => Promise<string | null> } = {}) {
  const map = new Map<string, string>();
  const store = createTokenStore({
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  });
  const onExpired = vi.fn<(error: ApiError) => void>();
  const http: Http = createHttp({
    baseURL: API,
    timeout: options.timeout ?? 15_000,
    loading: false,
    retry: false,
    auth: {
      getToken: options.getToken ?? (() => store.get()),
      refresh: async () => {
        const { data } = await http.post('/auth/refresh', {}, { withToken: false });
        store.set(data.accessToken);
        return data.accessToken;
      },
      onExpired: (error) => {
        onExpired(error);
        store.clear();
      },
      subscribe: (notify) => store.subscribe(notify),
    },
  });
  store.set('old');
  return { http, store, onExpired };
}

function gated() {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

describe('http.session.token()', () => {
  it('reads the token as a request would: sync or async getToken, null when there is none', async () => {
    const { http, store } = client();
    expect(await http.session.token()).toBe('old');
    store.clear();
    expect(await http.session.token()).toBeNull();
    const asyncOne = createHttp({ auth: { getToken: async () => 'async-token' } });
    expect(await asyncOne.session.token()).toBe('async-token');
    expect(await createHttp({ auth: { getToken: () => '' } }).session.token()).toBeNull();
    expect(await createHttp().session.token()).toBeNull();
  });

  it('never hangs: a getToken that never settles rejects with kind timeout after the instance timeout', async () => {
    const { http } = client({ timeout: 30, getToken: () => new Promise<never>(() => undefined) });
    await expect(http.session.token()).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('a getToken that throws rejects with an ApiError, the error kept as cause', async () => {
    const boom = new Error('storage blocked');
    const http = createHttp({
      auth: {
        getToken: () => {
          throw boom;
        },
      },
    });
    await expect(http.session.token()).rejects.toMatchObject({ name: 'ApiError', cause: boom });
  });
});

describe('http.session.refresh()', () => {
  it('joins the refresh a burst of 401s started: one refresh call, the same token for all', async () => {
    const { gate, open } = gated();
    const state = backend('ok', gate);
    const { http } = client();
    const requests = [http.get('/data/1'), http.get('/data/2')];
    await vi.waitFor(() => expect(state.refreshCalls).toBe(1));
    const fromSession = [http.session.refresh(), http.session.refresh()];
    open();
    expect(await Promise.all(fromSession)).toEqual(['new', 'new']);
    await Promise.all(requests);
    expect(state.refreshCalls).toBe(1);
    expect(state.seen.filter((auth) => auth === 'Bearer new')).toHaveLength(2);
  });

  it('a request that meets a 401 while session.refresh() runs joins it instead of starting another', async () => {
    const { gate, open } = gated();
    const state = backend('ok', gate);
    const { http } = client();
    const refreshed = http.session.refresh();
    await vi.waitFor(() => expect(state.refreshCalls).toBe(1));
    const request = http.get('/data/1');
    await vi.waitFor(() => expect(state.seen).toEqual(['Bearer old']));
    open();
    await expect(refreshed).resolves.toBe('new');
    await expect(request).resolves.toMatchObject({ data: { ok: true } });
    expect(state.refreshCalls).toBe(1);
    expect(await http.session.token()).toBe('new');
  });

  it('an auth failure calls onExpired once and rejects every caller with kind http, status 401', async () => {
    const state = backend('unauthorized');
    const { http, onExpired } = client();
    const results = await Promise.allSettled([
      http.session.refresh(),
      http.session.refresh(),
      http.session.refresh(),
    ]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { kind: 'http', status: 401 } });
    }
    expect(state.refreshCalls).toBe(1);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(onExpired.mock.calls[0]?.[0]).toMatchObject({ kind: 'http', status: 401 });
  });

  it('a network failure rejects with kind network and does not end the session', async () => {
    backend('drop');
    const { http, onExpired } = client();
    await expect(http.session.refresh()).rejects.toMatchObject({ kind: 'network' });
    expect(onExpired).not.toHaveBeenCalled();
    expect(await http.session.token()).toBe('old');
  });

  it('an instance without auth.refresh rejects with a 401 and never calls onExpired', async () => {
    const onExpired = vi.fn();
    const http = createHttp({ auth: { getToken: () => 't', onExpired } });
    await expect(http.session.refresh()).rejects.toMatchObject({ kind: 'http', status: 401 });
    await expect(createHttp().session.refresh()).rejects.toMatchObject({ status: 401 });
    expect(onExpired).not.toHaveBeenCalled();
  });
});

describe('http.session.onChange()', () => {
  it('tells a refresh once, even when refresh() also stored the token', async () => {
    backend('ok');
    const { http } = client();
    const seen: (string | null)[] = [];
    http.session.onChange((token) => seen.push(token));
    await http.session.refresh();
    expect(seen).toEqual(['new']);
  });

  it('tells sign-in and sign-out through the store, expiry with null, and stops after unsubscribe', async () => {
    backend('unauthorized');
    const { http, store } = client();
    const seen: (string | null)[] = [];
    const off = http.session.onChange((token) => seen.push(token));
    store.set('signed-in');
    store.clear();
    store.set('again');
    await expect(http.session.refresh()).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual(['signed-in', null, 'again', null]);
    off();
    store.set('unheard');
    expect(seen).toHaveLength(4);
  });

  it('a listener that throws neither stops the others nor the refresh', async () => {
    backend('ok');
    const { http } = client();
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const after = vi.fn();
      http.session.onChange(() => {
        throw new Error('listener bug');
      });
      http.session.onChange(after);
      await expect(http.session.refresh()).resolves.toBe('new');
      expect(after).toHaveBeenCalledWith('new', 'local');
      await vi.waitFor(() => expect(thrown).toHaveLength(1));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('the default http instance', () => {
  afterEach(() => tokenStore.clear());

  it('wires tokenStore to its session: sign-in and sign-out reach onChange', () => {
    const seen: (string | null)[] = [];
    const off = defaultHttp.session.onChange((token) => seen.push(token));
    tokenStore.set('access-1', 'refresh-1');
    tokenStore.clear();
    off();
    expect(seen).toEqual(['access-1', null]);
  });
});

import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { type ApiError, createHttp, type Http, isApiError } from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';

/** A backend where only `valid` is accepted and /auth/refresh answers per `refreshMode`. */
function backend(opts: { refresh: 'ok' | 'unauthorized' | 'drop' | 'hang'; gate?: Promise<void> }) {
  const state = { valid: 'new', refreshCalls: 0, hits: 0, seen: [] as string[] };
  server.use(
    rest.post(`${API}/auth/refresh`, async ({ request }) => {
      state.refreshCalls += 1;
      expect(request.headers.get('authorization')).toBeNull();
      await opts.gate;
      if (opts.refresh === 'drop') return HttpResponse.error();
      if (opts.refresh === 'unauthorized') return new HttpResponse(null, { status: 401 });
      if (opts.refresh === 'hang') await new Promise(() => {});
      return HttpResponse.json({ accessToken: state.valid });
    }),
    rest.get(`${API}/data/:n`, ({ request, params }) => {
      state.hits += 1;
      const auth = request.headers.get('authorization') ?? '';
      state.seen.push(`${params.n}:${auth}`);
      if (auth !== `Bearer ${state.valid}`) return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ n: Number(params.n) });
    }),
  );
  return state;
}

function client(timeout = 15_000) {
  const store = { token: 'old' as string | null };
  const onExpired = vi.fn<(error: ApiError) => void>();
  const http: Http = createHttp({
    baseURL: API,
    timeout,
    loading: false,
    retry: false,
    auth: {
      getToken: () => store.token,
      refresh: async () => {
        const { data } = await http.post('/auth/refresh', {}, { withToken: false });
        store.token = data.accessToken;
        return data.accessToken;
      },
      onExpired,
    },
  });
  return { http, store, onExpired };
}

const burst = (http: Http, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => http.get(`/data/${from + i}`));

describe('single-flight refresh', () => {
  it('20 concurrent 401s: one refresh, each request replayed once with the new token', async () => {
    const state = backend({ refresh: 'ok' });
    const { http, onExpired } = client();
    const results = await Promise.all(burst(http, 20));
    expect(results.map((r) => r.data.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(state.refreshCalls).toBe(1);
    expect(state.hits).toBe(40);
    for (let i = 0; i < 20; i++) {
      expect(state.seen.filter((s) => s.startsWith(`${i}:`))).toEqual([
        `${i}:Bearer old`,
        `${i}:Bearer new`,
      ]);
    }
    expect(onExpired).not.toHaveBeenCalled();
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('requests started during the refresh with the old token wait for it and replay', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const state = backend({ refresh: 'ok', gate });
    const { http } = client();
    const first = burst(http, 10);
    await vi.waitFor(() => expect(state.refreshCalls).toBe(1));
    const late = burst(http, 5, 10);
    await vi.waitFor(() => expect(http.stats().refreshWaiters).toBe(15));
    open();
    const results = await Promise.all([...first, ...late]);
    expect(results).toHaveLength(15);
    expect(state.refreshCalls).toBe(1);
  });

  it('a 401 for a token older than the last refresh replays without refreshing again', async () => {
    const state = backend({ refresh: 'ok' });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      rest.get(`${API}/data/slow`, async ({ request }) => {
        const auth = request.headers.get('authorization');
        if (auth === 'Bearer old') {
          await held;
          return new HttpResponse(null, { status: 401 });
        }
        return HttpResponse.json({ n: 'slow' });
      }),
    );
    const { http } = client();
    const slow = http.get('/data/slow');
    await Promise.all(burst(http, 3));
    expect(state.refreshCalls).toBe(1);
    release();
    expect((await slow).data).toEqual({ n: 'slow' });
    expect(state.refreshCalls).toBe(1);
  });

  it('a failed refresh calls onExpired once and rejects all 20 with their 401', async () => {
    const state = backend({ refresh: 'unauthorized' });
    const { http, onExpired } = client();
    const settled = await Promise.allSettled(burst(http, 20));
    expect(state.refreshCalls).toBe(1);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(onExpired.mock.calls[0]?.[0]).toMatchObject({ kind: 'http', status: 401 });
    for (const [i, outcome] of settled.entries()) {
      expect(outcome.status).toBe('rejected');
      const reason = outcome.status === 'rejected' ? outcome.reason : undefined;
      expect(isApiError(reason) && reason.status).toBe(401);
      expect((reason as ApiError).url).toBe(`${API}/data/${i}`);
    }
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('a refresh failing by network error rejects with kind network, no onExpired, and may retry later', async () => {
    const state = backend({ refresh: 'drop' });
    const { http, onExpired } = client();
    const settled = await Promise.allSettled(burst(http, 5));
    expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'network')).toBe(true);
    expect(onExpired).not.toHaveBeenCalled();
    expect(state.refreshCalls).toBe(1);
    await expect(http.get('/data/9')).rejects.toMatchObject({ kind: 'network' });
    expect(state.refreshCalls).toBe(2);
  });

  it('a refresh that never answers rejects the waiters with kind timeout', async () => {
    backend({ refresh: 'hang' });
    const { http, onExpired } = client(100);
    const settled = await Promise.allSettled(burst(http, 3));
    expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'timeout')).toBe(true);
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('a replay that gets 401 again is rejected, without a second refresh', async () => {
    const state = backend({ refresh: 'ok' });
    server.use(
      rest.post(`${API}/auth/refresh`, () => {
        state.refreshCalls += 1;
        return HttpResponse.json({ accessToken: 'rotated-but-rejected' });
      }),
    );
    const { http } = client();
    await expect(http.get('/data/1')).rejects.toMatchObject({ status: 401 });
    expect(state.refreshCalls).toBe(1);
    expect(state.hits).toBe(2);
  });

  it('withToken: false and requests that carried no token never refresh', async () => {
    const state = backend({ refresh: 'ok' });
    const { http, store } = client();
    await expect(http.get('/data/1', { withToken: false })).rejects.toMatchObject({ status: 401 });
    store.token = null;
    await expect(http.get('/data/2')).rejects.toMatchObject({ status: 401 });
    expect(state.refreshCalls).toBe(0);
  });

  it('cancelAll reaches the requests waiting on a refresh', async () => {
    const gate = new Promise<void>(() => {});
    const state = backend({ refresh: 'ok', gate });
    const { http } = client();
    const waiting = burst(http, 4);
    await vi.waitFor(() => expect(http.stats().refreshWaiters).toBe(4));
    // The 4 waiters and the refresh request itself.
    expect(http.cancelAll()).toBe(5);
    const settled = await Promise.allSettled(waiting);
    expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'canceled')).toBe(
      true,
    );
    expect(state.refreshCalls).toBe(1);
    // The aborted refresh request itself settles a few turns later.
    await vi.waitFor(() =>
      expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 }),
    );
  });

  it('a 401 arriving after the refresh failed is rejected without another refresh or onExpired', async () => {
    const state = backend({ refresh: 'unauthorized' });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      rest.get(`${API}/data/late`, async () => {
        await held;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const { http, onExpired, store } = client();
    onExpired.mockImplementation(() => {
      store.token = null;
    });
    const late = http.get('/data/late');
    await expect(http.get('/data/1')).rejects.toMatchObject({ status: 401 });
    release();
    await expect(late).rejects.toMatchObject({ status: 401, url: `${API}/data/late` });
    expect(state.refreshCalls).toBe(1);
    expect(onExpired).toHaveBeenCalledTimes(1);
  });

  it('two instances sharing a token store: the second replays with the stored token, no refresh', async () => {
    const state = backend({ refresh: 'ok' });
    const a = client();
    const secondRefresh = vi.fn(async () => 'never-used');
    // A second instance reading the same store as the first.
    const shared = createHttp({
      baseURL: API,
      loading: false,
      retry: false,
      auth: { getToken: () => a.store.token, refresh: secondRefresh },
    });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      rest.get(`${API}/data/held`, async ({ request }) => {
        if (request.headers.get('authorization') === 'Bearer new') return HttpResponse.json({});
        await held;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const waiting = shared.get('/data/held');
    await a.http.get('/data/1');
    expect(a.store.token).toBe('new');
    release();
    await waiting;
    expect(state.refreshCalls).toBe(1);
    expect(secondRefresh).not.toHaveBeenCalled();
  });
});

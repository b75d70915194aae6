// DESIGN.md "Public contract → src/request", read clause by clause as a new user would, through
// the public barrel only. msw answers; fake setTimeout drives every delay.
import { HttpResponse, http as msw } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createHttp,
  type Http,
  type HttpOptions,
  http,
  isApiError,
  tokenStore,
} from '../../src/request';
import { server } from '../setup/msw';
import { API, gate, rejectionOf, route, turnsUntil } from './helpers';

const make = (options: HttpOptions = {}): Http =>
  createHttp({ baseURL: API, loading: false, ...options });

const authOf = (request: Request | undefined) => request?.headers.get('authorization') ?? null;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('exports', () => {
  it('names createHttp, http, tokenStore, ApiError and isApiError', () => {
    expect(typeof createHttp).toBe('function');
    expect(typeof http.request).toBe('function');
    expect(typeof http.cancelAll).toBe('function');
    expect(http.pending).toBe(0);
    for (const name of ['get', 'getRefresh', 'set', 'clear'] as const) {
      expect(typeof tokenStore[name]).toBe('function');
    }
    expect(new ApiError({ kind: 'network', message: 'x' })).toBeInstanceOf(Error);
    expect(isApiError(new Error('x'))).toBe(false);
  });

  it('http: baseURL from VITE_API_BASE_URL (the unit project sets it)', () => {
    expect(http.defaults.baseURL).toBe(import.meta.env.VITE_API_BASE_URL);
  });

  it('tokenStore: set, get, getRefresh, clear', () => {
    tokenStore.set('a1', 'r1');
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['a1', 'r1']);
    tokenStore.set('a2');
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['a2', 'r1']);
    tokenStore.clear();
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual([null, null]);
  });
});

describe('HttpOptions defaults', () => {
  it('timeout is 15000', () => {
    expect(createHttp().defaults.timeout).toBe(15_000);
  });

  it('loading is on with delay 200: start at 200 ms, not 199; done when settled', async () => {
    const g = gate();
    route('/slow', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const start = vi.fn();
    const done = vi.fn();
    const client = createHttp({ baseURL: API, loading: { start, done } });
    const p = client.get('/slow');
    await vi.advanceTimersByTimeAsync(199);
    expect(start).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(start).toHaveBeenCalledTimes(1);
    g.open();
    await p;
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('retry is { retries: 2 }, idempotent methods only', async () => {
    const get = route('/get503', () => HttpResponse.json({}, { status: 503 }));
    const client = make();
    const p = rejectionOf(client.get('/get503'));
    for (let n = 1; n <= 3; n++) {
      await turnsUntil(() => get.count >= n);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(await p).toMatchObject({ kind: 'http', status: 503 });
    expect(get.count).toBe(3);

    const post = route('/post503', () => HttpResponse.json({}, { status: 503 }));
    await expect(client.post('/post503', {})).rejects.toMatchObject({ status: 503 });
    expect(post.count).toBe(1);
  });

  it('envelope is off: an envelope-shaped body is handed on as it is', async () => {
    route('/env', () => HttpResponse.json({ code: 7, data: 1, message: 'm' }));
    expect((await make().get('/env')).data).toEqual({ code: 7, data: 1, message: 'm' });
  });

  it('envelope: {} unwraps with isOk defaulting to code === 0', async () => {
    route('/ok', () => HttpResponse.json({ code: 0, data: { id: 1 }, message: 'fine' }));
    route('/no', () => HttpResponse.json({ code: 1, data: null, message: 'Out of stock' }));
    const client = make({ envelope: {} });
    expect((await client.get('/ok')).data).toEqual({ id: 1 });
    const error = await rejectionOf(client.get('/no'));
    expect(error).toMatchObject({ kind: 'business', code: 1, message: 'Out of stock' });
    expect((error as ApiError).response?.data).toEqual({
      code: 1,
      data: null,
      message: 'Out of stock',
    });
  });

  it('dedupe is off: two identical requests in flight both complete', async () => {
    const g = gate();
    const seen = route('/same', async () => {
      await g.promise;
      return HttpResponse.json({ ok: 1 });
    });
    const client = make();
    const both = Promise.all([client.get('/same'), client.get('/same')]);
    await turnsUntil(() => seen.count === 2);
    g.open();
    expect((await both).map((r) => r.data)).toEqual([{ ok: 1 }, { ok: 1 }]);
  });
});

describe('per-request options', () => {
  it('withToken: false sends no token and its 401 never refreshes', async () => {
    const seen = route('/pub', () => HttpResponse.json({}, { status: 401 }));
    const refresh = vi.fn(async () => 'new');
    const client = make({ auth: { getToken: () => 'old', refresh } });
    await expect(client.get('/pub', { withToken: false })).rejects.toMatchObject({ status: 401 });
    expect(authOf(seen.requests[0])).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('loading: false is not counted by the bar', async () => {
    const g = gate();
    route('/quiet', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const start = vi.fn();
    const client = createHttp({ baseURL: API, loading: { start, done: vi.fn() } });
    const p = client.get('/quiet', { loading: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(start).not.toHaveBeenCalled();
    g.open();
    await p;
  });

  it('dedupe: true cancels the older identical request; other params are not identical', async () => {
    const g = gate();
    route('/search', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const client = make();
    const older = rejectionOf(client.get('/search', { params: { q: 'a' }, dedupe: true }));
    const other = client.get('/search', { params: { q: 'b' }, dedupe: true });
    const newer = client.get('/search', { params: { q: 'a' }, dedupe: true });
    expect(await older).toMatchObject({ kind: 'canceled' });
    g.open();
    await expect(Promise.all([other, newer])).resolves.toHaveLength(2);
  });

  it('retry: a number replaces the instance count; false disables it', async () => {
    const one = route('/r1', () => HttpResponse.json({}, { status: 503 }));
    const p = rejectionOf(make().get('/r1', { retry: 1 }));
    await turnsUntil(() => one.count === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await p;
    expect(one.count).toBe(2);
    const none = route('/r0', () => HttpResponse.json({}, { status: 503 }));
    await expect(make().get('/r0', { retry: false })).rejects.toMatchObject({ status: 503 });
    expect(none.count).toBe(1);
  });

  it('retry: a number retries even when the instance has retry: false', async () => {
    const seen = route('/rx', () => HttpResponse.json({}, { status: 503 }));
    const p = rejectionOf(make({ retry: false }).get('/rx', { retry: 1 }));
    await turnsUntil(() => seen.count === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await p;
    expect(seen.count).toBe(2);
  });

  it('raw: true skips envelope unwrapping', async () => {
    route('/raw', () => HttpResponse.json({ code: 0, data: 5, message: '' }));
    const client = make({ envelope: {} });
    expect((await client.get('/raw', { raw: true })).data).toEqual({
      code: 0,
      data: 5,
      message: '',
    });
  });

  it('silent: true keeps onError quiet; otherwise onError gets the final error once', async () => {
    route('/boom', () => HttpResponse.json({ e: 1 }, { status: 500 }));
    const onError = vi.fn();
    const client = make({ onError, retry: false });
    await expect(client.get('/boom', { silent: true })).rejects.toMatchObject({ status: 500 });
    expect(onError).not.toHaveBeenCalled();
    const error = await rejectionOf(client.get('/boom'));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
  });
});

describe('token', () => {
  it('getToken() is read per request, with the default header and scheme', async () => {
    const seen = route('/me');
    let token = 't1';
    const client = make({ auth: { getToken: () => token } });
    await client.get('/me');
    token = 't2';
    await client.get('/me');
    expect(seen.requests.map(authOf)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('header and scheme are configurable', async () => {
    const seen = route('/me');
    await make({ auth: { getToken: () => 't', header: 'X-Token', scheme: '' } }).get('/me');
    expect(seen.requests[0]?.headers.get('x-token')).toBe('t');
    expect(authOf(seen.requests[0])).toBeNull();
  });

  it('is sent only to the baseURL origin, judged on the URL really used', async () => {
    const own = route('/me');
    const foreign: Request[] = [];
    server.use(
      ...['https://cdn.contract.test/me', 'http://contract.test/me'].map((url) =>
        msw.all(url, ({ request }) => {
          foreign.push(request);
          return HttpResponse.json({});
        }),
      ),
    );
    const client = make({ auth: { getToken: () => 't' } });
    await client.get('/me');
    await client.get('https://cdn.contract.test/me');
    await client.get('/me', { baseURL: 'https://cdn.contract.test' });
    // Same host, other scheme: another origin.
    await client.get('http://contract.test/me');
    expect(own.requests.map(authOf)).toEqual(['Bearer t']);
    expect(foreign.map(authOf)).toEqual([null, null, null]);
  });
});

describe('refresh', () => {
  /** A route that accepts only `Bearer <valid>` and 401s anything else. */
  function guarded(path: string, valid: () => string) {
    return route(path, (_, request) =>
      authOf(request) === `Bearer ${valid()}`
        ? HttpResponse.json({ ok: true })
        : HttpResponse.json({ error: 'expired' }, { status: 401 }),
    );
  }

  it('one refresh() for a burst of 401s; each request replayed once with the new token', async () => {
    let token = 'old';
    const seen = guarded('/burst', () => 'new');
    const refresh = vi.fn(async () => {
      token = 'new';
      return 'new';
    });
    const client = make({ auth: { getToken: () => token, refresh } });
    const results = await Promise.all([1, 2, 3].map(() => client.get('/burst')));
    expect(results.map((r) => r.data)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seen.requests.map(authOf).sort()).toEqual([
      ...Array(3).fill('Bearer new'),
      ...Array(3).fill('Bearer old'),
    ]);
  });

  it('a request that started during the refresh with the old token waits and is replayed', async () => {
    const g = gate();
    let token = 'old';
    const seen = guarded('/late', () => 'new');
    const refresh = vi.fn(async () => {
      await g.promise;
      token = 'new';
      return 'new';
    });
    const client = make({ auth: { getToken: () => token, refresh } });
    const first = client.get('/late');
    await turnsUntil(() => refresh.mock.calls.length === 1);
    const second = client.get('/late');
    await turnsUntil(() => seen.count === 2);
    g.open();
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seen.requests.slice(2).map(authOf)).toEqual(['Bearer new', 'Bearer new']);
  });

  it('a failing refresh calls onExpired once and rejects every waiter with its 401', async () => {
    guarded('/x', () => 'never');
    const onExpired = vi.fn();
    const refresh = vi.fn(async () => {
      throw new Error('refresh token revoked');
    });
    const client = make({ auth: { getToken: () => 'old', refresh, onExpired } });
    const errors = await Promise.all([1, 2, 3].map(() => rejectionOf(client.get('/x'))));
    for (const error of errors) expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(onExpired.mock.calls[0]?.[0]).toMatchObject({ kind: 'http', status: 401 });
  });

  it('a refresh failing by network error rejects with that kind, no onExpired; the next 401 tries again', async () => {
    guarded('/y', () => 'never');
    route('/auth/refresh', () => HttpResponse.error());
    const onExpired = vi.fn();
    const refresh = vi.fn(async () => {
      // refresh() makes its own call through another instance, never the one it serves.
      await make({ retry: false }).post('/auth/refresh', {}, { withToken: false });
      return 'never';
    });
    const client = make({ auth: { getToken: () => 'old', refresh, onExpired } });
    await expect(client.get('/y')).rejects.toMatchObject({ kind: 'network' });
    await expect(client.get('/y')).rejects.toMatchObject({ kind: 'network' });
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(onExpired).not.toHaveBeenCalled();
  });
});

describe('loading', () => {
  it('is done whatever the outcome: error, timeout and cancel included', async () => {
    route('/fail', () => HttpResponse.json({}, { status: 500 }));
    const g = gate();
    route('/hang', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const start = vi.fn();
    const done = vi.fn();
    const client = createHttp({ baseURL: API, retry: false, loading: { start, done, delay: 0 } });
    await expect(client.get('/fail')).rejects.toMatchObject({ kind: 'http' });
    const timedOut = rejectionOf(client.get('/hang', { timeout: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(await timedOut).toMatchObject({ kind: 'timeout' });
    const controller = new AbortController();
    const canceled = rejectionOf(client.get('/hang', { signal: controller.signal }));
    controller.abort();
    expect(await canceled).toMatchObject({ kind: 'canceled' });
    g.open();
    expect(start).toHaveBeenCalledTimes(3);
    expect(done).toHaveBeenCalledTimes(3);
  });

  it('shows when one request has been pending delay ms, not when quick ones merely overlap', async () => {
    const gates = [gate(), gate()];
    route(
      '/q/:n',
      (_, request) =>
        gates[Number(request.url.slice(-1))]?.promise.then(() => HttpResponse.json({})) ??
        HttpResponse.json({}),
    );
    const start = vi.fn();
    const done = vi.fn();
    const client = createHttp({ baseURL: API, retry: false, loading: { start, done } });
    const a = client.get('/q/0');
    await vi.advanceTimersByTimeAsync(100);
    const b = client.get('/q/1');
    await vi.advanceTimersByTimeAsync(50);
    gates[0]?.open();
    await a;
    // t = 200: the app has been busy for 200 ms, but no request has been pending that long.
    await vi.advanceTimersByTimeAsync(50);
    expect(start).not.toHaveBeenCalled();
    // t = 300: b has been pending 200 ms.
    await vi.advanceTimersByTimeAsync(100);
    expect(start).toHaveBeenCalledTimes(1);
    gates[1]?.open();
    await b;
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('without a DOM the default (nprogress) bar does nothing and throws nothing', async () => {
    expect(typeof document).toBe('undefined');
    route('/plain');
    const client = createHttp({ baseURL: API });
    const p = client.get('/plain');
    await vi.advanceTimersByTimeAsync(500);
    expect((await p).data).toEqual({ ok: true });
  });
});

describe('cancel and pending', () => {
  it('config.signal aborts a request: kind canceled, and onError is not called', async () => {
    const g = gate();
    route('/c', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const onError = vi.fn();
    const controller = new AbortController();
    const p = rejectionOf(make({ onError }).get('/c', { signal: controller.signal }));
    controller.abort();
    expect(await p).toMatchObject({ kind: 'canceled' });
    expect(onError).not.toHaveBeenCalled();
    g.open();
  });

  it('cancelAll() aborts in-flight, refresh-waiting and backoff-waiting requests and returns the count', async () => {
    const g = gate();
    const hang = route('/hang', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const flaky = route('/flaky', () => HttpResponse.json({}, { status: 503 }));
    const expired = route('/expired', () => HttpResponse.json({}, { status: 401 }));
    const refreshing = gate();
    const refresh = vi.fn(async () => {
      await refreshing.promise;
      return 'new';
    });
    const onError = vi.fn();
    const client = make({ onError, auth: { getToken: () => 'old', refresh } });
    const outcomes = [client.get('/hang'), client.get('/flaky'), client.get('/expired')].map(
      rejectionOf,
    );
    await turnsUntil(() => hang.count === 1 && flaky.count === 1 && expired.count === 1);
    await turnsUntil(() => refresh.mock.calls.length === 1);
    expect(client.pending).toBe(3);
    expect(client.cancelAll()).toBe(3);
    for (const error of await Promise.all(outcomes)) {
      expect(error).toMatchObject({ kind: 'canceled' });
    }
    expect(client.pending).toBe(0);
    // Nothing runs after the cancel: no retry after the backoff, no replay after the refresh.
    refreshing.open();
    g.open();
    await vi.advanceTimersByTimeAsync(5000);
    expect([flaky.count, expired.count]).toEqual([1, 1]);
    expect(onError).not.toHaveBeenCalled();
    expect(client.cancelAll()).toBe(0);
  });
});

describe('at once, even inside an async request interceptor', () => {
  // An async getToken (or any of the app's async interceptors) must not hold a cancel or a deadline.
  const stuck = () => new Promise<string>(() => {});

  it('cancelAll() settles a request still waiting on getToken(), and nothing is sent', async () => {
    const seen = route('/wait');
    const client = make({ auth: { getToken: stuck } });
    const p = rejectionOf(client.get('/wait'));
    await turnsUntil(() => client.pending === 1);
    expect(client.cancelAll()).toBe(1);
    expect(await p).toMatchObject({ kind: 'canceled' });
    expect(seen.count).toBe(0);
    expect(client.pending).toBe(0);
  });

  it('the deadline ends a request still waiting on getToken()', async () => {
    const client = make({ timeout: 100, retry: false, auth: { getToken: stuck } });
    const p = rejectionOf(client.get('/wait'));
    await vi.advanceTimersByTimeAsync(100);
    expect(await p).toMatchObject({ kind: 'timeout' });
  });
});

describe('deadline and URLs', () => {
  it('timeout bounds each attempt: kind timeout', async () => {
    const g = gate();
    route('/slow', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const p = rejectionOf(make({ timeout: 100, retry: false }).get('/slow'));
    await vi.advanceTimersByTimeAsync(100);
    expect(await p).toMatchObject({ kind: 'timeout' });
    g.open();
  });

  it.each(['data:application/json,{}', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses %s with kind validation before anything is sent',
    async (url) => {
      let sent = 0;
      const count = () => {
        sent += 1;
      };
      server.events.on('request:start', count);
      try {
        const error = await rejectionOf(make().get(url));
        expect(error).toMatchObject({ kind: 'validation' });
        expect(isApiError(error)).toBe(true);
        expect(sent).toBe(0);
      } finally {
        server.events.removeListener('request:start', count);
      }
    },
  );
});

describe('ApiError', () => {
  it('an HTTP error carries kind, mapped message, status, method, url, response body and cause', async () => {
    route('/users/9', () => HttpResponse.json({ reason: 'no such user' }, { status: 404 }));
    const error = await rejectionOf(make().get('/users/9'));
    expect(isApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'http',
      message: 'The requested resource was not found.',
      status: 404,
      method: 'GET',
      url: `${API}/users/9`,
    });
    expect((error as ApiError).response?.data).toEqual({ reason: 'no such user' });
    expect((error as ApiError).cause).toBeDefined();
  });

  it('messages are merged over the English table', async () => {
    route('/gone', () => HttpResponse.json({}, { status: 404 }));
    route('/down', () => HttpResponse.error());
    const client = make({ messages: { 404: 'Gone fishing', network: 'Offline' }, retry: false });
    await expect(client.get('/gone')).rejects.toMatchObject({ message: 'Gone fishing' });
    await expect(client.get('/down')).rejects.toMatchObject({
      kind: 'network',
      message: 'Offline',
    });
  });

  it('a 200 with malformed JSON is kind validation with the raw text kept', async () => {
    route(
      '/bad',
      () => new HttpResponse('{"a":', { headers: { 'Content-Type': 'application/json' } }),
    );
    const error = await rejectionOf(make().get('/bad'));
    expect(error).toMatchObject({ kind: 'validation', status: 200 });
    expect((error as ApiError).response?.data).toBe('{"a":');
  });
});

describe('retry rules', () => {
  async function attempts(status: number | 'drop', method = 'get'): Promise<number> {
    const seen = route(`/s-${status}-${method}`, () =>
      status === 'drop' ? HttpResponse.error() : HttpResponse.json({}, { status }),
    );
    const p = rejectionOf(
      make({ retry: { retries: 1 } }).request({ url: `/s-${status}-${method}`, method }),
    );
    await turnsUntil(() => seen.count >= 1);
    await vi.advanceTimersByTimeAsync(1000);
    await p;
    return seen.count;
  }

  it.each([408, 429, 500, 502, 503, 504, 'drop' as const])('retries %s', async (status) => {
    expect(await attempts(status)).toBe(2);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry %s', async (status) => {
    expect(await attempts(status)).toBe(1);
  });

  it.each(['get', 'head', 'options', 'put', 'delete'])('retries %s', async (method) => {
    expect(await attempts(503, method)).toBe(2);
  });

  it.each(['post', 'patch'])('never retries %s', async (method) => {
    expect(await attempts(503, method)).toBe(1);
  });

  it('a timeout is retried', async () => {
    const g = gate();
    const seen = route('/t', async () => {
      await g.promise;
      return HttpResponse.json({});
    });
    const p = rejectionOf(make({ timeout: 100, retry: { retries: 1 } }).get('/t'));
    await vi.advanceTimersByTimeAsync(100);
    await turnsUntil(() => seen.count === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await turnsUntil(() => seen.count === 2);
    await vi.advanceTimersByTimeAsync(100);
    expect(await p).toMatchObject({ kind: 'timeout' });
    g.open();
  });

  it('Retry-After (seconds) sets the wait', async () => {
    const seen = route('/ra', (n) =>
      n === 0
        ? HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '3' } })
        : HttpResponse.json({ n }),
    );
    const p = make().get('/ra');
    await turnsUntil(() => seen.count === 1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(seen.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await p).data).toEqual({ n: 1 });
  });

  it('a Retry-After longer than the kit will wait is respected: no early retry', async () => {
    const seen = route('/later', () =>
      HttpResponse.json({}, { status: 503, headers: { 'Retry-After': '3600' } }),
    );
    await expect(make().get('/later')).rejects.toMatchObject({ status: 503 });
    expect(seen.count).toBe(1);
  });

  it('never after a cancel', async () => {
    const seen = route('/never', () => HttpResponse.json({}, { status: 503 }));
    const controller = new AbortController();
    const p = rejectionOf(make().get('/never', { signal: controller.signal }));
    await turnsUntil(() => seen.count === 1);
    controller.abort();
    expect(await p).toMatchObject({ kind: 'canceled' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen.count).toBe(1);
  });
});

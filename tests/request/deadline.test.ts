import type { AxiosAdapter } from 'axios';
import { HttpResponse, http as rest } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { activeTimerCount, createHttp, setTimerProvider } from '../../src/request';
import { server } from '../setup/msw';

// Real timers throughout: with them an instance keeps every attempt's total deadline on one timer.

/** An adapter that never answers (and never looks at the signal). */
const hung: AxiosAdapter = () => new Promise(() => {});
const ok: AxiosAdapter = async (config) => ({
  data: { ok: true },
  status: 200,
  statusText: 'OK',
  headers: {},
  config,
  request: {},
});

function instance(timeout: number | undefined, adapter: AxiosAdapter) {
  const http = createHttp({ baseURL: 'http://api.test', retry: false, timeout });
  http.defaults.adapter = adapter;
  return http;
}

/** How long `promise` took to reject, and with what. */
async function rejection(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  try {
    await promise;
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
  throw new Error('resolved');
}

describe('the total deadline on the instance timer (real timers)', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('a shorter deadline started after a longer one still ends first', async () => {
    const http = instance(undefined, hung);
    const long = rejection(http.get('/long', { timeout: 600 }));
    const short = rejection(http.get('/short', { timeout: 60 }));
    expect(activeTimerCount()).toBe(1);
    const first = await short;
    expect(first.error).toMatchObject({ kind: 'timeout' });
    expect(first.ms).toBeLessThan(400);
    expect(http.pending).toBe(1);
    const second = await long;
    expect(second.error).toMatchObject({ kind: 'timeout' });
    // Node may fire a timer a little early on the clock (its loop time is read at the tick's start).
    expect(second.ms).toBeGreaterThan(450);
    expect(http.pending).toBe(0);
    expect(activeTimerCount()).toBe(0);
  });

  it("each attempt gets its whole timeout, counted from its own start, not the timer's", async () => {
    let calls = 0;
    const adapter: AxiosAdapter = (config) => (++calls < 4 ? ok(config) : hung(config));
    const http = instance(150, adapter);
    // Three answered requests, 30 ms apart: the timer stays armed for the first one's deadline,
    // which comes 60 ms into the hung request's 150.
    for (let i = 0; i < 3; i++) {
      await http.get('/ok');
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const { ms, error } = await rejection(http.get('/hung'));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(ms).toBeGreaterThan(120);
    expect(activeTimerCount()).toBe(0);
  });

  it('ends many attempts in flight at once, each as timeout, and settles everything', async () => {
    const http = instance(50, hung);
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rejection(http.get(`/${i}`))),
    );
    for (const { error } of all) expect(error).toMatchObject({ kind: 'timeout' });
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
    expect(activeTimerCount()).toBe(0);
  });

  it('a timer provider without the real clock gets a timer per attempt, with the timeout', async () => {
    const scheduled: number[] = [];
    restore = setTimerProvider({
      setTimeout: (callback, ms) => {
        scheduled.push(ms);
        return setTimeout(callback, ms);
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    const http = instance(undefined, hung);
    const { error } = await rejection(http.get('/x', { timeout: 40 }));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(scheduled).toEqual([40]);
  });

  it("an app's response interceptor that never settles: the deadline and cancelAll still end the request", async () => {
    // axios's own adapter listens to the signal, but the trip is held after it answered.
    server.use(rest.get('http://api.test/held', () => HttpResponse.json({ ok: true })));
    const http = createHttp({ baseURL: 'http://api.test', retry: false, timeout: 80 });
    http.interceptors.response.use(() => new Promise(() => {}));
    const timedOut = await rejection(http.get('/held'));
    expect(timedOut.error).toMatchObject({ kind: 'timeout' });
    const canceled = rejection(http.get('/held', { timeout: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(http.cancelAll()).toBe(1);
    expect((await canceled).error).toMatchObject({ kind: 'canceled' });
    expect(http.pending).toBe(0);
  });
  it("axios's fetch adapter over an app's own fetch (env.fetch) that ignores the signal: the deadline and cancelAll still end the request", async () => {
    // The adapter is axios's own, by name, but the fetch under it is the app's: it may never look
    // at the signal, so the engine must not leave the abort to axios.
    const deaf = () => new Promise<Response>(() => {});
    const http = createHttp({ baseURL: 'http://api.test', retry: false, timeout: 80 });
    const timedOut = await rejection(http.get('/deaf', { adapter: 'fetch', env: { fetch: deaf } }));
    expect(timedOut.error).toMatchObject({ kind: 'timeout' });
    const canceled = rejection(
      http.get('/deaf', { adapter: 'fetch', env: { fetch: deaf }, timeout: 0 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(http.cancelAll()).toBe(1);
    expect((await canceled).error).toMatchObject({ kind: 'canceled' });
    expect(http.pending).toBe(0);
  });
});

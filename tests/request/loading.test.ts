import axios from 'axios';
import { delay, HttpResponse, http as rest } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeTimerCount, createHttp, type HttpOptions } from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';
let release: () => void = () => {};

function gated(status = 200) {
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    rest.all(`${API}/g`, async () => {
      await gate;
      return HttpResponse.json({}, { status });
    }),
  );
}

async function settle(promise: Promise<unknown>) {
  await promise.then(
    () => undefined,
    () => undefined,
  );
}

function setup(options: HttpOptions = {}, delay?: number) {
  const start = vi.fn();
  const done = vi.fn();
  const http = createHttp({
    baseURL: API,
    loading: { start, done, ...(delay === undefined ? {} : { delay }) },
    retry: false,
    ...options,
  });
  return { http, start, done };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('loading', () => {
  it('starts after the delay and is done when the request settles', async () => {
    gated();
    const { http, start, done } = setup();
    const request = http.get('/g');
    expect(http.stats().loading).toBe(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(start).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(start).toHaveBeenCalledTimes(1);
    release();
    await request;
    expect(done).toHaveBeenCalledTimes(1);
    expect(http.stats().loading).toBe(0);
  });

  it('never shows for a request faster than the delay', async () => {
    gated();
    const { http, start, done } = setup();
    const request = http.get('/g');
    release();
    await request;
    await vi.advanceTimersByTimeAsync(1000);
    expect(start).not.toHaveBeenCalled();
    expect(done).not.toHaveBeenCalled();
    expect(activeTimerCount()).toBe(0);
  });

  it('shows once for concurrent requests and is done when the last settles', async () => {
    gated();
    const { http, start, done } = setup({}, 50);
    const a = http.get('/g');
    const b = http.get('/g');
    await vi.advanceTimersByTimeAsync(50);
    expect(start).toHaveBeenCalledTimes(1);
    expect(http.stats().loading).toBe(2);
    release();
    await Promise.all([a, b]);
    expect(done).toHaveBeenCalledTimes(1);
    expect(http.stats().loading).toBe(0);
  });

  it.each([
    ['an HTTP error', 500],
    ['a business error', 200],
  ])('is back to zero after %s', async (_, status) => {
    gated(status);
    const { http, start, done } = setup({ envelope: status === 200 ? {} : false });
    const request = http.get('/g');
    await vi.advanceTimersByTimeAsync(200);
    release();
    await settle(request);
    expect(start).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledTimes(1);
    expect(http.stats().loading).toBe(0);
  });

  it('is back to zero after a timeout', async () => {
    server.use(
      rest.get(`${API}/never`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const { http, done } = setup({ timeout: 1000 });
    const request = http.get('/never');
    const outcome = expect(request).rejects.toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
    expect(done).toHaveBeenCalledTimes(1);
    expect(http.stats().loading).toBe(0);
  });

  it('is back to zero after a cancel', async () => {
    gated();
    const { http, done } = setup();
    const request = http.get('/g');
    await vi.advanceTimersByTimeAsync(300);
    expect(http.cancelAll('leaving page')).toBe(1);
    await expect(request).rejects.toMatchObject({ kind: 'canceled' });
    expect(done).toHaveBeenCalledTimes(1);
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('is back to zero after a request interceptor throws', async () => {
    const { http, start, done } = setup({}, 0);
    http.interceptors.request.use(async () => {
      throw new Error('interceptor failed');
    });
    await expect(http.get('/g')).rejects.toMatchObject({ kind: 'validation' });
    expect(http.stats().loading).toBe(0);
    expect(start).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('is back to zero, without onError, after an interceptor cancels the request', async () => {
    const onError = vi.fn();
    const { http, done } = setup({ onError }, 0);
    http.interceptors.request.use(() => {
      throw new axios.CanceledError('not now');
    });
    await expect(http.get('/g')).rejects.toMatchObject({ kind: 'canceled' });
    expect(done).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('does not count loading: false requests', async () => {
    gated();
    const { http, start } = setup();
    const request = http.get('/g', { loading: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(start).not.toHaveBeenCalled();
    expect(http.stats().loading).toBe(0);
    release();
    await request;
  });

  it('counts a retried request once', async () => {
    let hits = 0;
    server.use(
      rest.get(`${API}/flaky`, () => {
        hits += 1;
        return HttpResponse.json({}, { status: hits === 1 ? 503 : 200 });
      }),
    );
    const { http, start, done } = setup({ retry: { random: () => 0 } });
    const request = http.get('/flaky');
    await vi.advanceTimersByTimeAsync(200);
    expect(http.stats().loading).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    await request;
    expect(hits).toBe(2);
    expect(start).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('without a DOM the default nprogress bar is a no-op: no throw, no timer', async () => {
    gated();
    const http = createHttp({ baseURL: API });
    const request = http.get('/g');
    expect(http.stats().loading).toBe(1);
    expect(activeTimerCount()).toBe(1); // only the request's deadline
    await vi.advanceTimersByTimeAsync(500);
    release();
    await request;
    expect(http.stats().loading).toBe(0);
  });

  it('is off with loading: false', async () => {
    gated();
    const http = createHttp({ baseURL: API, loading: false });
    const request = http.get('/g');
    expect(http.stats().loading).toBe(0);
    release();
    await request;
  });
});

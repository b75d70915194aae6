import { HttpResponse, http as rest } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeTimerCount, createHttp, type HttpOptions } from '../../src/request';
import { retryAfterMs } from '../../src/request/retry';
import { server } from '../setup/msw';

const API = 'https://api.test';
const hits = { count: 0 };

/** A server that answers with `statuses` in turn (then 200), counting requests. */
function serve(statuses: Array<number | 'drop'>, headers: Record<string, string> = {}) {
  hits.count = 0;
  server.use(
    rest.all(`${API}/r`, () => {
      const status = statuses[hits.count] ?? 200;
      hits.count += 1;
      if (status === 'drop') return HttpResponse.error();
      return HttpResponse.json({ n: hits.count }, { status, headers });
    }),
  );
}

const make = (options: HttpOptions = {}) =>
  createHttp({
    baseURL: API,
    loading: false,
    retry: { random: () => 0, ...(options.retry || {}) },
    ...options,
  });

/** Let msw answer (real I/O turns, no fake time passes): bounded, never a sleep. */
async function hitsReach(n: number) {
  for (let turn = 0; turn < 200 && hits.count < n; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(hits.count).toBe(n);
  // One more round so the failed attempt reaches its backoff.
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retry', () => {
  it('retries an idempotent request on 503 with exponential backoff', async () => {
    serve([503, 503]);
    const http = make();
    const done = http.get('/r');
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(299);
    expect(hits.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await hitsReach(2);
    await vi.advanceTimersByTimeAsync(599);
    expect(hits.count).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await done).data).toEqual({ n: 3 });
    expect(activeTimerCount()).toBe(0);
  });

  it('uses injected randomness for the jitter', async () => {
    serve([500]);
    const http = make({ retry: { random: () => 1, jitter: 0.5 } });
    const done = http.get('/r');
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(149);
    expect(hits.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await done).status).toBe(200);
  });

  it.each(['post', 'patch'] as const)('never retries %s', async (method) => {
    serve([503]);
    const http = make();
    await expect(http.request({ url: '/r', method })).rejects.toMatchObject({ status: 503 });
    expect(hits.count).toBe(1);
  });

  it.each([400, 401, 404, 501])('does not retry %i', async (status) => {
    serve([status]);
    await expect(make().get('/r')).rejects.toMatchObject({ status });
    expect(hits.count).toBe(1);
  });

  it.each([408, 429, 500, 502, 504, 'drop'] as const)('retries %s', async (status) => {
    serve([status]);
    const done = make().get('/r');
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(300);
    expect((await done).status).toBe(200);
  });

  it('gives up after the retries and calls onError once with the last error', async () => {
    serve([500, 502, 503]);
    const onError = vi.fn();
    const done = make({ onError }).delete('/r');
    const outcome = expect(done).rejects.toMatchObject({ kind: 'http', status: 503 });
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(300);
    await hitsReach(2);
    await vi.advanceTimersByTimeAsync(600);
    await outcome;
    expect(hits.count).toBe(3);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('honours per-request retry counts', async () => {
    serve([503, 503]);
    await expect(make().get('/r', { retry: false })).rejects.toMatchObject({ status: 503 });
    serve([503, 503]);
    const once = make().get('/r', { retry: 1 });
    const outcome = expect(once).rejects.toMatchObject({ status: 503 });
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(300);
    await outcome;
    expect(hits.count).toBe(2);
  });

  it('is off with retry: false', async () => {
    serve([503]);
    const http = createHttp({ baseURL: API, retry: false, loading: false });
    await expect(http.get('/r')).rejects.toMatchObject({ status: 503 });
    expect(hits.count).toBe(1);
  });

  it('honours Retry-After in seconds', async () => {
    serve([429], { 'Retry-After': '2' });
    const done = make().get('/r');
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(hits.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await done).status).toBe(200);
  });

  it('honours Retry-After as an HTTP date; longer than maxDelay: no retry', async () => {
    const inFive = new Date(Date.now() + 5000).toUTCString();
    serve([503], { 'Retry-After': inFive });
    const done = make().get('/r');
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(4000);
    expect(hits.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await done).status).toBe(200);

    serve([503], { 'Retry-After': '3600' });
    const capped = make({ retry: { maxDelay: 1000, random: () => 0 } }).get('/r');
    await expect(capped).rejects.toMatchObject({
      status: 503,
      response: { headers: { 'retry-after': '3600' } },
    });
    expect(hits.count).toBe(1);
  });

  it('parses Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('cancelAll during a backoff rejects canceled, sends nothing more and leaves no timer', async () => {
    serve([503, 503, 503]);
    const onError = vi.fn();
    const http = make({ onError });
    const done = http.get('/r');
    const outcome = expect(done).rejects.toMatchObject({ kind: 'canceled' });
    await hitsReach(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(http.cancelAll()).toBe(1);
    await outcome;
    await vi.advanceTimersByTimeAsync(5000);
    expect(hits.count).toBe(1);
    expect(onError).not.toHaveBeenCalled();
    expect(activeTimerCount()).toBe(0);
    expect(http.pending).toBe(0);
  });

  it('a caller signal aborts a backoff too', async () => {
    serve([503, 503]);
    const controller = new AbortController();
    const done = make().get('/r', { signal: controller.signal });
    const outcome = expect(done).rejects.toMatchObject({ kind: 'canceled' });
    await hitsReach(1);
    controller.abort();
    await outcome;
    expect(hits.count).toBe(1);
  });
});

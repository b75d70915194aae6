import { getEventListeners } from 'node:events';
import type { InternalAxiosRequestConfig } from 'axios';
import { delay, HttpResponse, http as rest } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../src/request';
import { stableKey } from '../../src/request/dedupe-key';
import { server } from '../setup/msw';

const API = 'https://api.test';

function hold() {
  const seen: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    rest.all(`${API}/*`, async ({ request }) => {
      seen.push(`${request.method} ${new URL(request.url).search} ${await request.text()}`);
      await gate;
      return HttpResponse.json({ url: request.url });
    }),
  );
  return { seen, release: () => release() };
}

describe('cancelAll', () => {
  it('aborts every pending request of the instance and returns how many', async () => {
    hold();
    const http = createHttp({ baseURL: API });
    const other = createHttp({ baseURL: API });
    const mine = [http.get('/a'), http.get('/b'), http.post('/c', {})];
    const theirs = other.get('/d', { timeout: 0 });
    expect(http.pending).toBe(3);
    expect(http.cancelAll('navigated away')).toBe(3);
    for (const request of mine) await expect(request).rejects.toMatchObject({ kind: 'canceled' });
    expect(http.pending).toBe(0);
    expect(other.pending).toBe(1);
    expect(http.cancelAll()).toBe(0);
    other.cancelAll();
    await expect(theirs).rejects.toMatchObject({ kind: 'canceled' });
  });
});

describe('adapters', () => {
  it.each(['fetch', 'http'] as const)(
    'cancelAll aborts a request on the %s adapter',
    async (adapter) => {
      hold();
      const http = createHttp({ baseURL: API });
      http.defaults.adapter = adapter;
      const request = http.get('/held');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(http.cancelAll()).toBe(1);
      await expect(request).rejects.toMatchObject({ kind: 'canceled' });
    },
  );
});

describe('caller signal', () => {
  it('composes without leaking listeners on a long-lived signal', async () => {
    // A stub adapter: the composition is the kit's, the transport does not matter here.
    const adapter = async (config: InternalAxiosRequestConfig) => ({
      data: {},
      status: 200,
      statusText: 'OK',
      headers: {},
      config,
    });
    const http = createHttp({ baseURL: API, loading: false });
    const controller = new AbortController();
    const listeners = () => getEventListeners(controller.signal, 'abort').length;
    const first = http.get('/n', { signal: controller.signal, adapter });
    expect(listeners()).toBe(1);
    await first;
    for (let i = 0; i < 1000; i++) await http.get('/n', { signal: controller.signal, adapter });
    expect(listeners()).toBe(0);
  });

  it('adds one listener for many concurrent requests on the same signal', async () => {
    hold();
    const http = createHttp({ baseURL: API });
    const controller = new AbortController();
    const requests = Array.from({ length: 25 }, (_, i) =>
      http.get(`/c${i}`, { signal: controller.signal }),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const settled = await Promise.allSettled(requests);
    expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'canceled')).toBe(
      true,
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(http.pending).toBe(0);
  });

  it('aborting it cancels only its own request', async () => {
    hold();
    const http = createHttp({ baseURL: API });
    const controller = new AbortController();
    const aborted = http.get('/a', { signal: controller.signal });
    const kept = http.get('/b');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'canceled' });
    expect(http.pending).toBe(1);
    http.cancelAll();
    await expect(kept).rejects.toMatchObject({ kind: 'canceled' });
  });
});

describe('dedupe', () => {
  it('a newer identical request cancels the older one', async () => {
    const { release } = hold();
    const http = createHttp({ baseURL: API });
    const older = http.get('/u', { params: { a: 1, b: 2 }, dedupe: true });
    const newer = http.get('/u', { params: { b: 2, a: 1 }, dedupe: true });
    await expect(older).rejects.toMatchObject({ kind: 'canceled' });
    expect(http.stats().dedupe).toBe(1);
    release();
    expect((await newer).status).toBe(200);
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('requests with different params, bodies or methods do not cancel each other', async () => {
    const { release } = hold();
    const http = createHttp({ baseURL: API, dedupe: true });
    const requests = [
      http.get('/u', { params: { page: 1 } }),
      http.get('/u', { params: { page: 2 } }),
      http.post('/u', { name: 'a' }),
      http.post('/u', { name: 'b' }),
      http.put('/u', { name: 'a' }),
    ];
    expect(http.stats().dedupe).toBe(5);
    release();
    const settled = await Promise.allSettled(requests);
    expect(settled.map((s) => s.status)).toEqual(Array(5).fill('fulfilled'));
  });

  it('treats bodies with the same content in another key order as identical', async () => {
    const { release } = hold();
    const http = createHttp({ baseURL: API });
    const older = http.post('/u', { a: 1, nested: { x: 1, y: [1, 2] } }, { dedupe: true });
    const newer = http.post('/u', { nested: { y: [1, 2], x: 1 }, a: 1 }, { dedupe: true });
    await expect(older).rejects.toMatchObject({ kind: 'canceled' });
    release();
    await newer;
  });

  it('a settled older request never removes the newer one’s entry', async () => {
    const { release } = hold();
    const http = createHttp({ baseURL: API });
    const first = http.get('/u', { dedupe: true });
    const second = http.get('/u', { dedupe: true });
    await expect(first).rejects.toMatchObject({ kind: 'canceled' });
    expect(http.stats().dedupe).toBe(1);
    const third = http.get('/u', { dedupe: true });
    await expect(second).rejects.toMatchObject({ kind: 'canceled' });
    release();
    await third;
    expect(http.stats().dedupe).toBe(0);
  });

  it('is off by default', async () => {
    const { release } = hold();
    const http = createHttp({ baseURL: API });
    const a = http.get('/u');
    const b = http.get('/u');
    expect(http.stats().dedupe).toBe(0);
    release();
    await Promise.all([a, b]);
  });

  it('serialises stably', () => {
    expect(stableKey({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(
      stableKey({ a: [2, { c: 4, d: 3 }], b: 1 }),
    );
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: '1' }));
    expect(stableKey(undefined)).not.toBe(stableKey(null));
    const form = new FormData();
    expect(stableKey(form)).toBe(stableKey(form));
    expect(stableKey(new FormData())).not.toBe(stableKey(form));
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => stableKey(loop)).not.toThrow();
  });
});

describe('deadline', () => {
  it('is a total deadline per attempt; a slow server times out', async () => {
    server.use(
      rest.get(`${API}/slow`, async () => {
        await delay(200);
        return HttpResponse.json({});
      }),
    );
    const http = createHttp({ baseURL: API, timeout: 20, retry: false });
    await expect(http.get('/slow')).rejects.toMatchObject({ kind: 'timeout' });
  });
});

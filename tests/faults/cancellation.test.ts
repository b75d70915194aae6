import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { activeTimerCount } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { gate, json, startServer, until } from './helpers/servers';

useOracle();

const TOKEN = 'tok-cancel-secret';

describe('cancellation faults', () => {
  it('an already-aborted signal sends nothing', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const onError = vi.fn();
    const http = kit({ baseURL: server.origin, onError });
    const controller = new AbortController();
    controller.abort();
    await expectApiError(http.get('/x', { signal: controller.signal }), { kind: 'canceled' });
    await expectApiError(http.post('/x', { a: 1 }, { signal: controller.signal }), {
      kind: 'canceled',
    });
    expect(server.arrived).toHaveLength(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('abort during a refresh wait: canceled at once, the refresh goes on for the others', async () => {
    const release = gate();
    const server = await startServer(async (req, res, arrived) => {
      if (arrived.url === '/refresh') {
        await release.promise;
        json(res, 200, { token: 'fresh' });
        return;
      }
      if (req.headers.authorization === 'Bearer fresh') json(res, 200, { ok: arrived.url });
      else json(res, 401, {});
    });
    const refresher = kit({ baseURL: server.origin, retry: false });
    const http = kit({
      baseURL: server.origin,
      retry: false,
      auth: {
        getToken: () => TOKEN,
        refresh: async () => (await refresher.post<{ token: string }>('/refresh')).data.token,
      },
    });
    const controller = new AbortController();
    const aborted = http.get('/a', { signal: controller.signal });
    const other = http.get('/b');
    await until(() => http.stats().refreshWaiters === 2, 'both wait on the refresh');
    const started = Date.now();
    controller.abort();
    await expectApiError(aborted, { kind: 'canceled', secrets: [TOKEN] });
    expect(Date.now() - started).toBeLessThan(500);
    expect(http.stats().refreshWaiters).toBe(1);
    release.open();
    await expect(other).resolves.toMatchObject({ data: { ok: '/b' } });
    // The aborted one was never replayed.
    expect(server.arrived.map((a) => a.url).filter((u) => u === '/a')).toHaveLength(1);
  });

  it('abort during a retry backoff (fake clock): the backoff is honoured, then cleared by the abort', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = await startServer((_req, res) => json(res, 503, { message: 'busy' }));
    const http = kit({
      baseURL: server.origin,
      retry: { retries: 5, minDelay: 1000, jitter: 0 },
    });
    const controller = new AbortController();
    const request = http.get('/busy', { signal: controller.signal });
    const outcome = expectApiError(request, { kind: 'canceled' });
    // First attempt failed, the deadline timer is gone, one backoff timer is scheduled.
    // In flight there are two (the kit's deadline and axios's idle timer); in the backoff, one.
    const inBackoff = (n: number) => () =>
      server.arrived.length === n && activeTimerCount() === 1 && vi.getTimerCount() === 1;
    await until(inBackoff(1), 'waiting in the first backoff');
    await vi.advanceTimersByTimeAsync(999);
    expect(server.arrived).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(inBackoff(2), 'second attempt done, waiting in the second backoff');
    controller.abort();
    await outcome;
    expect(activeTimerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.arrived).toHaveLength(2);
  });

  it('abort during a real retry backoff: nothing is sent after the cancel', async () => {
    const server = await startServer((_req, res) => json(res, 503, {}));
    const http = kit({ baseURL: server.origin, retry: { retries: 3, minDelay: 5000 } });
    const controller = new AbortController();
    const request = http.get('/busy', { signal: controller.signal });
    await until(() => server.arrived.length === 1 && http.stats().pending === 1, 'in backoff');
    controller.abort();
    await expectApiError(request, { kind: 'canceled' });
    expect(activeTimerCount()).toBe(0);
    expect(server.arrived).toHaveLength(1);
  });

  it('cancelAll() with 20 pending, 10 of them waiting on a refresh: 20 canceled, no onError, still usable', async () => {
    const release = gate();
    const server = await startServer(async (req, res, arrived) => {
      if (arrived.url === '/refresh') {
        await release.promise;
        json(res, 200, { token: 'fresh' });
        return;
      }
      if (arrived.url.startsWith('/hold')) return; // held until the client gives up
      if (req.headers.authorization === 'Bearer fresh' || arrived.url === '/after') {
        json(res, 200, { ok: true });
        return;
      }
      json(res, 401, {});
    });
    const onError = vi.fn();
    const refresher = kit({ baseURL: server.origin, retry: false });
    const http = kit({
      baseURL: server.origin,
      onError,
      auth: {
        getToken: () => TOKEN,
        refresh: async () => (await refresher.post<{ token: string }>('/refresh')).data.token,
      },
    });
    const held = Array.from({ length: 10 }, (_, i) => http.get(`/hold/${i}`));
    const waiting = Array.from({ length: 10 }, (_, i) => http.get(`/auth/${i}`));
    await until(
      () => http.stats().refreshWaiters === 10 && server.arrived.length >= 21,
      '10 held, 10 waiting on the refresh, the refresh sent',
    );
    expect(http.pending).toBe(20);
    const started = Date.now();
    expect(http.cancelAll('signed out')).toBe(20);
    const errors = await Promise.all(
      [...held, ...waiting].map((p) => expectApiError(p, { kind: 'canceled', secrets: [TOKEN] })),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toHaveLength(20);
    expect(onError).not.toHaveBeenCalled();
    expect(http.cancelAll()).toBe(0);
    release.open();
    await until(() => refresher.stats().pending === 0, 'refresh settled');
    // Nothing was replayed after the cancel, and the instance still works.
    expect(server.arrived.filter((a) => a.url.startsWith('/auth/'))).toHaveLength(10);
    await expect(http.get('/after')).resolves.toMatchObject({ data: { ok: true } });
  });

  it('dedupe: a newer identical request cancels the older one; other params do not', async () => {
    const server = await startServer(async (_req, res, arrived) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      json(res, 200, { url: arrived.url });
    });
    const http = kit({ baseURL: server.origin });
    const first = http.get('/search', { params: { q: 'a' }, dedupe: true });
    const other = http.get('/search', { params: { q: 'b' }, dedupe: true });
    const second = http.get('/search', { params: { q: 'a' }, dedupe: true });
    await expectApiError(first, { kind: 'canceled' });
    await expect(second).resolves.toMatchObject({ data: { url: '/search?q=a' } });
    await expect(other).resolves.toMatchObject({ data: { url: '/search?q=b' } });
  });

  it('one long-lived signal shared by 1,000 sequential requests leaves its listener count flat', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const http = kit({ baseURL: server.origin });
    const controller = new AbortController();
    const before = getEventListeners(controller.signal, 'abort').length;
    for (let i = 0; i < 1000; i++) {
      await http.get('/ping', { signal: controller.signal });
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(before);
    expect(server.arrived).toHaveLength(1000);
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiError, createHttp, type HttpOptions } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Held {
  req: IncomingMessage;
  res: ServerResponse;
  /** Whether the client went away before the answer. */
  gone: boolean;
}

/** A server that holds every request until the test answers it; `held` lists them in order. */
async function holdingServer() {
  const held: Held[] = [];
  const server = await startServer((req, res) => {
    const entry: Held = { req, res, gone: false };
    res.on('close', () => {
      if (!res.writableFinished) entry.gone = true;
    });
    held.push(entry);
  });
  servers.push(server);
  const answer = (entry: Held | undefined, status: number, body: unknown) => {
    entry?.res.writeHead(status, { 'Content-Type': 'application/json' });
    entry?.res.end(JSON.stringify(body));
  };
  /** Bounded wait until the server has seen `n` requests. */
  const seen = async (n: number) => {
    for (let i = 0; i < 200 && held.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held.length).toBe(n);
  };
  return { url: server.url, held, answer, seen };
}

const kit = (baseURL: string, options: HttpOptions = {}) =>
  createHttp({ baseURL, retry: false, loading: false, ...options });

describe("dedupe: 'share' (real loopback server)", () => {
  it('identical requests in flight make one trip, and every caller gets its result', async () => {
    const server = await holdingServer();
    const http = kit(server.url);
    const calls = [1, 2, 3].map(() => http.get('/users', { params: { page: 1 }, dedupe: 'share' }));
    await server.seen(1);
    expect(http.stats().dedupe).toBe(1);
    server.answer(server.held[0], 200, { items: ['ann'] });
    const responses = await Promise.all(calls);
    for (const response of responses) expect(response.data).toEqual({ items: ['ann'] });
    expect(server.held).toHaveLength(1);
    expect(http.stats()).toMatchObject({ pending: 0, dedupe: 0 });
  });

  it('requests that differ in params or body, or that came after the answer, make their own trips', async () => {
    const server = await holdingServer();
    const http = kit(server.url, { dedupe: 'share' });
    const a = http.get('/users', { params: { page: 1 } });
    const b = http.get('/users', { params: { page: 2 } });
    const c = http.post('/users', { name: 'a' });
    const d = http.post('/users', { name: 'b' });
    await server.seen(4);
    for (const entry of server.held) server.answer(entry, 200, { url: entry.req.url });
    await Promise.all([a, b, c, d]);
    const again = http.get('/users', { params: { page: 1 } });
    await server.seen(5);
    server.answer(server.held[4], 200, {});
    await again;
  });

  it("a caller whose own signal aborts is rejected 'canceled' alone; the others still get the answer", async () => {
    const server = await holdingServer();
    const http = kit(server.url);
    const leaving = new AbortController();
    const first = http.get('/report', { dedupe: 'share', signal: leaving.signal });
    const second = http.get('/report', { dedupe: 'share' });
    await server.seen(1);
    leaving.abort();
    await expect(first).rejects.toMatchObject({ kind: 'canceled', method: 'GET' });
    expect(server.held[0]?.gone).toBe(false);
    server.answer(server.held[0], 200, { rows: 3 });
    await expect(second).resolves.toMatchObject({ data: { rows: 3 } });
    expect(server.held).toHaveLength(1);
  });

  it('the trip is aborted only when every caller has left', async () => {
    const server = await holdingServer();
    const http = kit(server.url);
    const controllers = [new AbortController(), new AbortController()];
    const calls = controllers.map((c) => http.get('/slow', { dedupe: 'share', signal: c.signal }));
    await server.seen(1);
    controllers[0]?.abort();
    await expect(calls[0]).rejects.toMatchObject({ kind: 'canceled' });
    // Bounded wait: the server would see the connection close if the trip had been aborted.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.held[0]?.gone).toBe(false);
    controllers[1]?.abort();
    await expect(calls[1]).rejects.toMatchObject({ kind: 'canceled' });
    for (let i = 0; i < 100 && !server.held[0]?.gone; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(server.held[0]?.gone).toBe(true);
    expect(http.stats()).toMatchObject({ pending: 0, dedupe: 0 });
    // A caller after they all left starts a new trip, not the aborted one.
    const fresh = http.get('/slow', { dedupe: 'share' });
    await server.seen(2);
    server.answer(server.held[1], 200, { ok: true });
    await expect(fresh).resolves.toMatchObject({ data: { ok: true } });
  });

  it('a shared failure reaches every caller as the same ApiError, and onError once', async () => {
    const server = await holdingServer();
    const heard: ApiError[] = [];
    const http = kit(server.url, { onError: (e) => heard.push(e) });
    const calls = [1, 2].map(() => http.get('/x', { dedupe: 'share' }).catch((e: unknown) => e));
    await server.seen(1);
    server.answer(server.held[0], 503, { message: 'Down for maintenance' });
    const [a, b] = await Promise.all(calls);
    expect(a).toBe(b);
    expect(a).toMatchObject({ kind: 'http', status: 503, message: 'Down for maintenance' });
    expect(heard).toHaveLength(1);
  });

  it('cancelAll() ends the shared trip for every caller; an aborted signal never joins', async () => {
    const server = await holdingServer();
    const http = kit(server.url);
    const calls = [1, 2].map(() => http.get('/x', { dedupe: 'share' }));
    await server.seen(1);
    expect(http.cancelAll()).toBe(1);
    for (const call of calls) await expect(call).rejects.toMatchObject({ kind: 'canceled' });
    const aborted = AbortSignal.abort();
    await expect(http.get('/x', { dedupe: 'share', signal: aborted })).rejects.toMatchObject({
      kind: 'canceled',
    });
    expect(server.held).toHaveLength(1);
  });

  it("a per-request dedupe: false (or true) opts out of an instance's 'share'", async () => {
    const server = await holdingServer();
    const http = kit(server.url, { dedupe: 'share' });
    const shared = http.get('/x');
    const own = http.get('/x', { dedupe: false });
    await server.seen(2);
    // `true` keeps its meaning: a newer identical request cancels the older one.
    const older = http.get('/y', { dedupe: true });
    await server.seen(3);
    const newer = http.get('/y', { dedupe: true });
    await expect(older).rejects.toMatchObject({ kind: 'canceled' });
    await server.seen(4);
    for (const entry of server.held) if (!entry.gone) server.answer(entry, 200, {});
    await Promise.all([shared, own, newer]);
  });
});

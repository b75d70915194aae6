import { afterEach, describe, expect, it } from 'vitest';
import { activeTimerCount, createHttp, isApiError } from '../../src/request';
import { closedPort, startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
async function serve(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const kit = (baseURL: string, timeout = 400) =>
  createHttp({ baseURL, timeout, retry: false, loading: false });

describe('request layer against real loopback servers', () => {
  it('a server trickling one byte at a time still hits the total deadline', async () => {
    const timers: NodeJS.Timeout[] = [];
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
      const drip = setInterval(() => res.write(' '), 50);
      timers.push(drip);
      res.on('close', () => clearInterval(drip));
    });
    const http = kit(server.url);
    const started = Date.now();
    await expect(http.get('/drip')).rejects.toMatchObject({ kind: 'timeout' });
    const elapsed = Date.now() - started;
    for (const t of timers) clearInterval(t);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(3000);
    expect(http.pending).toBe(0);
    expect(activeTimerCount()).toBe(0);
  });

  it('a server that never answers times out', async () => {
    const server = await serve(() => {});
    await expect(kit(server.url, 200).get('/never')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('a GET that timed out is retried, each attempt with its own deadline', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits += 1;
      if (hits === 1) return; // the first attempt never gets an answer
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
    const http = createHttp({
      baseURL: server.url,
      timeout: 200,
      loading: false,
      retry: { minDelay: 10, random: () => 0 },
    });
    expect((await http.get('/x')).data).toEqual({ ok: true });
    expect(hits).toBe(2);
  });

  it('aborting mid-body rejects with kind canceled', async () => {
    let bodyStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      bodyStarted = resolve;
    });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":[1,2,3');
      bodyStarted();
    });
    const http = kit(server.url, 0);
    const controller = new AbortController();
    const request = http.get('/body', { signal: controller.signal });
    await started;
    controller.abort();
    await expect(request).rejects.toMatchObject({ kind: 'canceled' });
    expect(http.pending).toBe(0);
  });

  it('cancelAll aborts a held request mid-body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200).write('{');
    });
    const http = kit(server.url, 0);
    const request = http.get('/held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(http.cancelAll()).toBe(1);
    await expect(request).rejects.toMatchObject({ kind: 'canceled' });
  });

  it('connection refused is kind network', async () => {
    const url = await closedPort();
    const error = await kit(url)
      .get('/x')
      .catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('network');
  });

  it('a reset before the headers is kind network, and an idempotent request is retried', async () => {
    let hits = 0;
    const server = await serve((req) => {
      hits += 1;
      req.socket.destroy();
    });
    await expect(kit(server.url).get('/reset')).rejects.toMatchObject({ kind: 'network' });
    expect(hits).toBe(1);
    const retrying = createHttp({
      baseURL: server.url,
      loading: false,
      retry: { retries: 2, minDelay: 5, random: () => 0 },
    });
    hits = 0;
    await expect(retrying.get('/reset')).rejects.toMatchObject({ kind: 'network' });
    expect(hits).toBe(3);
    hits = 0;
    await expect(retrying.post('/reset', {})).rejects.toMatchObject({ kind: 'network' });
    expect(hits).toBe(1);
  });

  it('a 200 with malformed JSON is kind validation with the raw text', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"a":');
    });
    await expect(kit(server.url).get('/bad')).rejects.toMatchObject({
      kind: 'validation',
      status: 200,
      response: { data: '{"a":' },
    });
  });

  it('refuses a response over maxContentLength', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`"${'x'.repeat(10_000)}"`);
    });
    const http = createHttp({ baseURL: server.url, maxContentLength: 1000, loading: false });
    await expect(http.get('/big')).rejects.toMatchObject({ kind: 'validation' });
  });
});

describe('body and redirect faults', () => {
  it('a body cut short of its Content-Length is kind network, without half a body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"items":[1,2');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await kit(server.url)
      .get('/cut')
      .catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('network');
    expect(isApiError(error) && error.response).toBeUndefined();
  });

  it('a redirect to another origin drops the token header, whatever its name', async () => {
    const foreign = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token: req.headers['x-api-token'] ?? null }));
    });
    const api = await serve((_req, res) => {
      res.writeHead(302, { Location: `${foreign.url}/landing` }).end();
    });
    const http = createHttp({
      baseURL: api.url,
      loading: false,
      auth: { getToken: () => 'SECRET', header: 'X-Api-Token' },
    });
    expect((await http.get('/go')).data).toEqual({ token: null });
  });

  it('a redirect to another origin drops the default Authorization header too', async () => {
    const foreign = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token: req.headers.authorization ?? null }));
    });
    const api = await serve((req, res) => {
      if (req.url === '/here') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ token: req.headers.authorization ?? null }));
        return;
      }
      res
        .writeHead(302, { Location: req.url === '/stay' ? '/here' : `${foreign.url}/landing` })
        .end();
    });
    const http = createHttp({
      baseURL: api.url,
      loading: false,
      auth: { getToken: () => 'SECRET' },
    });
    // Same origin: the header survives the redirect; another origin: it is dropped.
    expect((await http.get('/stay')).data).toEqual({ token: 'Bearer SECRET' });
    expect((await http.get('/go')).data).toEqual({ token: null });
  });
});

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { freePort, gate, json, startServer, until } from './helpers/servers';

useOracle();

const TOKEN = 'tok-transport-secret';
const auth = { getToken: () => TOKEN };

describe('transport faults', () => {
  it('connection refused: kind network, after the configured retries, no hang', async () => {
    const port = await freePort();
    const http = kit({
      baseURL: `http://127.0.0.1:${port}`,
      auth,
      retry: { retries: 2, minDelay: 5, maxDelay: 20 },
    });
    const error = await expectApiError(http.get('/users'), {
      kind: 'network',
      status: undefined,
      secrets: [TOKEN],
    });
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`http://127.0.0.1:${port}/users`);
    expect(error.response).toBeUndefined();
  });

  it('reset before headers: kind network, every retry reached the server', async () => {
    const server = await startServer((req) => {
      req.socket.destroy();
    });
    const http = kit({ baseURL: server.origin, auth, retry: { retries: 2, minDelay: 5 } });
    await expectApiError(http.get('/reset'), { kind: 'network', secrets: [TOKEN] });
    expect(server.arrived).toHaveLength(3);
  });

  it('a body cut short of its Content-Length: kind network, never half a body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":"u1","name":"Ada');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const http = kit({ baseURL: server.origin, retry: false });
    await expectApiError(http.get('/cut'), { kind: 'network' });
  });

  it('a server that never answers: kind timeout at the deadline', async () => {
    const server = await startServer(() => {
      // Never answer: the client's deadline must end it.
    });
    const http = kit({ baseURL: server.origin, timeout: 300, retry: false });
    const started = Date.now();
    await expectApiError(http.get('/hang'), { kind: 'timeout', status: undefined });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a server trickling a byte at a time past the deadline: the deadline is total', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      let n = 0;
      const timer = setInterval(() => {
        // 60 bytes over 3 s: never idle for 50 ms, so only a total deadline ends it.
        if (n++ > 60 || res.destroyed) {
          clearInterval(timer);
          res.end(']');
          return;
        }
        res.write(n === 1 ? '0' : ',0');
      }, 50);
      res.on('close', () => clearInterval(timer));
    });
    const http = kit({ baseURL: server.origin, timeout: 400, retry: false });
    const started = Date.now();
    await expectApiError(http.get('/trickle'), { kind: 'timeout' });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(1500);
  });

  it('a server restarted mid-flight: the held request fails, a retried one and later ones succeed', async () => {
    const held = gate();
    const server = await startServer((req, res) => {
      if (req.url === '/held') {
        held.open();
        return; // held until the restart kills it
      }
      json(res, 200, { ok: true, url: req.url });
    });
    const http = kit({
      baseURL: server.origin,
      retry: { retries: 3, minDelay: 100, maxDelay: 200 },
    });
    const noRetry = http.get('/held', { retry: false });
    await held.promise;
    const retried = http.get('/held');
    await until(() => server.arrived.length === 2, 'both held requests arrived');
    server.handle((req, res) => json(res, 200, { ok: true, url: req.url }));
    await server.stop();
    await expectApiError(noRetry, { kind: 'network' });
    await server.start();
    await expect(retried).resolves.toMatchObject({ status: 200, data: { ok: true } });
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) => http.get(`/after/${i}`).then((r) => r.data)),
    );
    expect(after).toHaveLength(10);
    expect(after.every((d) => (d as { ok: boolean }).ok)).toBe(true);
  });

  it('an oversized body is refused by the configured size limit, short message', async () => {
    const big = 'x'.repeat(64 * 1024);
    const server = await startServer((_req, res) => json(res, 200, { big }));
    const http = kit({ baseURL: server.origin, maxContentLength: 4096, retry: false });
    const error = await expectApiError(http.get('/big'), { kind: 'validation' });
    expect(error.message).not.toContain('xxxx');
  });

  it('an endpoint over a dead connection rejects typed, never with half-validated data', async () => {
    const server = await startServer((req) => {
      req.socket.destroy();
    });
    const http = kit({ baseURL: server.origin, retry: false });
    const get = defineEndpoint({
      method: 'GET',
      path: '/users/:id',
      params: z.object({ id: z.string() }),
      response: z.object({ id: z.string() }),
      http,
    });
    await expectApiError(get({ params: { id: 'u1' } }), { kind: 'network' });
  });

  it('the loading bar is done whatever the outcome (success, refused, reset, timeout, cancel)', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/ok') json(res, 200, { ok: true });
      else if (req.url === '/reset') req.socket.destroy();
      // '/hang' and '/held' never answer
    });
    const dead = await freePort();
    let shows = 0;
    let hides = 0;
    const http = kit({
      baseURL: server.origin,
      timeout: 300,
      retry: false,
      loading: { delay: 0, start: () => shows++, done: () => hides++ },
    });
    const controller = new AbortController();
    const all = Promise.allSettled([
      http.get('/ok'),
      http.get('/reset'),
      http.get('/hang'),
      http.get('/held', { signal: controller.signal }),
      http.get(`http://127.0.0.1:${dead}/refused`),
    ]);
    await until(() => server.arrived.length >= 4, 'all sent');
    expect(http.stats().loading).toBeGreaterThan(0);
    controller.abort();
    const outcomes = await all;
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(http.stats().loading).toBe(0);
    expect(shows).toBeGreaterThanOrEqual(1);
    expect(hides).toBe(shows);
  });

  it('a redirect loop ends typed, after a bounded number of hops', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    });
    const http = kit({ baseURL: server.origin, retry: false });
    const error = await expectApiError(http.get('/loop'), { kind: 'network' });
    expect(error.url).toContain('/loop');
    expect(server.arrived.length).toBeLessThanOrEqual(25);
  });

  it('a compressed body that inflates past the size limit (a gzip bomb) is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const server = await startServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      });
      res.end(bomb);
    });
    const http = kit({ baseURL: server.origin, maxContentLength: 1024 * 1024, retry: false });
    await expectApiError(http.get('/bomb'), { kind: 'validation' });
  });

  it('a 503 asking to come back much later fails at once, never a hang', async () => {
    const server = await startServer((_req, res) =>
      json(res, 503, { message: 'maintenance' }, { 'retry-after': '86400' }),
    );
    const http = kit({ baseURL: server.origin, retry: { retries: 3, minDelay: 5 } });
    const started = Date.now();
    const error = await expectApiError(http.get('/later'), { kind: 'http', status: 503 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.response?.headers['retry-after']).toBe('86400');
    expect(error.response?.data).toEqual({ message: 'maintenance' });
  });

  describe('a redirect to another origin carries no token', () => {
    for (const header of ['Authorization', 'X-Api-Token']) {
      it(`auth header ${header}`, async () => {
        const foreign = await startServer((_req, res) => json(res, 200, { foreign: true }));
        const api = await startServer((_req, res) => {
          res.writeHead(302, { location: `${foreign.origin}/landing` });
          res.end();
        });
        const http = kit({
          baseURL: api.origin,
          auth: { getToken: () => TOKEN, header },
          retry: false,
        });
        // Node follows the redirect (a browser would too): the token header must not.
        const response = await http.get('/go');
        expect(response.data).toEqual({ foreign: true });
        expect(api.arrived[0]?.headers[header.toLowerCase()]).toBe(`Bearer ${TOKEN}`);
        expect(foreign.arrived).toHaveLength(1);
        for (const seen of foreign.arrived) {
          expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
          expect(seen.headers['x-xsrf-token']).toBeUndefined();
        }
      });
    }
  });
});

import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

/** The module axios's http adapter follows redirects with (a dependency of axios). */
const followRedirects = createRequire(import.meta.url)('follow-redirects') as {
  http: { request: (...args: unknown[]) => unknown };
};

const TOKEN = 'tok-http-hops';

/**
 * Over Node's http adapter the kit follows redirects itself, one `maxRedirects: 0` hop at a time
 * (follow-redirects kept every request reachable from the next: see bench/notes.md). These pin
 * what follow-redirects did for the app, hop by hop.
 */
describe('redirects over the http adapter, followed by the kit', () => {
  it('each hop is a plain node:http request (follow-redirects is not on the way)', async () => {
    const viaFollow = vi.spyOn(followRedirects.http, 'request');
    const api = await startServer((req, res) => {
      if (req.url === '/go') {
        res.writeHead(302, { location: '/home', 'content-length': '0' }).end();
      } else json(res, 200, { at: req.url });
    });
    const http = kit({ baseURL: api.origin, auth: { getToken: () => TOKEN } });
    const response = await http.get('/go', { adapter: 'http' });
    expect(response.data).toEqual({ at: '/home' });
    expect(viaFollow).not.toHaveBeenCalled();
    viaFollow.mockRestore();
    expect(api.arrived.map((a) => a.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it("an unparseable Location is the server's fault: kind network, not validation", async () => {
    const api = await startServer((_req, res) => {
      res.writeHead(302, { location: 'http://[not-a-host', 'content-length': '0' }).end();
    });
    const http = kit({ baseURL: api.origin, retry: false });
    await expect(http.get('/go', { adapter: 'http' })).rejects.toMatchObject({ kind: 'network' });
    expect(api.arrived).toHaveLength(1);
  });

  it("responseType 'stream': the redirect's unread body is let go (the oracle sees no exchange left open)", async () => {
    // A body larger than the sockets' buffers: unread, it held the exchange open until GC.
    const big = 'x'.repeat(20_000_000);
    const api = await startServer((req, res) => {
      if (req.url === '/big') {
        res.writeHead(302, { location: '/small', 'content-type': 'text/plain' }).end(big);
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end('small');
    });
    const http = kit({ baseURL: api.origin });
    const response = await http.get<Readable>('/big', { adapter: 'http', responseType: 'stream' });
    let text = '';
    for await (const chunk of response.data) text += String(chunk);
    expect(text).toBe('small');
  });

  it('an instance without auth follows them itself too, and a redirect loop still ends', async () => {
    const viaFollow = vi.spyOn(followRedirects.http, 'request');
    const api = await startServer((req, res) => {
      if (req.url === '/go') res.writeHead(301, { location: '/home', 'content-length': '0' }).end();
      else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop', 'content-length': '0' }).end();
      } else json(res, 200, { at: req.url });
    });
    const http = kit({ baseURL: api.origin, retry: false });
    expect((await http.get('/go', { adapter: 'http' })).data).toEqual({ at: '/home' });
    await expectApiError(http.get('/loop', { adapter: 'http' }), { kind: 'network' });
    expect(viaFollow).not.toHaveBeenCalled();
    viaFollow.mockRestore();
    // axios's default: 21 redirects followed, the 22nd refused (as follow-redirects counted).
    expect(api.arrived.filter((a) => a.url === '/loop')).toHaveLength(22);
  });

  it("the app's cookie and Basic credentials stay on their origin", async () => {
    const foreign = await startServer((_req, res) => json(res, 200, { at: 'foreign' }));
    const api = await startServer((req, res) => {
      if (req.url === '/away') {
        res.writeHead(302, { location: `${foreign.origin}/landed`, 'content-length': '0' }).end();
      } else if (req.url === '/near') {
        res.writeHead(302, { location: '/home', 'content-length': '0' }).end();
      } else json(res, 200, { at: 'api' });
    });
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const config = {
      adapter: 'http' as const,
      withToken: false,
      headers: { Cookie: 'sid=secret' },
      auth: { username: 'app', password: 'pw' },
    };
    await http.get('/near', config);
    expect(
      api.arrived.map((a) => [a.headers.cookie, a.headers.authorization?.slice(0, 6)]),
    ).toEqual([
      ['sid=secret', 'Basic '],
      ['sid=secret', 'Basic '],
    ]);
    const { data } = await http.get('/away', config);
    expect(data).toEqual({ at: 'foreign' });
    expect(foreign.arrived).toHaveLength(1);
    expect(foreign.arrived[0]?.headers.cookie).toBeUndefined();
    expect(foreign.arrived[0]?.headers.authorization).toBeUndefined();
  });

  it('a POST answered 302 goes on as a GET without its body; a 307 sends the body again', async () => {
    const api = await startServer((req, res, arrived) => {
      if (req.url === '/302')
        res.writeHead(302, { location: '/done', 'content-length': '0' }).end();
      else if (req.url === '/307') {
        res.writeHead(307, { location: '/done', 'content-length': '0' }).end();
      } else json(res, 200, { method: arrived.method, body: arrived.body });
    });
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const moved = await http.post('/302', { a: 1 }, { adapter: 'http', timeout: 2000 });
    expect(moved.data).toEqual({ method: 'GET', body: '' });
    expect(api.arrived[1]?.headers['content-type']).toBeUndefined();
    expect(api.arrived[1]?.headers['content-length']).toBeUndefined();
    const kept = await http.post('/307', { a: 1 }, { adapter: 'http', timeout: 2000 });
    expect(kept.data).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('a relative Location is resolved against the URL really sent, query included', async () => {
    const api = await startServer((req, res) => {
      if (req.url === '/list/go?page=1') {
        res.writeHead(302, { location: '?page=2', 'content-length': '0' }).end();
      } else json(res, 200, { at: req.url });
    });
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const { data } = await http.get('/list/go', { adapter: 'http', params: { page: 1 } });
    expect(data).toEqual({ at: '/list/go?page=2' });
  });

  it('maxRedirects is honoured: past it the request fails as a network error', async () => {
    const api = await startServer((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { location: `/${n + 1}`, 'content-length': '0' }).end();
    });
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    await expectApiError(http.get('/0', { adapter: 'http', maxRedirects: 2 }), { kind: 'network' });
    expect(api.arrived.map((a) => a.url)).toEqual(['/0', '/1', '/2']);
  });

  it('a redirect off http(s) (a data: URL axios would answer itself) fails, nothing is read', async () => {
    const api = await startServer((_req, res) => {
      res
        .writeHead(302, {
          location: 'data:application/json,{"forged":true}',
          'content-length': '0',
        })
        .end();
    });
    for (const adapter of ['http', 'fetch'] as const) {
      const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
      await expectApiError(http.get('/go', { adapter }), { kind: 'network' });
    }
  });

  it('a streamed body still follows a 307 (follow-redirects buffers it)', async () => {
    const api = await startServer((req, res, arrived) => {
      if (req.url === '/up') res.writeHead(307, { location: '/put', 'content-length': '0' }).end();
      else json(res, 200, { body: arrived.body });
    });
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const { data } = await http.post('/up', Readable.from(['a', 'b']), {
      adapter: 'http',
      headers: { 'content-type': 'text/plain' },
    });
    expect(data).toEqual({ body: 'ab' });
  });
});

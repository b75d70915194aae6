import { describe, expect, it } from 'vitest';
import { openEventStream, streamText } from '../../src/realtime';
import type { HttpOptions } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, type LoopbackServer, startServer, until } from './helpers/servers';

useOracle();

const TOKEN = 'tok-transport-redirect-secret';

function carried(server: LoopbackServer): boolean {
  return server.arrived.some((seen) => JSON.stringify(seen.headers).includes(TOKEN));
}

/** An API whose /go answers `status` with a Location on the foreign server, and a foreign echo. */
async function redirecting(status: number, header: string, extra: HttpOptions = {}) {
  const foreign = await startServer((_req, res) => json(res, 200, { at: 'foreign' }));
  const api = await startServer((req, res) => {
    if (req.url?.startsWith('/go')) {
      res.writeHead(status, { location: `${foreign.origin}/landed`, 'content-length': '0' });
      res.end();
    } else if (req.url?.startsWith('/hop')) {
      res.writeHead(status, { location: '/home', 'content-length': '0' });
      res.end();
    } else json(res, 200, { at: 'api', token: req.headers[header.toLowerCase()] ?? null });
  });
  const http = kit({
    baseURL: api.origin,
    retry: false,
    auth: { getToken: () => TOKEN, header },
    ...extra,
  });
  return { api, foreign, http };
}

describe('the token never leaves its origin through a redirect, on any transport', () => {
  for (const adapter of ['http', 'fetch'] as const) {
    for (const header of ['Authorization', 'X-Token']) {
      for (const status of [301, 302, 303, 307, 308]) {
        it(`${adapter} adapter, ${header}, ${status} to another origin`, async () => {
          const { api, foreign, http } = await redirecting(status, header);
          const { data } = await http.get('/go', { adapter });
          expect(data).toEqual({ at: 'foreign' });
          expect(api.arrived).toHaveLength(1);
          expect(foreign.arrived).toHaveLength(1);
          expect(carried(api)).toBe(true);
          expect(carried(foreign)).toBe(false);
        });
      }
      it(`${adapter} adapter, ${header}: a same-origin redirect keeps the token`, async () => {
        const { api, http } = await redirecting(302, header);
        const { data } = await http.get('/hop', { adapter });
        expect(data).toEqual({ at: 'api', token: `Bearer ${TOKEN}` });
        expect(api.arrived.map((a) => a.url)).toEqual(['/hop', '/home']);
      });
    }
  }
});

describe('openEventStream (fetch adapter) behind a redirect', () => {
  for (const header of ['Authorization', 'X-Token']) {
    it(`${header}: the stream is followed to another origin without the token`, async () => {
      const foreign = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('id: 1\ndata: hello\n\n');
      });
      const api = await startServer((_req, res) => {
        res.writeHead(302, { location: `${foreign.origin}/events`, 'content-length': '0' });
        res.end();
      });
      const http = kit({ baseURL: api.origin, auth: { getToken: () => TOKEN, header } });
      const got: string[] = [];
      const stream = openEventStream('/events', { http, onEvent: (e) => got.push(e.data) });
      await until(() => got.length === 1, 'the event from the other origin');
      stream.close();
      await stream.done;
      expect(carried(api)).toBe(true);
      expect(carried(foreign)).toBe(false);
    });
  }
});

describe('the origin is judged on the URL actually sent', () => {
  it('transitional.legacyInterceptorReqResOrdering false + an app interceptor that moves the request', async () => {
    const foreign = await startServer((_req, res) => json(res, 200, { at: 'foreign' }));
    const api = await startServer((_req, res) => json(res, 200, { at: 'api' }));
    for (const header of ['Authorization', 'X-Token']) {
      const http = kit({
        baseURL: api.origin,
        retry: false,
        auth: { getToken: () => TOKEN, header },
      });
      http.defaults.transitional = {
        ...http.defaults.transitional,
        legacyInterceptorReqResOrdering: false,
      };
      http.interceptors.request.use((config) => {
        if (config.url === '/move') config.baseURL = foreign.origin;
        return config;
      });
      expect((await http.get('/move')).data).toEqual({ at: 'foreign' });
      // And the reverse: a foreign URL moved onto the API gets the token.
      expect((await http.get('/stay')).data).toEqual({ at: 'api' });
    }
    expect(carried(foreign)).toBe(false);
    expect(api.arrived.every((a) => JSON.stringify(a.headers).includes(TOKEN))).toBe(true);
  });
});

describe('a URL passed as a URL object', () => {
  it('follows the same origin rule as a string', async () => {
    const foreign = await startServer((_req, res) => json(res, 200, { at: 'foreign' }));
    const api = await startServer((_req, res) => json(res, 200, { at: 'api' }));
    const errors: unknown[] = [];
    const http = kit({
      baseURL: api.origin,
      retry: false,
      auth: { getToken: () => TOKEN },
      onError: (e) => errors.push(e),
    });
    const own = new URL('/me', api.origin) as unknown as string;
    const away = new URL('/steal', foreign.origin) as unknown as string;
    expect((await http.get(own)).data).toEqual({ at: 'api' });
    expect((await http.request({ url: away })).data).toEqual({ at: 'foreign' });
    expect(carried(api)).toBe(true);
    expect(carried(foreign)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('anything else that is not a string is refused as validation, and onError hears it', async () => {
    const api = await startServer((_req, res) => json(res, 200, { at: 'api' }));
    const errors: unknown[] = [];
    const http = kit({ baseURL: api.origin, onError: (e) => errors.push(e) });
    await expectApiError(http.request({ url: { href: '/x' } as unknown as string }), {
      kind: 'validation',
    });
    expect(errors).toHaveLength(1);
    expect(api.arrived).toHaveLength(0);
  });
});

describe('a URL object through the streaming transports', () => {
  it('streamText and openEventStream take it as its href, with the same origin rule', async () => {
    const foreign = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: away\n\n');
    });
    const api = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: home\n\n');
    });
    const http = kit({ baseURL: api.origin, auth: { getToken: () => TOKEN } });
    const own = new URL('/t', api.origin) as unknown as string;
    const away = new URL('/t', foreign.origin) as unknown as string;
    await expect(streamText({ url: own }, { http, onChunk: () => {} })).resolves.toBe(
      'data: home\n\n',
    );
    await expect(streamText({ url: away }, { http, onChunk: () => {} })).resolves.toBe(
      'data: away\n\n',
    );
    for (const url of [own, away]) {
      const got: string[] = [];
      const stream = openEventStream(url, { http, onEvent: (e) => got.push(e.data) });
      await until(() => got.length === 1, 'the event');
      stream.close();
      await stream.done;
    }
    expect(carried(api)).toBe(true);
    expect(carried(foreign)).toBe(false);
  });

  it('any other object is refused as validation, never retried as a dropped stream', async () => {
    const api = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: api.origin });
    const bad = { href: '/t' } as unknown as string;
    await expectApiError(streamText({ url: bad }, { http, onChunk: () => {} }), {
      kind: 'validation',
    });
    const stream = openEventStream(bad, { http, onEvent: () => {} });
    await expectApiError(stream.done, { kind: 'validation' });
    expect(api.arrived).toHaveLength(0);
  });
});

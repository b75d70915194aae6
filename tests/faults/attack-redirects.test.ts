import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineDownload } from '../../src/api';
import { defineStream, openEventStream, streamText } from '../../src/realtime';
import { kit, useOracle } from './helpers/oracle';
import { json, type LoopbackServer, startServer, until } from './helpers/servers';

useOracle();

const TOKEN = 'tok-attack-redirect-secret';
const loopbackLookup = async () => ({ address: '127.0.0.1', family: 4 as const });
const loopbackFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  url.hostname = '127.0.0.1';
  return fetch(new Request(url, request), { redirect: init?.redirect ?? request.redirect });
};

/** What arrived for `host` (by Host header) carrying the token. */
function leakedTo(server: LoopbackServer, host: string): string[] {
  return server.arrived
    .filter(
      (a) => String(a.headers.host).startsWith(host) && JSON.stringify(a.headers).includes(TOKEN),
    )
    .map((a) => `${a.method} ${a.headers.host}${a.url}`);
}

/** One server answering for api.example.com and for evil.api.example.com (a subdomain). */
async function subdomainSetup(header: string) {
  const server = await startServer((req, res) => {
    const host = String(req.headers.host);
    if (host.startsWith('evil.')) {
      if (req.url?.startsWith('/events') || req.url?.startsWith('/chat')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
        return;
      }
      json(res, 200, { at: 'evil' });
      return;
    }
    if (req.url?.startsWith('/hop')) {
      res.writeHead(302, { location: '/go', 'content-length': '0' });
      res.end();
      return;
    }
    const status = Number(/status=(\d+)/.exec(req.url ?? '')?.[1] ?? 302);
    res.writeHead(status, {
      location: `http://evil.api.example.com:${server.port}${req.url}`,
      'content-length': '0',
    });
    res.end();
  });
  const http = kit({
    baseURL: `http://api.example.com:${server.port}`,
    retry: false,
    auth: { getToken: () => TOKEN, header },
  });
  http.defaults.lookup = loopbackLookup;
  http.defaults.env = { ...http.defaults.env, fetch: loopbackFetch };
  return { server, http };
}

describe('http adapter: a redirect to a subdomain of the API host is another origin', () => {
  // follow-redirects keeps Authorization on a redirect to a subdomain; the kit must not.
  for (const header of ['Authorization', 'X-Token']) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${header}, ${status}`, async () => {
        const { server, http } = await subdomainSetup(header);
        const { data } = await http.get(`/go?status=${status}`, { adapter: 'http' });
        expect(data).toEqual({ at: 'evil' });
        expect(leakedTo(server, 'evil.')).toEqual([]);
      });
    }
    it(`${header}: same-origin hop then away`, async () => {
      const { server, http } = await subdomainSetup(header);
      expect((await http.get('/hop', { adapter: 'http' })).data).toEqual({ at: 'evil' });
      expect(leakedTo(server, 'evil.')).toEqual([]);
    });
  }
});

/** An API that redirects (`status`, straight or through a same-origin hop) to a foreign server. */
async function awaySetup(header: string, status: number, hop: boolean) {
  const foreign = await startServer((req, res) => {
    if (req.url?.startsWith('/events') || req.url?.startsWith('/chat')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
      return;
    }
    json(res, 200, { at: 'foreign' });
  });
  const api = await startServer((req, res) => {
    const url = req.url ?? '/';
    if (hop && !url.startsWith('/hopped')) {
      res.writeHead(status, { location: `/hopped${url}`, 'content-length': '0' });
    } else {
      res.writeHead(status, {
        location: `${foreign.origin}${url.replace('/hopped', '')}`,
        'content-length': '0',
      });
    }
    res.end();
  });
  const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN, header } });
  const leaked = () => foreign.arrived.filter((a) => JSON.stringify(a.headers).includes(TOKEN));
  return { api, foreign, http, leaked };
}

describe('every transport follows a redirect away without the token', () => {
  for (const header of ['Authorization', 'X-Token']) {
    for (const status of [302, 307, 308]) {
      for (const hop of [false, true]) {
        const name = `${header}, ${status}${hop ? ', after a same-origin hop' : ''}`;
        it(`http.get (fetch adapter), ${name}`, async () => {
          const { http, leaked, foreign } = await awaySetup(header, status, hop);
          expect((await http.get('/x', { adapter: 'fetch' })).data).toEqual({ at: 'foreign' });
          expect(foreign.arrived).toHaveLength(1);
          expect(leaked()).toEqual([]);
        });
        it(`http.get (http adapter), ${name}`, async () => {
          const { http, leaked, foreign } = await awaySetup(header, status, hop);
          expect((await http.get('/x')).data).toEqual({ at: 'foreign' });
          expect(foreign.arrived).toHaveLength(1);
          expect(leaked()).toEqual([]);
        });
        it(`streamText, ${name}`, async () => {
          const { http, leaked, foreign } = await awaySetup(header, status, hop);
          await streamText({ url: '/x' }, { http, onChunk: () => {} });
          expect(foreign.arrived).toHaveLength(1);
          expect(leaked()).toEqual([]);
        });
        it(`defineDownload with progress, ${name}`, async () => {
          const { http, leaked, foreign } = await awaySetup(header, status, hop);
          await defineDownload({ path: '/x', http })(undefined, { onProgress: () => {} });
          expect(foreign.arrived).toHaveLength(1);
          expect(leaked()).toEqual([]);
        });
        it(`defineStream POST, ${name}`, async () => {
          const { http, leaked, foreign } = await awaySetup(header, status, hop);
          const chat = defineStream({
            method: 'POST',
            path: '/chat',
            body: z.object({ q: z.string() }),
            events: z.object({ n: z.number() }),
            http,
          });
          const got: unknown[] = [];
          for await (const e of chat({ body: { q: 'hi' } })) got.push(e.data);
          expect(got).toEqual([{ n: 1 }]);
          expect(foreign.arrived).toHaveLength(1);
          expect(leaked()).toEqual([]);
        });
        it(`openEventStream, ${name}`, async () => {
          const { http, leaked } = await awaySetup(header, status, hop);
          const got: string[] = [];
          const stream = openEventStream('/events', { http, onEvent: (e) => got.push(e.data) });
          await until(() => got.length >= 1, 'an event');
          stream.close();
          await stream.done;
          expect(leaked()).toEqual([]);
        });
      }
    }
  }
});

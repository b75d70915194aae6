/**
 * The tricky-URL and redirect set through XHR in a real Chromium page (the kit's default transport
 * in browsers): the page's origin is the API's, another loopback port is the foreign origin, which
 * answers every CORS preflight permissively, as a hostile server would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { streamText as StreamText } from '../../src/realtime/stream-text';
import type { createHttp as CreateHttp } from '../../src/request/create-http';
import { launchChromium } from './chromium';

const TOKEN = 'tok-xhr-secret';
const STATUSES = [301, 302, 303, 307, 308];

interface Seen {
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  return new Promise<Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

let browser: Browser;
let api: Server;
let foreign: Server;
const apiSeen: Seen[] = [];
const foreignSeen: Seen[] = [];

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['tests/e2e/xhr/entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    define: { 'import.meta.env': '{}' },
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  foreign = await listen((req, res) => {
    foreignSeen.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers });
    res.writeHead(200, {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': '*, authorization, x-token',
      'access-control-allow-methods': '*',
      'content-type': 'application/json',
    });
    res.end(JSON.stringify({ at: 'foreign' }));
  });
  const foreignOrigin = `http://127.0.0.1:${portOf(foreign)}`;
  api = await listen((req, res) => {
    const url = req.url ?? '';
    apiSeen.push({ url, method: req.method ?? '', headers: req.headers });
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><script src="/kit.js"></script>');
    } else if (url === '/kit.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else if (url.startsWith('/v1/go/')) {
      const status = Number(url.slice('/v1/go/'.length));
      res.writeHead(status, { location: `${foreignOrigin}/landed` });
      res.end();
    } else if (url.startsWith('/v1/up/')) {
      // An upload's redirect: drain the body first, as a server does.
      req.resume();
      req.on('end', () => {
        res.writeHead(Number(url.slice('/v1/up/'.length)), { location: `${foreignOrigin}/landed` });
        res.end();
      });
      return;
    } else if (url === '/v1/text') {
      // Five 2 KB pieces 100 ms apart (nosniff: Chromium hands text over without buffering it).
      res.writeHead(200, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' });
      let n = 0;
      const timer = setInterval(() => {
        res.write(`piece ${n} `.padEnd(2048, '.'));
        n += 1;
        if (n === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      return;
    } else if (url === '/v1/refuse') {
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 42901, message: '今日额度已用完' }));
    } else if (url === '/v1/refuse-msg') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ msg: 'Subscribers only' }));
    } else if (url === '/v1/refuse-html') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    } else if (url.startsWith('/v1/hop')) {
      res.writeHead(302, { location: '/v1/home' });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ at: 'api' }));
    }
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  api?.closeAllConnections();
  foreign?.closeAllConnections();
  await Promise.all([api, foreign].map((s) => new Promise((r) => s?.close(r))));
});

describe('XHR in Chromium', () => {
  for (const header of ['Authorization', 'X-Token']) {
    it(`${header}: no tricky URL or redirect takes the token to another origin`, async () => {
      apiSeen.length = 0;
      foreignSeen.length = 0;
      const page = await browser.newPage();
      try {
        await page.goto(`http://127.0.0.1:${portOf(api)}/`);
        const fport = portOf(foreign);
        const urls = [
          `http://127.0.0.1:${fport}/steal`,
          `//127.0.0.1:${fport}/steal`,
          `/\\127.0.0.1:${fport}/steal`,
          `http:127.0.0.1:${fport}/steal`,
          ` http://127.0.0.1:${fport}/steal`,
          `\thttp://127.0.0.1:${fport}/steal`,
          ...STATUSES.map((s) => `/go/${s}`),
          '/hop',
        ];
        const outcomes = await page.evaluate(
          async ({ urls, header, token }) => {
            const { createHttp } = (
              globalThis as never as { kit: { createHttp: typeof CreateHttp } }
            ).kit;
            const http = createHttp({
              baseURL: '/v1',
              loading: false,
              retry: false,
              auth: { getToken: () => token, header },
            });
            const out: string[] = [];
            for (const url of urls) {
              out.push(
                await http.get(url).then(
                  (r) => (r.data as { at: string }).at,
                  (e: { kind?: string }) => `error:${e.kind}`,
                ),
              );
            }
            return out;
          },
          { urls, header, token: TOKEN },
        );
        // A redirect to the foreign origin is followed there without the token (Authorization,
        // dropped by Chromium itself), or refused (a custom header: the kit sends such a request
        // over fetch with mode 'same-origin', because XHR would carry it along).
        const redirected = header === 'Authorization' ? 'foreign' : 'error:network';
        expect(outcomes.slice(6, 11)).toEqual(STATUSES.map(() => redirected));
        expect(outcomes[11]).toBe('api');
        expect(foreignSeen.length).toBeGreaterThanOrEqual(2);
        for (const seen of foreignSeen) expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
        // The same-origin redirect kept it.
        const home = apiSeen.find((s) => s.url === '/v1/home');
        expect(JSON.stringify(home?.headers)).toContain(TOKEN);
      } finally {
        await page.close();
      }
    });
  }

  for (const header of ['Authorization', 'X-Token']) {
    it(`${header}: requests with progress events never take the token to another origin`, async () => {
      apiSeen.length = 0;
      foreignSeen.length = 0;
      const page = await browser.newPage();
      try {
        await page.goto(`http://127.0.0.1:${portOf(api)}/`);
        const outcomes = await page.evaluate(
          async ({ header, token }) => {
            const { createHttp } = (
              globalThis as never as { kit: { createHttp: typeof CreateHttp } }
            ).kit;
            const http = createHttp({
              baseURL: '/v1',
              loading: false,
              retry: false,
              auth: { getToken: () => token, header },
            });
            const settle = (p: Promise<{ data: unknown }>) =>
              p.then(
                (r) => (r.data as { at: string }).at,
                (e: { kind?: string }) => `error:${e.kind}`,
              );
            let downloads = 0;
            let uploads = 0;
            const onDownloadProgress = () => {
              downloads += 1;
            };
            const onUploadProgress = () => {
              uploads += 1;
            };
            const body = 'x'.repeat(64 * 1024);
            return {
              downAway: await settle(http.get('/go/307', { onDownloadProgress })),
              downHome: await settle(http.get('/home', { onDownloadProgress })),
              downloads,
              upAway: await settle(http.post('/up/307', body, { onUploadProgress })),
              upHome: await settle(http.post('/home', body, { onUploadProgress })),
              uploads,
            };
          },
          { header, token: TOKEN },
        );
        for (const seen of foreignSeen) expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
        const home = apiSeen.filter((s) => s.url === '/v1/home');
        if (header === 'Authorization') {
          // XHR throughout (progress events kept); Chromium drops Authorization on the redirect.
          expect(outcomes).toMatchObject({
            downAway: 'foreign',
            downHome: 'api',
            upAway: 'foreign',
            upHome: 'api',
          });
          expect(outcomes.uploads).toBeGreaterThan(0);
          expect(home.map((s) => JSON.stringify(s.headers).includes(TOKEN))).toEqual([true, true]);
        } else {
          // Download progress goes over fetch (which reports it from the body stream): the
          // redirect away is refused, the home request carries the token.
          expect(outcomes.downAway).toBe('error:network');
          expect(outcomes.downHome).toBe('api');
          // Upload progress needs XHR, which would carry X-Token along a redirect: refused
          // before anything is sent.
          expect(outcomes.upAway).toBe('error:validation');
          expect(outcomes.upHome).toBe('error:validation');
          expect(apiSeen.some((s) => s.url.startsWith('/v1/up/'))).toBe(false);
          expect(home.map((s) => s.method)).toEqual(['GET']);
          expect(JSON.stringify(home[0]?.headers)).toContain(TOKEN);
        }
        expect(outcomes.downloads).toBeGreaterThan(0);
      } finally {
        await page.close();
      }
    });
  }

  for (const header of ['Authorization', 'X-Token']) {
    it(`${header}: streamText streams piece by piece, and never to another origin`, async () => {
      foreignSeen.length = 0;
      const page = await browser.newPage();
      try {
        await page.goto(`http://127.0.0.1:${portOf(api)}/`);
        const outcome = await page.evaluate(
          async ({ header, token }) => {
            const { createHttp, streamText } = (
              globalThis as never as {
                kit: { createHttp: typeof CreateHttp; streamText: typeof StreamText };
              }
            ).kit;
            const http = createHttp({
              baseURL: '/v1',
              loading: false,
              retry: false,
              auth: { getToken: () => token, header },
            });
            const pieces: string[] = [];
            const text = await streamText(
              { url: '/text' },
              { http, onChunk: (p) => pieces.push(p) },
            );
            const away = await streamText(
              { url: '/go/307' },
              { http, onChunk: () => undefined },
            ).then(
              (t) => t,
              (e: { kind?: string }) => `error:${e.kind}`,
            );
            return { pieces: pieces.length, length: text.length, away };
          },
          { header, token: TOKEN },
        );
        // XHR for Authorization; a fetch body stream for X-Token (XHR would carry it along).
        expect(outcome.length).toBe(5 * 2048);
        expect(outcome.pieces).toBeGreaterThanOrEqual(3);
        if (header === 'X-Token') expect(outcome.away).toMatch(/^error:/);
        for (const seen of foreignSeen) expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
      } finally {
        await page.close();
      }
    });
  }

  for (const header of ['Authorization', 'X-Token']) {
    it(`${header}: streamText's refusal takes the server's message, as an endpoint's does`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`http://127.0.0.1:${portOf(api)}/`);
        const outcome = await page.evaluate(
          async ({ header, token }) => {
            const { createHttp, streamText } = (
              globalThis as never as {
                kit: { createHttp: typeof CreateHttp; streamText: typeof StreamText };
              }
            ).kit;
            const reported: string[] = [];
            const make = (serverMessage?: false) =>
              createHttp({
                baseURL: '/v1',
                loading: false,
                retry: false,
                auth: { getToken: () => token, header },
                onError: (e) => reported.push(e.message),
                ...(serverMessage === false ? { serverMessage } : {}),
              });
            const refusal = (url: string, http = make()) =>
              streamText({ url }, { http, onChunk: () => undefined }).then(
                () => ({ kind: 'resolved' }) as Record<string, unknown>,
                (e: {
                  kind?: string;
                  status?: number;
                  message?: string;
                  fallbackMessage?: string;
                  response?: { data?: unknown };
                }) => ({
                  kind: e.kind,
                  status: e.status,
                  message: e.message,
                  fallbackMessage: e.fallbackMessage,
                  data: e.response?.data,
                }),
              );
            return {
              message: await refusal('/refuse'),
              msg: await refusal('/refuse-msg'),
              html: await refusal('/refuse-html'),
              off: await refusal('/refuse', make(false)),
              reported,
            };
          },
          { header, token: TOKEN },
        );
        expect(outcome.message).toEqual({
          kind: 'http',
          status: 429,
          message: '今日额度已用完',
          fallbackMessage: 'Too many requests. Please wait a moment.',
          data: { code: 42901, message: '今日额度已用完' },
        });
        expect(outcome.msg).toMatchObject({ status: 403, message: 'Subscribers only' });
        // No message in an HTML page: the table's text, and the page kept as text.
        expect(outcome.html).toMatchObject({ kind: 'http', status: 502 });
        expect(outcome.html.message).toBe(outcome.html.fallbackMessage);
        expect(String(outcome.html.data)).toContain('502 Bad Gateway');
        expect(outcome.off).toMatchObject({
          status: 429,
          message: 'Too many requests. Please wait a moment.',
        });
        // onError told once per refusal, with the message the caller got.
        expect(outcome.reported).toEqual([
          '今日额度已用完',
          'Subscribers only',
          outcome.html.message,
          'Too many requests. Please wait a moment.',
        ]);
      } finally {
        await page.close();
      }
    });
  }

  it('a URL the page cannot parse is kind validation (part url) on XHR, fetch and streamText', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${portOf(api)}/`);
      const outcomes = await page.evaluate(async () => {
        const { createHttp, streamText } = (
          globalThis as never as {
            kit: { createHttp: typeof CreateHttp; streamText: typeof StreamText };
          }
        ).kit;
        const http = createHttp({ baseURL: '/v1', loading: false, retry: false });
        const kindOf = (p: Promise<unknown>) =>
          p.then(
            () => 'resolved',
            (e: { kind?: string; part?: string }) => `${e.kind}:${e.part}`,
          );
        const out: Record<string, string> = {};
        // (Chromium's parser takes a space in a host, percent-encoded: that one is a DNS failure.)
        for (const url of ['http://[::1/x', 'http://127.0.0.1:99999/x', 'http://a:b:c/x']) {
          out[`xhr ${url}`] = await kindOf(http.get(url));
          out[`fetch ${url}`] = await kindOf(http.get(url, { adapter: 'fetch' }));
          out[`streamText ${url}`] = await kindOf(
            streamText({ url, adapter: 'fetch' }, { http, onChunk: () => undefined }),
          );
        }
        return out;
      });
      for (const [what, outcome] of Object.entries(outcomes)) {
        expect(`${what}: ${outcome}`).toBe(`${what}: validation:url`);
      }
    } finally {
      await page.close();
    }
  });
});

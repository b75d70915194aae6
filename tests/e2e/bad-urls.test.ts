/**
 * Unparseable URLs in a real Chromium page, through every transport the kit uses in a browser:
 * XHR (the default adapter, an upload with progress, streamText with Authorization), fetch (a
 * per-request adapter, openEventStream, defineStream, streamText with a custom token header) and
 * defineDownload. Each must be refused before anything is sent, as kind 'validation' (part 'url')
 * naming the URL and why, as in Node: the browser's own failure is a bare TypeError or
 * DOMException, which looked like 'network' (a stream then reconnected for ever), and Chromium's
 * parser takes 'http://exa mple.com' as host 'exa%20mple.com' and looks it up in DNS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { defineDownload as DefineDownload } from '../../src/api/download';
import type { defineStream as DefineStream } from '../../src/realtime/define-stream';
import type { openEventStream as OpenEventStream } from '../../src/realtime/sse';
import type { streamText as StreamText } from '../../src/realtime/stream-text';
import { enMessages } from '../../src/request';
import type { createHttp as CreateHttp } from '../../src/request/create-http';
import { launchChromium } from './chromium';

interface Kit {
  createHttp: typeof CreateHttp;
  streamText: typeof StreamText;
  openEventStream: typeof OpenEventStream;
  defineStream: typeof DefineStream;
  defineDownload: typeof DefineDownload;
}
/** What one call ended with: `ok <body>` or the error's fields. */
type Outcome =
  | string
  | { kind?: string; part?: string; message?: string; detail?: string; url?: string };
type Transport =
  | 'xhr'
  | 'fetch'
  | 'upload'
  | 'streamText'
  | 'openEventStream'
  | 'defineStream'
  | 'defineDownload';

let browser: Browser;
let server: Server;
let page: Page;
/** Every request the server saw, but the page and its script. */
const seen: string[] = [];

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['tests/e2e/bad-urls/entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    define: { 'import.meta.env': '{}' },
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><link rel="icon" href="data:,"><script src="/kit.js"></script>');
      return;
    }
    if (req.url === '/kit.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"at":"api"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/**
 * Call `url` (made in the page by `makeUrl`, on an instance with `baseURL`) through each
 * transport, each call bounded by 3 s (a stream that reconnects for ever would show as 'hung').
 */
function tryAll(baseURL: string, makeUrl: string, header = 'Authorization') {
  return page.evaluate(
    async ({ baseURL, makeUrl, header }) => {
      const kit = (globalThis as never as { kit: Kit }).kit;
      // The test's own URL factory, sent as source text (a URL object cannot cross into the page).
      const url = () => new Function(`return ${makeUrl}`)() as string;
      const http = kit.createHttp({
        baseURL,
        loading: false,
        retry: false,
        auth: { getToken: () => 'tok', header },
      });
      const events = {
        parse: (x: unknown) => x,
        safeParse: (x: unknown) => ({ success: true, data: x }),
      };
      const calls: Record<Transport, () => Promise<unknown>> = {
        xhr: () => http.get(url()),
        fetch: () => http.get(url(), { adapter: 'fetch' }),
        upload: () => http.post(url(), 'x', { onUploadProgress: () => undefined }),
        streamText: () => kit.streamText({ url: url() }, { http, onChunk: () => undefined }),
        openEventStream: () => kit.openEventStream(url(), { http, onEvent: () => undefined }).done,
        defineStream: async () => {
          const stream = kit.defineStream({
            method: 'GET',
            path: url(),
            http,
            events: events as never,
          })();
          for await (const _ of stream) {
            // no events expected
          }
        },
        defineDownload: () => kit.defineDownload({ path: url(), http })(),
      };
      const out: Partial<Record<Transport, Outcome>> = {};
      for (const [name, call] of Object.entries(calls) as Array<
        [Transport, () => Promise<unknown>]
      >) {
        const hung = new Promise((_, reject) => setTimeout(() => reject({ kind: 'hung' }), 3_000));
        try {
          const value = await Promise.race([call(), hung]);
          const data = (value as { data?: unknown } | undefined)?.data ?? value;
          out[name] = `ok ${typeof data === 'string' ? data : JSON.stringify(data)}`;
        } catch (error) {
          const e = error as Exclude<Outcome, string> & { constructor?: { name?: string } };
          out[name] = {
            kind: e.kind ?? `raw ${e.constructor?.name}`,
            part: e.part,
            message: e.message,
            detail: e.detail,
            url: e.url,
          };
        }
      }
      return out;
    },
    { baseURL, makeUrl, header },
  );
}

const refused = (url: string, why: RegExp) => ({
  kind: 'validation',
  part: 'url',
  message: enMessages.url,
  detail: expect.stringMatching(why),
  url,
});

describe('unparseable URLs in Chromium: validation, before anything is sent', () => {
  const cases: Array<[string, string, string, string]> = [
    // [name, baseURL, the URL made in the page, the full URL the error names]
    ['a space in the base host', 'http://exa mple.com', "'/x'", 'http://exa mple.com/x'],
    ['an unclosed bracket in the base', 'http://[::1', "'/x'", 'http://[::1/x'],
    ['an unclosed bracket in the URL', '/v1', "'http://[bad'", 'http://[bad'],
    ['a space in the URL host', '/v1', "'http://exa mple.com/x'", 'http://exa mple.com/x'],
    ['a port out of range', '/v1', "'http://127.0.0.1:99999/x'", 'http://127.0.0.1:99999/x'],
    ['an ideographic space in the host', '/v1', "'http://a\\u3000b/x'", 'http://a\u3000b/x'],
  ];
  for (const header of ['Authorization', 'X-Token']) {
    it.each(cases)(`${header}: %s`, async (_name, baseURL, makeUrl, full) => {
      seen.length = 0;
      const out = await tryAll(baseURL, makeUrl, header);
      const expected = refused(full, /not a well-formed address/);
      for (const transport of Object.keys(out)) {
        expect({ transport, outcome: out[transport as Transport] }).toEqual({
          transport,
          outcome: expected,
        });
      }
      expect(seen).toEqual([]);
    });
  }

  it('a URL object is its href: a hostile toString is never used', async () => {
    seen.length = 0;
    const make = `(() => { const u = new URL(location.origin + '/v1/home'); u.toString = () => 'http://[bad'; return u; })()`;
    const out = await tryAll('/v1', make);
    expect(out.xhr).toBe('ok {"at":"api"}');
    expect(out.fetch).toBe('ok {"at":"api"}');
    expect(out.upload).toBe('ok {"at":"api"}');
    expect(out.streamText).toBe('ok {"at":"api"}');
    // The server answered JSON, not an event stream: refused as such, not as a URL.
    expect(out.openEventStream).toMatchObject({ kind: 'validation', part: 'response' });
    expect(seen.filter((line) => line.endsWith('/v1/home')).length).toBeGreaterThanOrEqual(5);
  });

  it('a URL object whose href is unparseable or throws is refused, naming why', async () => {
    seen.length = 0;
    const bad = `(() => { class Bad extends URL { get href() { return 'http://[bad'; } } return new Bad(location.origin + '/v1/home'); })()`;
    const out = await tryAll('/v1', bad);
    for (const transport of ['xhr', 'fetch', 'upload', 'streamText', 'openEventStream'] as const) {
      expect({ transport, outcome: out[transport] }).toEqual({
        transport,
        outcome: refused('http://[bad', /not a well-formed address/),
      });
    }
    const throwing = `(() => { class Bad extends URL { get href() { throw new Error('no href today'); } } return new Bad(location.origin + '/v1/home'); })()`;
    const thrown = await tryAll('/v1', throwing);
    for (const transport of ['xhr', 'fetch', 'upload', 'streamText', 'openEventStream'] as const) {
      expect({ transport, outcome: thrown[transport] }).toMatchObject({
        transport,
        outcome: { kind: 'validation', part: 'url', message: enMessages.url },
      });
      expect((thrown[transport] as { detail?: string }).detail).toMatch(/href.*no href today/);
    }
    expect(seen).toEqual([]);
  });
});

/**
 * `saveFile` in a real Chromium page (its browser path: a Blob, an object URL, an `<a download>`
 * click), on files `defineDownload` fetched over XHR from an API on another origin: the browser's
 * download event gets the server's Chinese file name and the exact bytes; without
 * `Access-Control-Expose-Headers` the page cannot read the name and the fallback is used; the
 * object URL is released and the link removed afterwards; a refused download saves nothing and
 * rejects with the server's message.
 */

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { defineDownload, saveFile } from '../../src/api/download';
import type { createHttp } from '../../src/request/create-http';
import { launchChromium } from './chromium';

/** What the page bundle puts on `window.kit`. */
interface Kit {
  createHttp: typeof createHttp;
  defineDownload: typeof defineDownload;
  saveFile: typeof saveFile;
}

const NAME = '用户列表-2026-12.csv';
const CSV = '\uFEFFid,name\r\n1,张三\r\n2,李四\r\n';
// Every byte value: a binary file must arrive untouched by any text decoding.
const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
const REFUSED = 'Exporting deleted users needs the auditor role';

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  return new Promise<Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const originOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let browser: Browser;
let page: Page;
let site: Server;
let api: Server;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['tests/e2e/save-file/entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    define: { 'import.meta.env': '{}' },
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  site = await listen((req, res) => {
    if (req.url === '/kit.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><body><script src="/kit.js"></script></body>');
  });
  // The API, on another origin: CORS allows the page; only /csv exposes Content-Disposition.
  api = await listen((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    const disposition = `attachment; filename="users.csv"; filename*=UTF-8''${encodeURIComponent(NAME)}`;
    if (req.url === '/csv') {
      res.setHeader('access-control-expose-headers', 'Content-Disposition');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition,
      });
      res.end(CSV);
    } else if (req.url === '/csv-unexposed') {
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition,
      });
      res.end(CSV);
    } else if (req.url === '/binary') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(BINARY);
    } else {
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 40301, message: REFUSED }));
    }
  });
  browser = await launchChromium();
  page = await browser.newPage({ acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  await page.goto(`${originOf(site)}/`, { timeout: 15_000 });
  await page.waitForFunction('window.kit !== undefined');
  // Record the object URLs saveFile makes, to check that it releases them.
  await page.evaluate(() => {
    const made: string[] = [];
    (window as unknown as { made: string[] }).made = made;
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      const url = create(blob);
      made.push(url);
      return url;
    };
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([site, api].map((s) => s && new Promise((done) => s.close(done))));
});

/** In the page: download `path` from the API with the kit, then `saveFile(file, fallback)`. */
function downloadAndSave(path: string, fallback?: string) {
  return page.evaluate(
    async ({ base, path, fallback }) => {
      const { createHttp, defineDownload, saveFile } = (window as unknown as { kit: Kit }).kit;
      const http = createHttp({ baseURL: base, retry: false, loading: false });
      try {
        const file = await defineDownload({ path, http })();
        saveFile(file, fallback);
        return { filename: file.filename ?? null, size: file.size, error: null };
      } catch (error) {
        const { kind, status, message, fallbackMessage } = error as {
          kind: string;
          status?: number;
          message: string;
          fallbackMessage: string;
        };
        return { filename: null, size: 0, error: { kind, status, message, fallbackMessage } };
      }
    },
    { base: originOf(api), path, fallback },
  );
}

/** The download the browser starts for `path`, with what the page saw. */
async function saved(path: string, fallback?: string) {
  const [download, result] = await Promise.all([
    page.waitForEvent('download'),
    downloadAndSave(path, fallback),
  ]);
  return { download, result, bytes: await readFile(await download.path()) };
}

/** Whether the last object URL still answers, after saveFile's release on a later task. */
async function lastUrlReleased(): Promise<boolean> {
  return page.evaluate(async () => {
    const made = (window as unknown as { made: string[] }).made;
    await new Promise((done) => setTimeout(done, 50));
    try {
      await fetch(made.at(-1) as string);
      return false;
    } catch {
      return true;
    }
  });
}

describe('saveFile in Chromium, on files from a cross-origin API', () => {
  it("saves under the server's Chinese filename*, with the exact bytes, and cleans up", async () => {
    const { download, result, bytes } = await saved('/csv', 'fallback.csv');
    expect(result).toEqual({ filename: NAME, size: Buffer.byteLength(CSV), error: null });
    expect(download.suggestedFilename()).toBe(NAME);
    expect(bytes.toString('utf8')).toBe(CSV);
    expect(await lastUrlReleased()).toBe(true);
    expect(await page.locator('a[download]').count()).toBe(0);
  });

  it('falls back to the given name when the API does not expose Content-Disposition', async () => {
    const { download, result } = await saved('/csv-unexposed', 'users-2026-12.csv');
    expect(result.filename).toBeNull();
    expect(download.suggestedFilename()).toBe('users-2026-12.csv');
  });

  it("keeps a binary file's bytes, named 'download' when nothing names it", async () => {
    const { download, bytes }: { download: Download; bytes: Buffer } = await saved('/binary');
    expect(download.suggestedFilename()).toBe('download');
    expect(bytes.equals(BINARY)).toBe(true);
    expect(await lastUrlReleased()).toBe(true);
  });

  it("saves nothing for a refused download, which rejects with the server's message", async () => {
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const result = await downloadAndSave('/refused', 'never.csv');
    expect(result.error).toMatchObject({ kind: 'http', status: 403, message: REFUSED });
    expect(result.error?.fallbackMessage).not.toBe(REFUSED);
    // A download would have begun within the evaluate's own task; give it one more to show.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 50)));
    expect(downloads).toEqual([]);
  });
});

/**
 * The demo page in two tabs of one browser (Chromium, one context: one localStorage, one set of
 * Web Locks and channels), against the demo backend, which rotates refresh tokens and revokes the
 * session when one is used twice. The second tab is opened from the page's own "Open in another
 * tab" hint. What the page shows is what is checked: a sign-in, a refresh and a sign-out in one
 * tab reach the other, and the refresh is told apart (this tab's own, or another tab's).
 * Every wait is bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../../demo/server';
import { demoViteConfig } from '../../demo/vite.config';
import { launchChromium } from './chromium';

let api: DemoServer;
let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;
let first: Page;
let second: Page;
let outDir: string;
/** The backend's request log: `<time> <METHOD> <path> <status> <ms>ms`. */
const lines: string[] = [];
const pageErrors: string[] = [];

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();
const count = async (page: Page, selector: string) => Number(await text(page, selector));
/** The lines of a page's session log (newest first). */
const authLog = (page: Page) => page.locator('#auth-log li').allTextContents();

/** The backend's requests from line `from` on, as `[METHOD path, status]`. */
function requestsSince(from: number): Array<[string, string]> {
  return lines.slice(from).flatMap((line) => {
    const match = /^\S+ (\S+) (\S+) (\d+)/.exec(line);
    return match ? [[`${match[1]} ${match[2]}`, match[3] as string] as [string, string]] : [];
  });
}
const refreshCalls = (from: number) =>
  requestsSince(from).filter(([route]) => route === 'POST /api/auth/refresh');

/** Wait (bounded) until `fn` is true in `page`. */
async function until(page: Page, fn: string, timeout = 10_000) {
  await page.waitForFunction(fn, undefined, { timeout, polling: 50 });
}

beforeAll(async () => {
  api = await startDemoServer({
    port: 0,
    log: (line) => lines.push(line),
    // A real auth server takes a while: refreshes from two tabs would overlap, as they do there.
    refreshDelayMs: 150,
  });
  outDir = await mkdtemp(join(tmpdir(), 'kit-demo-tabs-'));
  const config = demoViteConfig({ apiTarget: api.url, outDir, port: 0 });
  await build({ ...config, configFile: false, logLevel: 'warn' });
  server = await preview({ ...config, configFile: false, logLevel: 'warn' });
  const { port } = server.httpServer.address() as AddressInfo;

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  first = await context.newPage();
  await first.goto(`http://127.0.0.1:${port}/`, { timeout: 15_000 });
});

afterAll(async () => {
  // Close the tabs and wait (bounded) for the backend to see their sockets close (see demo.test.ts).
  for (const page of [second, first]) await page?.close({ runBeforeUnload: false });
  for (let i = 0; i < 30 && api && api.sockets() > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await context?.close();
  await browser?.close();
  await server?.close();
  await api?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the demo in two tabs (Chromium): one session, told apart', () => {
  it('opens a second tab from the hint; a sign-in in one signs the other in', async () => {
    const hint = first.locator('#tabs-hint');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain('Open in another tab');
    const [opened] = await Promise.all([
      context.waitForEvent('page', { timeout: 10_000 }),
      first.click('#open-tab'),
    ]);
    second = opened;
    await second.waitForLoadState('domcontentloaded', { timeout: 15_000 });
    expect(second.url()).toBe(first.url());
    expect(await text(second, '#session-badge')).toBe('signed out');

    await first.click('#login-form button[type=submit]');
    await until(first, `document.querySelector('#session-badge')?.textContent === 'signed in'`);
    await until(second, `document.querySelector('#session-badge')?.textContent === 'signed in'`);
    expect(await text(second, '#me-name')).toBe('Ada Lovelace');
    expect((await authLog(second)).join('\n')).toContain('Signed in in another tab');
    expect((await authLog(first)).join('\n')).not.toContain('in another tab');
  });

  it('an expired token with both tabs busy: one POST /auth/refresh, shown in both, nobody signed out', async () => {
    const me = (page: Page) =>
      page.locator('#auth-log li', { hasText: 'authApi.me() → Ada Lovelace' }).count();
    const before = await Promise.all([first, second].map(me));
    await first.click('#expire');
    await until(
      first,
      `document.querySelector('#auth-log')?.textContent?.includes('Token expired on the server')`,
    );
    const from = lines.length;

    // Both tabs busy at once: three requests each, besides the panels' own (feed, SSE, sockets).
    await Promise.all(
      [first, second].map((page) =>
        page.evaluate(() => {
          for (let i = 0; i < 3; i++) document.querySelector<HTMLElement>('#whoami')?.click();
        }),
      ),
    );
    await until(
      first,
      `document.querySelectorAll('#auth-log li.ok').length >= ${(before[0] ?? 0) + 3}`,
    );
    await until(
      second,
      `document.querySelectorAll('#auth-log li.ok').length >= ${(before[1] ?? 0) + 3}`,
    );
    expect(await Promise.all([first, second].map(me))).toEqual(before.map((n) => n + 3));
    // The refresh reached both pages: one shows it as its own, the other as another tab's.
    await until(
      first,
      `Number(document.querySelector('#refresh-count')?.textContent) + Number(document.querySelector('#refresh-remote-count')?.textContent) === 1`,
    );
    await until(
      second,
      `Number(document.querySelector('#refresh-count')?.textContent) + Number(document.querySelector('#refresh-remote-count')?.textContent) === 1`,
    );
    const own = [await count(first, '#refresh-count'), await count(second, '#refresh-count')];
    expect(own.sort()).toEqual([0, 1]);
    const refresher = (await count(first, '#refresh-count')) === 1 ? first : second;
    const follower = refresher === first ? second : first;
    expect(await count(follower, '#refresh-remote-count')).toBe(1);
    expect((await authLog(refresher)).join('\n')).toContain('Token refreshed: one POST');
    expect((await authLog(follower)).join('\n')).toContain('Token refreshed in another tab');
    expect(await follower.locator('#auth-log li.remote.refresh').count()).toBe(1);

    // Let the panels that were dropped (SSE, sockets) reconnect, then count on the backend.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(refreshCalls(from)).toEqual([['POST /api/auth/refresh', '200']]);
    for (const page of [first, second]) {
      expect(await text(page, '#session-badge')).toBe('signed in');
      expect(await page.locator('#auth-status.bad').count()).toBe(0);
    }
  });

  it('a sign-out in one tab signs the other out within a second', async () => {
    await first.click('#logout');
    await until(first, `document.querySelector('#session-badge')?.textContent === 'signed out'`);
    await until(
      second,
      `document.querySelector('#session-badge')?.textContent === 'signed out'`,
      1_000,
    );
    expect(await text(second, '#auth-status')).toBe('Signed out in another tab.');
    expect((await authLog(second)).join('\n')).toContain('Signed out in another tab');
    expect(await text(first, '#auth-status')).toBe('Signed out.');
    expect(pageErrors).toEqual([]);
  });
});

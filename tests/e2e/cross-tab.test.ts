/**
 * One session across several tabs, in Chromium: three pages of one origin (tests/e2e/cross-tab,
 * built with Vite, served by `vite preview` with /api proxied to the demo backend) against a
 * backend that rotates refresh tokens and revokes the session when one is used twice. Each test
 * opens its tabs in a fresh browser context (its own localStorage, IndexedDB, locks, channels).
 * Every wait is bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, type InlineConfig, type PreviewServer, preview } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../../demo/server';
import { launchChromium } from './chromium';

type Kind = 'default' | 'ahead' | 'solo';
interface Busy {
  ok: number;
  failed: string[];
}

const TOKEN_TTL_MS = 4_000;
const root = fileURLToPath(new URL('./cross-tab/', import.meta.url));

let api: DemoServer;
let server: PreviewServer;
let browser: Browser;
let context: BrowserContext | undefined;
let pageUrl: string;
let outDir: string;
/** The backend's request log: `<time> <METHOD> <path> <status> <ms>ms`. */
const lines: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  api = await startDemoServer({
    port: 0,
    log: (line) => lines.push(line),
    tokenTtlMs: TOKEN_TTL_MS,
    // A real auth server takes a while: tabs that refresh on their own overlap, as they do there.
    refreshDelayMs: 150,
  });
  outDir = await mkdtemp(join(tmpdir(), 'kit-cross-tab-'));
  const proxy = { '/api': { target: api.url } };
  const config: InlineConfig = {
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    preview: { host: '127.0.0.1', port: 0, proxy },
  };
  await build(config);
  server = await preview(config);
  const { port } = server.httpServer.address() as AddressInfo;
  pageUrl = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await api?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Open `count` tabs of one origin in a fresh context, each using the instance `kind`. */
async function openTabs(count: number, kind: Kind): Promise<Page[]> {
  const opened = await browser.newContext();
  context = opened;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const page = await opened.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(pageUrl, { timeout: 15_000, waitUntil: 'domcontentloaded' });
      await page.waitForFunction('window.kit !== undefined', undefined, { timeout: 10_000 });
      await page.evaluate((k) => window.kit.use(k), kind);
      return page;
    }),
  );
}

/** The backend's requests from line `from` on, as `[method path, status]`. */
function requestsSince(from: number): Array<[string, number]> {
  return lines.slice(from).map((line) => {
    const [, method, path, status] = /^\S+ (\S+) (\S+) (\d+)/.exec(line) ?? [];
    return [`${method} ${path}`, Number(status)];
  });
}

const refreshCalls = (from: number) =>
  requestsSince(from).filter(([route]) => route === 'POST /api/auth/refresh');

/** Expire, on the server, the access token the tabs share (as its lifetime running out would). */
async function expireOnServer(page: Page) {
  const token = await page.evaluate(() => window.kit.token());
  const res = await fetch(`${api.url}/api/auth/expire`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5_000),
  });
  expect(res.status).toBe(204);
}

const busy = (page: Page, ms: number, parallel = 3) =>
  page.evaluate(([m, p]) => window.kit.busy(m, p), [ms, parallel] as const) as Promise<Busy>;

describe('one session across tabs (Chromium, three tabs, rotating refresh tokens)', () => {
  it('refreshes once when the token expires while every tab is busy; nobody is logged out', async () => {
    const tabs = await openTabs(3, 'default');
    await tabs[0]?.evaluate(() => window.kit.signIn());
    const from = lines.length;

    const running = tabs.map((tab) => busy(tab, 1_500));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expireOnServer(tabs[0] as Page);
    const results = await Promise.all(running);

    expect(refreshCalls(from)).toEqual([['POST /api/auth/refresh', 200]]);
    // The expiry did meet requests in flight: several 401s, one refresh.
    const unauthorized = requestsSince(from).filter(([, status]) => status === 401);
    expect(unauthorized.length).toBeGreaterThanOrEqual(2);
    for (const result of results) {
      expect(result.failed).toEqual([]);
      expect(result.ok).toBeGreaterThan(0);
    }
    const tokens = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.kit.token())));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toEqual(expect.any(String));
    // Every tab's session heard of the new token (the ones that did not refresh, from the one that did).
    const tail = (tokens[0] as string).slice(-8);
    for (const tab of tabs) {
      expect(await tab.evaluate(() => window.kit.changes())).toContain(tail);
    }
  });

  it('signs every tab out within a second of a sign-out in one', async () => {
    const tabs = await openTabs(3, 'default');
    await tabs[0]?.evaluate(() => window.kit.signIn());
    for (const tab of tabs) expect(await tab.evaluate(() => window.kit.me())).toBe('ok');

    await tabs[0]?.evaluate(() => window.kit.signOut());
    for (const tab of tabs.slice(1)) {
      await tab.waitForFunction('window.kit.changes().at(-1) === null', undefined, {
        timeout: 1_000,
        polling: 20,
      });
    }
    // Their next request carries no token (the server says so), and refreshes nothing.
    const from = lines.length;
    for (const tab of tabs.slice(1)) {
      expect(await tab.evaluate(() => window.kit.me())).toMatch(/^http 401: Sign in first/);
    }
    expect(refreshCalls(from)).toEqual([]);
  });

  it('with refreshAhead, no request meets a 401 over several token lifetimes', async () => {
    const tabs = await openTabs(3, 'ahead');
    await tabs[0]?.evaluate(() => window.kit.signIn());
    const from = lines.length;

    // Over two lifetimes of the token (4 s each, `exp` rounded down to the second).
    const results = await Promise.all(tabs.map((tab) => busy(tab, 2 * TOKEN_TTL_MS, 2)));

    for (const result of results) expect(result.failed).toEqual([]);
    const seen = requestsSince(from);
    expect(seen.filter(([, status]) => status === 401)).toEqual([]);
    // One tab refreshed each time (every 2 s or so), not each tab.
    const refreshes = refreshCalls(from);
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.length).toBeLessThanOrEqual(5);
  });

  it('control: with crossTab off, the tabs refresh on their own and the server revokes the session', async () => {
    const tabs = await openTabs(3, 'solo');
    await tabs[0]?.evaluate(() => window.kit.signIn());
    const from = lines.length;

    const running = tabs.map((tab) => busy(tab, 1_500));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expireOnServer(tabs[0] as Page);
    const results = await Promise.all(running);

    const refreshes = refreshCalls(from);
    // More than one tab sent the same refresh token: reuse detection answered 401.
    expect(refreshes.length).toBeGreaterThan(1);
    expect(refreshes.some(([, status]) => status === 401)).toBe(true);
    expect(results.flatMap((result) => result.failed).length).toBeGreaterThan(0);
    // And everyone is logged out.
    for (const tab of tabs) expect(await tab.evaluate(() => window.kit.token())).toBeNull();
  });
});

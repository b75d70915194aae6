/**
 * The demo in a real browser: the page built with Vite, served by `vite preview` with /api
 * proxied to the real demo backend, driven through Debian's Chromium with playwright-core.
 * Every wait is bounded; a browser that cannot start fails the suite at once with a message.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_AFTER_S, scriptedAnswer, tokensOf } from '../../demo/backend/assistant';
import { type DemoServer, startDemoServer } from '../../demo/server';
import { demoViteConfig } from '../../demo/vite.config';
import { enMessages } from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { launchChromium } from './chromium';
import { checkExport, checkRefusedExport, checkUpload } from './demo-files';

const SCREENSHOT = 'test-results/demo.png';
const DOCS_SCREENSHOT = 'docs/screenshot.png';

let api: DemoServer;
let server: PreviewServer;
let browser: Browser;
let page: Page;
let outDir: string;
const pageErrors: string[] = [];

/** Wait (bounded) until `fn` is true in the page. */
async function until(fn: string, timeout = 10_000) {
  await page.waitForFunction(fn, undefined, { timeout, polling: 100 });
}

const text = async (selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();
const count = async (selector: string) => Number(await text(selector));

beforeAll(async () => {
  // Short times so the whole tour runs in seconds; the page itself does not know.
  api = await startDemoServer({
    port: 0,
    log: false,
    jobDurationMs: 2_500,
    feedIntervalMs: 400,
    tickIntervalMs: 300,
    sseDropAfterMs: 3_000,
    slowMs: 3_000,
  });
  outDir = await mkdtemp(join(tmpdir(), 'kit-demo-'));
  const config = demoViteConfig({ apiTarget: api.url, outDir, port: 0 });
  await build({ ...config, configFile: false, logLevel: 'warn' });
  server = await preview({ ...config, configFile: false, logLevel: 'warn' });

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const { port } = server.httpServer.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/`, { timeout: 15_000 });
});

afterAll(async () => {
  // Close the tab, and wait (bounded) for the backend to see its WebSockets close: a browser
  // that exits with them open resets their connections, and Vite's ws proxy logs ECONNRESET for
  // both ends (navigating to about:blank did not always close them first).
  await page?.close({ runBeforeUnload: false });
  for (let i = 0; i < 30 && api && api.sockets() > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await browser?.close();
  await server?.close();
  await api?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the demo page, in Chromium, against the demo backend', () => {
  it("signs in, after showing the server's own words for a wrong password", async () => {
    await page.fill('#login-form input[name=password]', 'not-the-password');
    await page.click('#login-form button[type=submit]');
    // The backend's message, not the table's "Please sign in again.".
    await until(`document.querySelector('#auth-status')?.classList.contains('bad')`);
    expect(await text('#auth-status')).toBe(
      'http 401: Wrong user name or password (use demo / demo)',
    );
    expect(await text('#session-badge')).not.toBe('signed in');

    await page.fill('#login-form input[name=password]', 'demo');
    await page.click('#login-form button[type=submit]');
    await until(`document.querySelector('#me-name')?.textContent === 'Ada Lovelace'`);
    expect(await text('#session-badge')).toBe('signed in');
  });

  it('lists, creates, edits and deletes users', async () => {
    await until(`document.querySelectorAll('#users-body tr[data-id]').length === 6`);
    expect(await text('#users-page')).toMatch(/page 1 of \d+ · \d+ users/);

    await page.fill('#user-form input[name=name]', 'Edsger Dijkstra');
    await page.fill('#user-form input[name=email]', 'edsger@example.com');
    await page.click('#user-form button[type=submit]');
    await until(`document.querySelector('#users-status')?.textContent?.startsWith('Added Edsger')`);
    const row = page.locator('#users-body tr', { hasText: 'edsger@example.com' });
    await row.waitFor();

    await row.getByRole('button', { name: 'Edit' }).click();
    const editing = page.locator('#users-body tr.editing');
    await editing.locator('input').first().fill('Edsger W. Dijkstra');
    // A save the server refuses (an email another user has) is told in that row, in its words.
    const taken = await page
      .locator('#users-body tr[data-id] td:nth-child(2)')
      .first()
      .textContent();
    await editing
      .locator('input')
      .nth(1)
      .fill(taken ?? '');
    await editing.getByRole('button', { name: 'Save' }).click();
    const rowError = editing.locator('.status.bad');
    await rowError.waitFor();
    expect(await rowError.textContent()).toMatch(/^http 409: .+ is already used by .+/);
    expect(await rowError.textContent()).toContain(taken);
    expect(await text('#users-status')).toMatch(/^Added Edsger/); // not under the Add form

    // A bad email is refused before anything is sent, and told in the row as well.
    await editing.locator('input').nth(1).fill('not-an-email');
    await editing.getByRole('button', { name: 'Save' }).click();
    await until(
      `document.querySelector('#users-body tr.editing .status.bad')?.textContent?.startsWith('validation')`,
    );
    expect(await text('#users-status')).toMatch(/^Added Edsger/);

    await editing.locator('input').nth(1).fill('edsger@example.com');
    await editing.getByRole('button', { name: 'Save' }).click();
    await page.locator('#users-body tr', { hasText: 'Edsger W. Dijkstra' }).waitFor();
    expect(await page.locator('#users-body tr.editing').count()).toBe(0);

    // A bad email is refused by the zod schema before anything is sent.
    await page.fill('#user-form input[name=name]', 'Nobody');
    await page.fill('#user-form input[name=email]', 'not-an-email');
    await page.click('#user-form button[type=submit]');
    await until(`document.querySelector('#users-status')?.textContent?.startsWith('validation')`);
    await page.fill('#user-form input[name=name]', '');
    await page.fill('#user-form input[name=email]', '');

    await page
      .locator('#users-body tr', { hasText: 'Edsger W. Dijkstra' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await until(
      `document.querySelector('#users-status')?.textContent === 'Deleted Edsger W. Dijkstra.'`,
    );
    await page.locator('#users-body tr', { hasText: 'Dijkstra' }).waitFor({ state: 'detached' });
  });

  it('polls a job to completion, and cancels one', async () => {
    await page.click('#job-start');
    await until(`document.querySelector('#job-status')?.dataset.state === 'done'`, 15_000);
    expect(await text('#job-status')).toMatch(/done: 1024 rows/);
    expect(
      await page.locator('#job-progress').evaluate((el) => (el as HTMLProgressElement).value),
    ).toBe(100);

    await page.click('#job-start');
    await until(
      `document.querySelector('#job-status')?.dataset.state === 'queued' || document.querySelector('#job-status')?.dataset.state === 'running'`,
    );
    await page.click('#job-cancel');
    await until(`document.querySelector('#job-status')?.dataset.state === 'canceled'`);
  });

  it('receives at least three feed events by long-polling', async () => {
    await until(`Number(document.querySelector('#feed-count')?.textContent) >= 3`);
    expect(await page.locator('#feed-list li').count()).toBeGreaterThanOrEqual(3);
  });

  it('receives at least three SSE events, and resumes by Last-Event-ID', async () => {
    await until(`Number(document.querySelector('#ticker-count')?.textContent) >= 3`);
    expect(await text('#ticker-price')).toMatch(/^KIT \d+\.\d{2}$/);
    expect(await text('#ticker-id')).toMatch(/event id \d+/);
    // The server ends the stream every 3 s here; the page reconnects from the last id it saw.
    await until(
      `/resumed after id \\d+/.test(document.querySelector('#ticker-status')?.textContent ?? '')`,
    );
    const seen = await count('#ticker-count');
    await until(`Number(document.querySelector('#ticker-count')?.textContent) > ${seen}`);
  });

  it('refreshes an expired token once and replays the request', async () => {
    const before = await count('#refresh-count');
    await page.click('#expire');
    await until(
      `document.querySelector('#auth-log')?.textContent?.includes('Token expired on the server')`,
    );
    await page.click('#whoami');
    await until(`Number(document.querySelector('#refresh-count')?.textContent) === ${before + 1}`);
    await until(
      `document.querySelector('#auth-log')?.textContent?.includes('authApi.me() → Ada Lovelace')`,
    );
    const log = await text('#activity-log');
    expect(log).toContain('POST /auth/refresh');
    // Everything that was live goes on with the new token.
    const feed = await count('#feed-count');
    await until(`Number(document.querySelector('#feed-count')?.textContent) > ${feed}`);
    expect(await text('#session-badge')).toBe('signed in');
  });

  it('shows streamed text growing chunk by chunk', async () => {
    await page.click('#stream-start');
    // Seen while the response is still streaming: some text, not all of it.
    await until(
      `Number(document.querySelector('#stream-chunks')?.textContent) >= 2 && document.querySelector('#stream-status')?.textContent === 'Streaming…'`,
    );
    const partial = (await text('#stream-output')).length;
    await until(
      `document.querySelector('#stream-status')?.textContent?.startsWith('Done')`,
      15_000,
    );
    const whole = (await text('#stream-output')).length;
    expect(partial).toBeGreaterThan(0);
    expect(whole).toBeGreaterThan(partial);
  });

  it('types an assistant answer as it streams, stops it, and shows a 429 with Retry-After', async () => {
    const question = 'What does defineStream do?';
    await page.fill('#assistant-form input[name=prompt]', question);
    await page.click('#assistant-ask');
    // Seen while the answer is still being typed: some tokens, not all of them.
    await until(
      `Number(document.querySelector('#assistant-tokens')?.textContent) >= 3 && document.querySelector('#assistant-status')?.textContent === 'Typing…'`,
    );
    const partial = (await text('#assistant-output')).length;
    await until(
      `document.querySelector('#assistant-status')?.textContent?.startsWith('Done')`,
      15_000,
    );
    // Every token exactly once, non-ASCII characters intact, and nothing after [DONE].
    const answer = scriptedAnswer(question);
    expect(await text('#assistant-output')).toBe(answer);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(answer.length);
    expect(await text('#assistant-status')).toBe(`Done: ${tokensOf(answer).length} tokens.`);

    // Stop: the loop ends quietly and the text stops growing.
    await page.fill('#assistant-form input[name=prompt]', 'What happens when I press stop?');
    await page.click('#assistant-ask');
    await until(`Number(document.querySelector('#assistant-tokens')?.textContent) >= 2`);
    await page.click('#assistant-stop');
    await until(`document.querySelector('#assistant-status')?.textContent?.startsWith('Stopped')`);
    const stoppedAt = await text('#assistant-output');
    await page.waitForTimeout(300);
    expect(await text('#assistant-output')).toBe(stoppedAt);
    expect(stoppedAt.length).toBeLessThan(scriptedAnswer('stop').length);

    // The gateway's 429: its status, its own message and its Retry-After.
    await page.click('#assistant-429');
    await until(`document.querySelector('#assistant-status')?.textContent?.startsWith('http 429')`);
    const line = await text('#assistant-status');
    expect(line).toContain('Rate limit reached for fake-gpt');
    expect(line).toContain(`Retry-After: ${RETRY_AFTER_S} s.`);
  });

  it('sends a socket message and gets the echo', async () => {
    await until(`document.querySelector('#chat-status')?.textContent === 'Connected'`);
    await page.fill('#chat-form input[name=text]', 'hello from the e2e test');
    await page.click('#chat-form button[type=submit]');
    await page.locator('#chat-list li', { hasText: 'echo: hello from the e2e test' }).waitFor();
    // emitWithAck over the kit's frames: the server's receipt marks the message delivered.
    await page
      .locator('#chat-list li.me', { hasText: 'hello from the e2e test' })
      .locator('.ack', { hasText: '✓ #1' })
      .waitFor();
  });

  it('shows both socket kinds: socket.io pushes time, acks aaa, and refreshes its token to reconnect', async () => {
    // The WebSocket chat (createSocket) is connected, and so is the socket.io panel (createSocketIo).
    expect(await text('#chat-status')).toBe('Connected');
    await until(
      `/Connected|Reconnected/.test(document.querySelector('#sio-status')?.textContent ?? '')`,
    );
    await until(`/\\d/.test(document.querySelector('#sio-time')?.textContent ?? '')`);
    await page.click('#sio-aaa');
    await until(
      `document.querySelector('#sio-log')?.textContent?.includes("emitWithAck('aaa', 12, 5, 8) → [12,5,8]")`,
    );
    // An expired token: the server drops the connection, refuses the handshake, the page
    // refreshes once through http.session and reconnects.
    const reconnects = await page.locator('#sio-log li', { hasText: 'Reconnected' }).count();
    await page.click('#expire');
    await until(
      `document.querySelectorAll('#sio-log li').length > 0 && [...document.querySelectorAll('#sio-log li')].filter((li) => li.textContent.includes('Reconnected')).length > ${reconnects}`,
    );
    expect(await text('#sio-log')).toContain('Token changed');
    expect(await text('#session-badge')).toBe('signed in');
  });

  it("shows each ApiError kind with the server's or the table's message, in English and in Chinese", async () => {
    // [kind, message, what the `detail` line says (validation only)]: the demo backend's JSON
    // error bodies say what went wrong, and the server's words win over the table's.
    const expected: Record<string, [kind: string, message: string, detail?: RegExp]> = {
      'http-404': ['http', 'There is nothing here (on purpose)'],
      'http-500': ['http', 'The server broke (on purpose)'],
      business: ['business', 'Your plan does not include exports.'],
      network: ['network', enMessages.network as string],
      timeout: ['timeout', enMessages.timeout as string],
      canceled: ['canceled', enMessages.canceled as string],
      'validation-json': ['validation', enMessages.validation as string],
      'validation-input': ['validation', enMessages.validation as string, /POST \/users: email/],
    };
    for (const [id, [kind, message, detail]] of Object.entries(expected)) {
      const row = page.locator(`#errors-body tr[data-case="${id}"]`);
      await row.getByRole('button').click();
      await until(
        `(() => { const k = document.querySelector('#errors-body tr[data-case="${id}"] td.kind')?.textContent; return k && k !== '…'; })()`,
      );
      expect(await row.locator('td.kind').textContent(), id).toBe(kind);
      const shown = await row.locator('td.message').evaluate((td) => td.firstChild?.textContent);
      expect(shown, id).toBe(message);
      if (detail) expect(await row.locator('td.message .detail').textContent(), id).toMatch(detail);
      // The instance's onError hook (a toast) hears every failure but a cancel.
      if (id === 'canceled') expect(await text('#toast')).not.toContain('onError: canceled');
      else {
        await until(
          `document.querySelector('#toast')?.textContent?.includes(${JSON.stringify(`onError: ${kind}`)})`,
        );
      }
    }

    // The table's text stays on the error as `fallbackMessage`.
    expect(
      await page
        .locator('#errors-body tr[data-case="http-404"] td.message .fallback')
        .textContent(),
    ).toBe(`table: ${enMessages[404]}`);

    // `serverMessage: false`: the table's text alone, here the Chinese one.
    await page.uncheck('#errors-server');
    await page.selectOption('#errors-lang', 'zh-CN');
    const row = page.locator('#errors-body tr[data-case="http-404"]');
    await row.getByRole('button').click();
    await until(
      `document.querySelector('#errors-body tr[data-case="http-404"] td.kind')?.textContent === 'http'`,
    );
    expect(await row.locator('td.message').textContent()).toBe(zhCNMessages[404]);
    await page.locator('#errors-body tr[data-case="timeout"]').getByRole('button').click();
    await until(
      `document.querySelector('#errors-body tr[data-case="timeout"] td.kind')?.textContent === 'timeout'`,
    );
    expect(
      await page.locator('#errors-body tr[data-case="timeout"] td.message').textContent(),
    ).toBe(zhCNMessages.timeout);
    await page.selectOption('#errors-lang', 'en');
    await page.check('#errors-server');
  });

  it('uploads with a progress bar, exports 用户列表-2026-12.csv, and shows a refused export', async () => {
    await checkUpload(page);
    await checkExport(page);
    await checkRefusedExport(page);
  });

  it('shows the nprogress bar during a slow request', async () => {
    await page.click('#slow');
    // The bar shows once the request has been pending 200 ms; the request takes 3 s here.
    await page.locator('#nprogress .bar').waitFor({ state: 'visible', timeout: 2_500 });
    await until(
      `document.querySelector('#slow-status')?.textContent?.startsWith('answered')`,
      8_000,
    );
    await page.locator('#nprogress').waitFor({ state: 'detached', timeout: 3_000 });
  });

  it('takes a screenshot of the whole page', async () => {
    // Fill the panels that show results, for a screenshot that shows every section at work.
    await page.click('#errors-all');
    await page.click('#job-start');
    await until(`document.querySelector('#job-status')?.dataset.state === 'done'`, 15_000);
    await until(
      `!Array.from(document.querySelectorAll('#errors-body td.kind')).some((td) => td.textContent === '…')`,
      10_000,
    );
    // Back to the first page of users (a filter change starts again at page 1).
    await page.selectOption('#user-role-filter', 'member');
    await page.selectOption('#user-role-filter', '');
    await until(`document.querySelectorAll('#users-body tr[data-id]').length === 6`);
    await until(`document.querySelector('#users-page')?.textContent?.startsWith('page 1 of 4')`);
    await until(
      `/^(Re)?[Cc]onnected/.test(document.querySelector('#ticker-status')?.textContent ?? '')`,
    );
    // A fixed toast would land mid-page in a full-page screenshot: let it go first.
    await until(`document.querySelector('#toast')?.hidden !== false`, 6_000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, timeout: 15_000 });
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await mkdir('docs', { recursive: true });
      await copyFile(SCREENSHOT, DOCS_SCREENSHOT);
    }
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * `npm run demo` as a user runs it: one command starts the backend and the Vite dev server
 * (with /api and the socket proxied), prints the URL, and Ctrl-C stops both; a taken port
 * gives a clear message and exit code 1. Every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(env: Record<string, string>): Demo {
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'demo/run.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, what: string, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms),
    ),
  ]);
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run demo', () => {
  it('serves the page and the proxied API, works in the browser, and stops on Ctrl-C', async () => {
    const [apiPort, pagePort] = [await freePort(), await freePort()];
    const demo = startDemo({ DEMO_API_PORT: String(apiPort), DEMO_PORT: String(pagePort) });
    await waitFor(() => demo.output().includes('Ctrl-C stops both'), 'the demo to start');
    const url = `http://127.0.0.1:${pagePort}/`;
    expect(demo.output()).toContain(`Page:  ${url}`);

    const health = await within(fetch(`${url}api/health`), 5_000, 'GET /api/health');
    expect(await health.json()).toEqual({ ok: true });

    // The dev page in a browser: sign in, then a streamed SSE event and a socket echo, all via the proxy.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(url, { timeout: 30_000 });
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(
        `Number(document.querySelector('#ticker-count')?.textContent) >= 1`,
        undefined,
        {
          timeout: 15_000,
        },
      );
      await page.waitForFunction(
        `document.querySelector('#chat-status')?.textContent === 'Connected'`,
        undefined,
        {
          timeout: 15_000,
        },
      );
      await page.fill('#chat-form input[name=text]', 'through the dev proxy');
      await page.click('#chat-form button[type=submit]');
      await page.locator('#chat-list li', { hasText: 'echo: through the dev proxy' }).waitFor();
    } finally {
      await browser.close();
    }

    demo.child.kill('SIGINT');
    expect(await within(demo.exited, 10_000, 'exit after SIGINT')).toBe(0);
    // Both ports are free again.
    await expect(within(fetch(`${url}api/health`), 3_000, 'fetch after stop')).rejects.toThrow();
    await expect(
      within(fetch(`http://127.0.0.1:${apiPort}/api/health`), 3_000, 'fetch'),
    ).rejects.toThrow();
  });

  it('says which port is taken and exits with 1', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as { port: number };
    try {
      const demo = startDemo({ DEMO_API_PORT: String(port), DEMO_PORT: String(await freePort()) });
      expect(await within(demo.exited, 30_000, 'exit on a taken port')).toBe(1);
      expect(demo.output()).toContain(`Port ${port} (the demo API) is already in use`);

      const page = startDemo({ DEMO_API_PORT: String(await freePort()), DEMO_PORT: String(port) });
      expect(await within(page.exited, 30_000, 'exit on a taken page port')).toBe(1);
      expect(page.output()).toContain(`Port ${port} (the demo page) is already in use`);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});

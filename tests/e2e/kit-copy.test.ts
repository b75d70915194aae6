/**
 * The copy-into-an-app path, proven: a fresh Vite + TypeScript app (Vite's own vanilla-ts
 * tsconfig, dependencies linked from this project) gets the kit through `npm run kit:copy`,
 * type-checks, builds with Vite, and the built page (in Chromium) makes a working, zod-validated
 * call to the API named in its .env (VITE_API_BASE_URL), here a stub on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

let app: string;
let stub: Server;
let apiBase: string;
const seen: Array<{ method?: string; url?: string }> = [];

const user = {
  id: 'usr_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'admin',
  createdAt: '2026-01-05T09:00:00.000Z',
};

beforeAll(async () => {
  // The API the built app will call: one page of users, as userApi.list expects it.
  stub = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    // The built page is served from another port: a cross-origin API, as with a real VITE_API_BASE_URL.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'GET' && req.url?.startsWith('/api/users')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ items: [user], total: 1, page: 1, pageSize: 20 }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
  apiBase = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/api`;

  app = await mkdtemp(join(tmpdir(), 'kit-app-'));
  await symlink(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'kit-app', private: true, version: '0.0.0', type: 'module' }, null, 2),
  );
  // What `npm create vite@latest -- --template vanilla-ts` writes.
  await writeFile(
    join(app, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          useDefineForClassFields: true,
          module: 'ESNext',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['vite/client'],
          skipLibCheck: true,
          moduleResolution: 'bundler',
          allowImportingTsExtensions: true,
          verbatimModuleSyntax: true,
          moduleDetection: 'force',
          noEmit: true,
          strict: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          erasableSyntaxOnly: true,
          noFallthroughCasesInSwitch: true,
          noUncheckedSideEffectImports: true,
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  await writeFile(
    join(app, 'index.html'),
    '<!doctype html><html><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n',
  );
  await writeFile(join(app, '.env'), `VITE_API_BASE_URL=${apiBase}\n`);
});

afterAll(async () => {
  await new Promise((done) => stub?.close(done));
  if (app && !process.env.KEEP_KIT_APP) await rm(app, { recursive: true, force: true });
});

describe('copying the kit into a fresh Vite + TypeScript app', () => {
  it('copies the kit and names the dependencies to add', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/kit-copy.ts'), app],
      { cwd: root, timeout: 30_000 },
    );
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of ['axios', 'zod', 'nprogress', 'eventsource-parser']) {
      expect(stdout).toContain(`${name}@${pkg.dependencies[name]}`);
    }
    expect(stdout).toContain('VITE_API_BASE_URL');
    expect(stdout).toContain("import 'nprogress/nprogress.css'");
    for (const dir of ['src/request', 'src/api', 'src/polling', 'src/realtime', 'templates']) {
      expect((await readdir(join(app, dir))).length, dir).toBeGreaterThan(0);
    }
    await expect(readFile(join(app, 'plopfile.ts'), 'utf8')).resolves.toContain('plop');
  });

  it('refuses to overwrite the kit without --force', async () => {
    await expect(
      run(
        process.execPath,
        [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/kit-copy.ts'), app],
        {
          cwd: root,
          timeout: 30_000,
        },
      ),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('--force') });
  });

  it('type-checks with the app code calling an endpoint', async () => {
    await mkdir(join(app, 'src'), { recursive: true });
    await writeFile(
      join(app, 'src/main.ts'),
      `import 'nprogress/nprogress.css';
import { userApi } from './api';
import { isApiError } from './request';

/** What the page shows: the first user's name, or the error's kind and message. */
async function firstUser(): Promise<string> {
  try {
    const page = await userApi.list({ query: { pageSize: 20 } });
    return \`\${page.items[0]?.name} (\${page.total}) \${page.items[0]?.createdAt instanceof Date}\`;
  } catch (error) {
    return isApiError(error) ? \`\${error.kind}: \${error.message}\` : String(error);
  }
}

// The test reads this from the page.
firstUser().then((text) => {
  (window as { kitAppResult?: string }).kitAppResult = text;
});
`,
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], {
      cwd: app,
      timeout: 45_000,
    }).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? String(error),
      failed: true,
    }));
    expect(result.stdout).toBe('');
  });

  it('builds with Vite, and the bundle makes a working call', async () => {
    await build({
      root: app,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: join(app, 'dist') },
    });
    const html = await readFile(join(app, 'dist/index.html'), 'utf8');
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const bundle = await readFile(join(app, 'dist', script as string), 'utf8');
    expect(bundle).toContain('/users');
    expect(bundle).toContain(apiBase);
    const css = (await readdir(join(app, 'dist/assets'))).find((file) => file.endsWith('.css'));
    expect(await readFile(join(app, 'dist/assets', css as string), 'utf8')).toContain('#nprogress');

    // Run it where it is meant to run: the built page in Chromium, calling the stub across origins.
    const server = await preview({
      root: app,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: join(app, 'dist') },
      preview: { host: '127.0.0.1', port: 0 },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const { port } = server.httpServer.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`, { timeout: 15_000 });
      await page.waitForFunction('window.kitAppResult !== undefined', undefined, {
        timeout: 10_000,
      });
      const result = await page.evaluate('window.kitAppResult', undefined);
      expect(result).toBe('Ada Lovelace (1) true');
    } finally {
      await browser.close();
      await server.close();
    }
    expect(seen).toContainEqual({ method: 'GET', url: '/api/users?page=1&pageSize=20' });
  });
});

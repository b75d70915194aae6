/**
 * What the fresh-app e2e tests share: a command runner, the kit's scripts, an app made from
 * create-vite's own template folders (dependencies linked from this project, so no install runs),
 * a loopback users API for the built pages to call, and a built app served to Chromium.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { expect } from 'vitest';
import { launchChromium } from './chromium';

const exec = promisify(execFile);
export const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const templates = join(root, 'node_modules/create-vite');

/** Run a command, failing the test with everything it printed when it exits non-zero. */
export async function run(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd,
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return stdout + stderr;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** `npm run kit:copy -- …` / `npm run kit:update -- …`, run from this project. */
export const kit = (script: 'kit-copy' | 'kit-update', ...args: string[]) =>
  run(process.execPath, [tsx, join(root, `scripts/${script}.ts`), ...args], root);

/** `npm …` in `cwd`. */
export const npm = (cwd: string, ...args: string[]) => run('npm', args, cwd);

/** The create-vite templates the e2e tests start from. */
export type ViteTemplate = 'vanilla-ts' | 'react-ts' | 'vue-ts';

/**
 * A fresh app from create-vite's template, as `npm create vite@latest -- --template <name>`,
 * in a new temp folder (pushed onto `made`, for the caller to remove).
 */
export async function createViteApp(template: ViteTemplate, made: string[]): Promise<string> {
  const app = await mkdtemp(join(tmpdir(), `kit-${template}-`));
  made.push(app);
  await cp(join(templates, `template-${template}`), app, { recursive: true });
  // create-vite writes its `_name` files as `.name` (`_gitignore`, react-ts's `_oxlintrc.json`).
  for (const name of await readdir(app)) {
    if (name.startsWith('_')) await rename(join(app, name), join(app, `.${name.slice(1)}`));
  }
  await symlink(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  // The vue template's tsconfig extends @vue/tsconfig, strict and with DOM.Iterable already.
  if (template === 'vue-ts') return app;
  // The templates pin TypeScript 7, which is strict by default and has DOM's iterables in "DOM";
  // this project's TypeScript 5.9 needs both said, to check the app as TypeScript 7 would.
  const tsconfig = template === 'react-ts' ? 'tsconfig.app.json' : 'tsconfig.json';
  const config = await readFile(join(app, tsconfig), 'utf8');
  const patched = config
    .replace('"compilerOptions": {', '"compilerOptions": {\n    "strict": true,')
    .replace('"lib": ["ES2023", "DOM"]', '"lib": ["ES2023", "DOM", "DOM.Iterable"]');
  expect(patched).toContain('"DOM.Iterable"');
  await writeFile(join(app, tsconfig), patched);
  return app;
}

/** The user every users API answer is about. */
export const ADA = {
  id: 'usr_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'admin',
  createdAt: '2026-01-05T09:00:00.000Z',
};

/** The server's own words for a missing user (the app must show them, not the table's). */
export const MISSING_USER_MESSAGE = '用户不存在';

/** A loopback users API on another port than the page (cross-origin, as a real API base is). */
export interface UserApiStub {
  /** `http://127.0.0.1:<port>/api` */
  base: string;
  /** Every request, in order. */
  seen: Array<{ method?: string; url?: string }>;
  /** URLs of the requests the client gave up on before an answer (the connection closed). */
  aborted: string[];
  close(): Promise<void>;
}

/**
 * Start the users API: `GET /api/users` (one page, Ada), `GET /api/users/usr_1` (Ada),
 * `GET /api/users/usr_missing` (404 with `{ message }`), and `GET /api/users/usr_slow`, never
 * answered: the client must abort it, which is recorded in `aborted`.
 */
export async function startUserApi(): Promise<UserApiStub> {
  const seen: UserApiStub['seen'] = [];
  const aborted: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    res.setHeader('Access-Control-Allow-Origin', '*');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return void res.writeHead(404).end();
    if (req.url?.startsWith('/api/users?')) {
      return json(200, { items: [ADA], total: 1, page: 1, pageSize: 20 });
    }
    if (req.url === '/api/users/usr_1') return json(200, ADA);
    if (req.url === '/api/users/usr_missing') {
      return json(404, { code: 40401, message: MISSING_USER_MESSAGE });
    }
    if (req.url === '/api/users/usr_slow') {
      // Held open: only the client's abort ends it.
      res.on('close', () => {
        if (!res.writableEnded) aborted.push(req.url as string);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    seen,
    aborted,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Serve a built app (`<app>/dist`) with `vite preview` on an ephemeral port, open it in Chromium
 * and hand the page to `visit`; everything is closed afterwards, whatever happened. Errors the
 * page threw fail the visit.
 */
export async function visitBuiltApp(app: string, visit: (page: Page) => Promise<void>) {
  const server = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0 },
  });
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { port } = server.httpServer.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`, { timeout: 15_000 });
    await visit(page);
  } finally {
    await browser.close();
    await server.close();
  }
  expect(pageErrors).toEqual([]);
}

/**
 * The TanStack Query part of a page (React or Vue): one query per id through
 * `queryOptionsOf(userApi.get, …)`, each rendered as `<p class="user|error|pending" data-id>`.
 * Ada renders from the API with `createdAt` a `Date` (the zod schema ran), the missing user as
 * the server's own message, and the slow one stays pending until `window.kitUnmount()` unmounts
 * the app: its query's signal must then abort the request. `api.aborted` proves it.
 */
export async function checkQueryPage(page: Page, api: UserApiStub): Promise<void> {
  const shown = (id: string) => page.locator(`[data-id="${id}"]`);
  await page.waitForSelector('[data-id="usr_1"].user');
  expect(await shown('usr_1').textContent()).toBe(`${ADA.name} · ${ADA.createdAt}`);
  await page.waitForSelector('[data-id="usr_missing"].error');
  expect(await shown('usr_missing').textContent()).toBe(`http 404: ${MISSING_USER_MESSAGE}`);
  expect(await shown('usr_slow').getAttribute('class')).toBe('pending');
  await expect
    .poll(() => api.seen.some((r) => r.url === '/api/users/usr_slow'), { timeout: 5_000 })
    .toBe(true);
  expect(api.aborted).toEqual([]);

  await page.evaluate('window.kitUnmount()', undefined);
  expect(await page.locator('[data-id]').count()).toBe(0);
  await expect.poll(() => api.aborted, { timeout: 5_000 }).toEqual(['/api/users/usr_slow']);
  // Each query was sent once: no retry loop, no second fetch on mount.
  const gets = api.seen.filter((r) => r.url?.startsWith('/api/users/')).map((r) => r.url);
  expect(gets.sort()).toEqual([
    '/api/users/usr_1',
    '/api/users/usr_missing',
    '/api/users/usr_slow',
  ]);
}

/** The React app's TanStack Query page (src/kit-query.tsx), mounted beside the template's App. */
export const REACT_QUERY_PAGE = `import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { queryOptionsOf, userApi } from './api';
import { isApiError } from './request';

/** One user by id, through TanStack Query: the query's signal aborts the request on unmount. */
function UserName({ id }: { id: string }) {
  const { data, error, isPending } = useQuery(queryOptionsOf(userApi.get, { params: { id } }));
  if (isPending) return <p data-id={id} className="pending">loading</p>;
  if (error) {
    const text = isApiError(error) ? \`\${error.kind} \${error.status}: \${error.message}\` : String(error);
    return <p data-id={id} className="error">{text}</p>;
  }
  return <p data-id={id} className="user">{data.name} · {data.createdAt.toISOString()}</p>;
}

const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
const host = document.body.appendChild(document.createElement('div'));
const root = createRoot(host);
root.render(
  <QueryClientProvider client={client}>
    {['usr_1', 'usr_missing', 'usr_slow'].map((id) => <UserName key={id} id={id} />)}
  </QueryClientProvider>,
);
// The test unmounts the queries: the one still in flight must abort its request.
(window as { kitUnmount?: () => void }).kitUnmount = () => root.unmount();
`;

/** The Vue app's component (src/UserName.vue): the same query through @tanstack/vue-query. */
export const VUE_QUERY_COMPONENT = `<script setup lang="ts">
import { useQuery } from '@tanstack/vue-query';
import { queryOptionsOf, userApi } from './api';
import { isApiError } from './request';

const props = defineProps<{ id: string }>();
// A getter, as the README shows: the query follows the prop.
const { data, error, isPending } = useQuery(() => queryOptionsOf(userApi.get, { params: { id: props.id } }));
const errorText = (e: unknown) => (isApiError(e) ? \`\${e.kind} \${e.status}: \${e.message}\` : String(e));
</script>

<template>
  <p v-if="isPending" :data-id="props.id" class="pending">loading</p>
  <p v-else-if="error" :data-id="props.id" class="error">{{ errorText(error) }}</p>
  <p v-else-if="data" :data-id="props.id" class="user">{{ data.name }} · {{ data.createdAt.toISOString() }}</p>
</template>
`;

/** The Vue app's entry (src/main.ts): the plugin with its client, three queries, and an unmount. */
export const VUE_QUERY_MAIN = `import 'nprogress/nprogress.css';
import { QueryClient, VueQueryPlugin } from '@tanstack/vue-query';
import { createApp, h } from 'vue';
import UserName from './UserName.vue';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
const app = createApp({
  render: () => ['usr_1', 'usr_missing', 'usr_slow'].map((id) => h(UserName, { id, key: id })),
});
app.use(VueQueryPlugin, { queryClient });
app.mount('#app');
// The test unmounts the app: the query still in flight must abort its request.
(window as { kitUnmount?: () => void }).kitUnmount = () => app.unmount();
`;

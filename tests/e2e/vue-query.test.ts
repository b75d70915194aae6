/**
 * The TanStack Query bindings in a fresh Vue 3 app: create-vite's vue-ts template, the kit copied
 * in with `kit:copy`, a component using `useQuery(queryOptionsOf(userApi.get, …))` from
 * @tanstack/vue-query, the template's own `npm run build` (vue-tsc + Vite), and the built page in
 * Chromium against a loopback API: the data rendered, the server's message for a 404, and the
 * request of a query still in flight aborted when the app unmounts. (The React app is in
 * kit-copy.test.ts.)
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkQueryPage,
  createViteApp,
  kit,
  npm,
  startUserApi,
  type UserApiStub,
  VUE_QUERY_COMPONENT,
  VUE_QUERY_MAIN,
  visitBuiltApp,
} from './vite-app';

const apps: string[] = [];
let api: UserApiStub;

beforeAll(async () => {
  api = await startUserApi();
});

afterAll(async () => {
  await api?.close();
  if (process.env.KEEP_KIT_APP) return;
  await Promise.all(apps.map((app) => rm(app, { recursive: true, force: true })));
});

describe('the kit in a fresh Vite vue-ts app with @tanstack/vue-query', () => {
  let app: string;

  it("is copied in and builds with the template's npm run build (vue-tsc, Vite)", async () => {
    app = await createViteApp('vue-ts', apps);
    const out = await kit('kit-copy', app);
    expect(out).toContain('npm install --save-exact axios@');
    await writeFile(join(app, 'src/UserName.vue'), VUE_QUERY_COMPONENT);
    await writeFile(join(app, 'src/main.ts'), VUE_QUERY_MAIN);
    await writeFile(join(app, '.env'), `VITE_API_BASE_URL=${api.base}\n`);
    await npm(app, 'run', 'build');
    const html = await readFile(join(app, 'dist/index.html'), 'utf8');
    expect(html).toMatch(/src="\/assets\/[^"]+\.js"/);
  });

  it('renders the data, the server message, and aborts on unmount, in Chromium', async () => {
    await visitBuiltApp(app, (page) => checkQueryPage(page, api));
  });
});

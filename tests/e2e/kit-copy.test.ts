/**
 * The copy-into-an-app path, proven in the apps teams start from: what `npm create vite` writes
 * for the vanilla-ts and react-ts templates (the create-vite package's own template folders, with
 * dependencies linked from this project). In each: `kit:copy` and the install lines it prints,
 * `npm run gen:api -- order …`, `npx vitest run` passing as generated, an edit of the composition
 * root kept by `kit:update` with the generated module, then the template's own `npm run build`
 * (type-check + Vite) with app code calling an endpoint. The vanilla app's built page then makes a
 * working, zod-validated call in Chromium to the API its .env names. (One build per app, at the
 * end, where it checks the most: the copied kit, the generated module and the edit together.)
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA,
  checkQueryPage,
  createViteApp,
  kit,
  npm,
  REACT_QUERY_PAGE,
  root,
  run,
  startUserApi,
  type UserApiStub,
  visitBuiltApp,
} from './vite-app';

const apps: string[] = [];
/** The app made from each template. */
const built: Partial<Record<'vanilla-ts' | 'react-ts', string>> = {};

/** What a page of the app does with the kit: the first user's name, or the error's words. */
const KIT_CALL = `import 'nprogress/nprogress.css';
import { userApi } from './api';
import { isApiError } from './request';

/** The first user's name, or the error's kind and message. */
export async function firstUser(): Promise<string> {
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
`;

// The API the built apps call (one page of users, single users), served from another port: a
// cross-origin API, as with a real VITE_API_BASE_URL.
let api: UserApiStub;

beforeAll(async () => {
  api = await startUserApi();
});

afterAll(async () => {
  await api?.close();
  if (process.env.KEEP_KIT_APP) return;
  await Promise.all(apps.map((app) => rm(app, { recursive: true, force: true })));
});

describe.each([
  { template: 'vanilla-ts', entry: 'src/main.ts' },
  { template: 'react-ts', entry: 'src/main.tsx' },
] as const)('the kit in a fresh Vite $template app', ({ template, entry }) => {
  let app: string;
  beforeAll(async () => {
    app = await createViteApp(template, apps);
    built[template] = app;
  });

  it('is copied in, with the install lines, the gen:api script and a vitest config', async () => {
    const out = await kit('kit-copy', app);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const install = (flag: string) =>
      new RegExp(`npm install ${flag}--save-exact (.+)`).exec(out)?.[1]?.split(' ') ?? [];
    const runtime = install('');
    const dev = install('--save-dev ');
    for (const name of ['axios', 'zod', 'nprogress']) {
      expect(runtime).toContain(`${name}@${pkg.dependencies[name]}`);
    }
    // The SSE parser is the kit's own: eventsource-parser is the tests' reference, not the app's.
    expect(runtime.some((spec) => spec.startsWith('eventsource-parser@'))).toBe(false);
    expect(dev).toEqual(
      expect.arrayContaining(
        ['plop', 'tsx', 'vitest', 'msw'].map((name) => `${name}@${pkg.devDependencies[name]}`),
      ),
    );
    // "Run the install lines it prints": node_modules is this project's, so record them as npm would.
    const appPkg = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
    const record = (specs: string[], into: Record<string, string>) => {
      for (const spec of specs) {
        const at = spec.lastIndexOf('@');
        into[spec.slice(0, at)] = spec.slice(at + 1);
      }
    };
    appPkg.dependencies ??= {};
    record(runtime, appPkg.dependencies);
    record(dev, appPkg.devDependencies);
    expect(appPkg.scripts['gen:api']).toBe(pkg.devDependencies.plop ? 'plop api' : undefined);
    expect(appPkg.scripts.build).toContain('vite build');
    await writeFile(join(app, 'package.json'), JSON.stringify(appPkg, null, 2));

    expect(out).toContain("import 'nprogress/nprogress.css'");
    const vitestConfig = await readFile(join(app, 'vitest.config.ts'), 'utf8');
    expect(vitestConfig).toContain("setupFiles: ['tests/setup/msw.ts']");
    if (template === 'react-ts') expect(vitestConfig).toContain("from './vite.config.ts'");
  });

  it('generates modules (gen:api, gen:openapi) whose tests pass as generated under npx vitest run', async () => {
    await npm(
      app,
      'run',
      'gen:api',
      '--',
      'order',
      '/orders',
      'all',
      'number:string, total:number',
    );
    // The OpenAPI generator the copy brought, on a public document: its module joins the barrel.
    await npm(
      app,
      'run',
      'gen:openapi',
      '--',
      join(root, 'tests/generator/fixtures/oai-v3.0-petstore.yaml'),
    );
    const barrel = await readFile(join(app, 'src/api/index.ts'), 'utf8');
    expect(barrel).toContain("from './order'");
    expect(barrel).toContain("from './pets'");
    const out = await run('npx', ['vitest', 'run'], app);
    expect(out).toMatch(/Tests\s+\d+ passed/);
    expect(out).not.toMatch(/failed/i);
    expect(out).toContain('tests/api/order.test.ts');
    expect(out).toContain('tests/api/pets.test.ts');
  });

  it('kit:update keeps the edited composition root and the generated module', async () => {
    const httpFile = join(app, 'src/request/http.ts');
    const edited = (await readFile(httpFile, 'utf8')).replace(
      "baseURL: import.meta.env?.VITE_API_BASE_URL ?? '/api',",
      "baseURL: import.meta.env?.VITE_API_BASE_URL ?? '/api',\n  timeout: 10_000, // our API is slow",
    );
    expect(edited).toContain('our API is slow');
    await writeFile(httpFile, edited);
    // As if the kit had changed the composition root since it was copied: the manifest's record
    // of what it shipped no longer matches the kit's file.
    const manifestFile = join(app, '.axios-api-kit.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.files['src/request/http.ts'] = '0'.repeat(64);
    await writeFile(manifestFile, JSON.stringify(manifest));
    const barrel = await readFile(join(app, 'src/api/index.ts'), 'utf8');

    const out = await kit('kit-update', app);
    expect(out).toContain('src/request/http.ts  →  src/request/http.ts.kit-new');
    expect(await readFile(httpFile, 'utf8')).toBe(edited);
    await expect(readFile(`${httpFile}.kit-new`, 'utf8')).resolves.toContain('createHttp');
    expect(await readFile(join(app, 'src/api/index.ts'), 'utf8')).toBe(barrel);
    await expect(readFile(join(app, 'src/api/order.ts'), 'utf8')).resolves.toContain('orderApi');
    await expect(readFile(join(app, 'tests/api/order.test.ts'), 'utf8')).resolves.toContain(
      'orderApi',
    );
  });

  it("type-checks and builds (the template's npm run build) with app code calling an endpoint", async () => {
    await writeFile(join(app, 'src/kit-call.ts'), KIT_CALL);
    const main = await readFile(join(app, entry), 'utf8');
    // The React app also renders users through @tanstack/react-query and queryOptionsOf.
    const imports =
      template === 'react-ts'
        ? "import './kit-call';\nimport './kit-query';\n"
        : "import './kit-call';\n";
    if (template === 'react-ts') await writeFile(join(app, 'src/kit-query.tsx'), REACT_QUERY_PAGE);
    await writeFile(join(app, entry), `${imports}${main}`);
    await writeFile(join(app, '.env'), `VITE_API_BASE_URL=${api.base}\n`);
    await npm(app, 'run', 'build');
    // The template's own linter (react-ts: oxlint with react's rules-of-hooks) passes over the
    // copied kit, and says nothing about it.
    if (template === 'react-ts') {
      const lint = await npm(app, 'run', 'lint');
      expect(lint).not.toMatch(/(src\/(api|core|polling|realtime|request)|scripts|tests)\//);
    }
    const html = await readFile(join(app, 'dist/index.html'), 'utf8');
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const bundle = await readFile(join(app, 'dist', script as string), 'utf8');
    expect(bundle).toContain(api.base);
    expect(bundle).toContain('/users');
  });
});

describe('kit:copy', () => {
  it('gives an app that is not "type": "module" (webpack, Next.js) a gen:api that runs', async () => {
    const app = await mkdtemp(join(tmpdir(), 'kit-cjs-'));
    apps.push(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'cjs-app', private: true }));
    await symlink(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    await kit('kit-copy', app);
    // The plopfile shim and plopfile.ts, compiled as CommonJS there, load all the same.
    await npm(app, 'run', 'gen:api', '--', 'order', '/orders', 'list,get', 'number:string');
    await expect(readFile(join(app, 'src/api/order.ts'), 'utf8')).resolves.toContain('orderApi');
    const out = await run('npx', ['vitest', 'run', 'tests/api/order.test.ts'], app);
    expect(out).toMatch(/Tests\s+\d+ passed/);
  });

  it('refuses a mistyped target and creates nothing', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'kit-typo-'));
    apps.push(parent);
    const typo = join(parent, 'my-ap');
    await expect(kit('kit-copy', typo)).rejects.toThrow(/kit:copy: .*my-ap does not exist/);
    await expect(readFile(join(typo, 'package.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('the built vanilla-ts page', () => {
  it('makes a working call to the API its .env names, in Chromium', async () => {
    await visitBuiltApp(built['vanilla-ts'] as string, async (page) => {
      await page.waitForFunction('window.kitAppResult !== undefined', undefined, {
        timeout: 10_000,
      });
      expect(await page.evaluate('window.kitAppResult', undefined)).toBe(`${ADA.name} (1) true`);
      // The kit's nprogress stylesheet made it into the page beside the template's own.
      const css = await page.evaluate(
        '[...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join("")',
        undefined,
      );
      expect(css).toContain('#nprogress');
    });
    expect(api.seen).toContainEqual({ method: 'GET', url: '/api/users?page=1&pageSize=20' });
  });
});

describe('the built react-ts page, with @tanstack/react-query', () => {
  it('renders the data, the server message, and aborts on unmount, in Chromium', async () => {
    api.seen.length = 0;
    await visitBuiltApp(built['react-ts'] as string, (page) => checkQueryPage(page, api));
  });
});

describe('the generated tests, once the app sets the envelope gen:openapi asks for', () => {
  it("still pass: the mocks answer in the app's envelope (okBody)", async () => {
    const app = built['vanilla-ts'] as string;
    const httpFile = join(app, 'src/request/http.ts');
    // gen:openapi prints "Create the instance with envelope: { message: 'msg' }" for a
    // { code, data, msg } backend; the composition root is where the app does it.
    const edited = (await readFile(httpFile, 'utf8')).replace(
      'export const http = createHttp({',
      "export const http = createHttp({\n  envelope: { message: 'msg' },",
    );
    expect(edited).toContain("envelope: { message: 'msg' }");
    await writeFile(httpFile, edited);
    const out = await run('npx', ['vitest', 'run'], app);
    expect(out).toMatch(/Tests\s+\d+ passed/);
    expect(out).not.toMatch(/failed/i);
    expect(out).toContain('tests/api/order.test.ts');
    expect(out).toContain('tests/api/pets.test.ts');
  });
});

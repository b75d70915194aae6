/**
 * kit:copy and kit:update on a small stand-in kit (two versions of it) and a stand-in app, in
 * temp folders: what is replaced, kept, written beside, merged into the barrel, and refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dependenciesOf } from '../../scripts/kit/dependencies';
import { describeReport, installKit, KitTargetError } from '../../scripts/kit/install';
import { MANIFEST, readManifest } from '../../scripts/kit/manifest';
import { kitCommand } from '../../scripts/kit-copy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-install-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

const kitPackage = (version: string) =>
  JSON.stringify({
    name: 'axios-api-kit',
    version,
    scripts: { test: 'vitest run', 'gen:api': 'plop api' },
    dependencies: { axios: '1.21.1', zod: '4.6.7' },
    devDependencies: { vitest: '4.1.12', msw: '2.9.0', '@types/nprogress': '0.2.3' },
  });

const BARREL_V1 = `export * from './auth';\nexport * from './job';\nexport * from './user';\n`;
const V1 = {
  'package.json': kitPackage('1.0.0'),
  'src/request/http.ts': "// The app's composition root: edit this file.\nexport const http = 1;\n",
  'src/request/old.ts': "import axios from 'axios';\nexport const old = axios;\n",
  'src/api/index.ts': BARREL_V1,
  'src/api/auth.ts': "import * as z from 'zod';\nexport const auth = z.string();\n",
  'src/api/job.ts': 'export const job = 1;\n',
  'src/api/user.ts': 'export const user = 1;\n',
  'plopfile.ts':
    "import type { NodePlopAPI } from 'plop';\nexport default (p: NodePlopAPI) => p;\n",
  'templates/api/module.ts.hbs': "import * as z from 'zod';\n",
  'tests/setup/msw.ts':
    "import { setupServer } from 'msw/node';\nexport const server = setupServer();\n",
  'tests/mocks/shared.ts': "export const API_BASE = 'http://api.test/api';\n",
  'tests/api/helpers.ts': "import { server } from '../setup/msw';\nexport { server };\n",
  'tests/other.test.ts': 'not shipped\n',
};
// v2: the composition root and user.ts change, old.ts goes, src/core and api/query.ts are new.
const V2 = {
  ...V1,
  'package.json': kitPackage('2.0.0'),
  'src/request/http.ts': "// The app's composition root: edit this file.\nexport const http = 2;\n",
  'src/api/user.ts': 'export const user = 2;\n',
  'src/api/query.ts': 'export const query = 2;\n',
  'src/api/index.ts': `export * from './auth';\nexport * from './job';\nexport * from './query';\nexport * from './user';\n`,
  'src/core/clock.ts': 'export const now = () => 2;\n',
} as Record<string, string>;
delete V2['src/request/old.ts'];

const appPackage = JSON.stringify({ name: 'app', private: true, scripts: { dev: 'vite' } });

describe('kit:copy refuses a target that is not an app folder', () => {
  it('refuses a missing (mistyped) folder and never creates it', () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const missing = join(dir, 'my-ap');
    expect(() => installKit(kit, missing, 'copy')).toThrow(KitTargetError);
    expect(() => installKit(kit, missing, 'copy')).toThrow(
      /my-ap does not exist.*nothing was created/,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a folder without package.json, a file, and the kit itself', () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    writeTree(join(dir, 'bare'), { 'README.md': 'x' });
    expect(() => installKit(kit, join(dir, 'bare'), 'copy')).toThrow(/has no package\.json/);
    expect(existsSync(join(dir, 'bare/src'))).toBe(false);
    expect(() => installKit(kit, join(dir, 'bare/README.md'), 'copy')).toThrow(/is a file/);
    expect(() => installKit(kit, kit, 'copy')).toThrow(/the kit itself/);
  });

  it('the command exits 1 with the reason on stderr, and creates nothing', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const missing = join(dir, 'nowhere', 'app');
      expect(kitCommand('kit:copy', [missing])).toBe(1);
      expect(errors.mock.calls.flat().join('\n')).toMatch(/kit:copy: .*does not exist/);
      expect(existsSync(join(dir, 'nowhere'))).toBe(false);
      expect(kitCommand('kit:update', [missing])).toBe(1);
      expect(kitCommand('kit:copy', [])).toBe(1);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('a first copy', () => {
  it('writes the kit, the manifest, the npm script and a vitest config', () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const app = writeTree(join(dir, 'app'), { 'package.json': appPackage });
    const report = installKit(kit, app, 'copy');

    expect(report.mode).toBe('copy');
    expect(report.added).toContain('src/request/http.ts');
    expect(report.added).toContain('tests/api/helpers.ts');
    expect(report.added).not.toContain('tests/other.test.ts');
    expect(read(app, 'src/api/index.ts')).toBe(BARREL_V1);
    expect(readManifest(app)?.files['src/request/http.ts']).toMatch(/^[0-9a-f]{64}$/);
    expect(readManifest(app)?.barrel).toHaveProperty('./job');
    expect(JSON.parse(read(app, 'package.json')).scripts).toEqual({
      dev: 'vite',
      'gen:api': 'plop api',
    });
    expect(read(app, 'vitest.config.ts')).toContain("setupFiles: ['tests/setup/msw.ts']");
    expect(read(app, 'vitest.config.ts')).toContain("VITE_API_BASE_URL: 'http://api.test/api'");
    expect(report.compositionRoot).toBe('src/request/http.ts');
    expect(report.install).toEqual({
      dependencies: ['axios@1.21.1', 'zod@4.6.7'],
      devDependencies: ['msw@2.9.0', 'vitest@4.1.12'],
    });
  });

  it("keeps the app's own files at the kit's paths, and says the kit's are beside them", () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const own = 'export async function getUser() {}\n';
    const app = writeTree(join(dir, 'app'), { 'package.json': appPackage, 'src/api/user.ts': own });
    const report = installKit(kit, app, 'copy');
    expect(read(app, 'src/api/user.ts')).toBe(own);
    expect(read(app, 'src/api/user.ts.kit-new')).toBe(V1['src/api/user.ts']);
    const out = describeReport(report, app);
    // Not "your changes": the app never had the kit's file. Other kit files import that path.
    expect(out).toContain(
      "your own files where the kit puts its own: kept as they are, the kit's beside each:\n    src/api/user.ts  →  src/api/user.ts.kit-new",
    );
    expect(out).toContain('the app may not compile');
    expect(out).not.toContain('kept your changes');
  });

  it('refuses an app that has the kit, pointing to kit:update', () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const app = writeTree(join(dir, 'app'), { 'package.json': appPackage });
    installKit(kit, app, 'copy');
    writeFileSync(join(app, 'src/request/http.ts'), 'my edit\n');
    expect(() => installKit(kit, app, 'copy')).toThrow(/kit:update/);
    expect(read(app, 'src/request/http.ts')).toBe('my edit\n');
  });
});

describe('kit:update', () => {
  function copiedAndWorkedOn() {
    const kit = writeTree(join(dir, 'kit'), V1);
    const app = writeTree(join(dir, 'app'), { 'package.json': appPackage });
    installKit(kit, app, 'copy');
    // What a team does on its second day: edit the composition root, generate a module, drop an
    // example module with its barrel line, give gen:api its own command.
    writeFileSync(join(app, 'src/request/http.ts'), '// ours\nexport const http = 42;\n');
    writeTree(app, { 'src/api/order.ts': 'export const order = 1;\n' });
    rmSync(join(app, 'src/api/job.ts'));
    writeFileSync(
      join(app, 'src/api/index.ts'),
      `export * from './auth';\nexport * from './order';\nexport * from './user';\n`,
    );
    const pkg = JSON.parse(read(app, 'package.json'));
    pkg.scripts['gen:api'] = 'plop api --my-flag';
    writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, '\t'));
    rmSync(join(dir, 'kit'), { recursive: true });
    return { kit: writeTree(join(dir, 'kit'), V2), app };
  }

  it("replaces what the app did not change and never overwrites or drops the app's work", () => {
    const { kit, app } = copiedAndWorkedOn();
    const report = installKit(kit, app, 'update');

    // Unchanged kit file: replaced. New kit files: added (src/core included).
    expect(report.replaced).toContain('src/api/user.ts');
    expect(read(app, 'src/api/user.ts')).toBe(V2['src/api/user.ts']);
    expect(report.added).toEqual(expect.arrayContaining(['src/core/clock.ts', 'src/api/query.ts']));
    // The edited composition root: kept, the kit's new version beside it.
    expect(read(app, 'src/request/http.ts')).toBe('// ours\nexport const http = 42;\n');
    expect(report.conflicts).toEqual([
      { path: 'src/request/http.ts', kitNew: 'src/request/http.ts.kit-new' },
    ]);
    expect(read(app, 'src/request/http.ts.kit-new')).toBe(V2['src/request/http.ts']);
    // The app's module and its barrel line kept; the deleted example stays deleted, its line out;
    // the kit's new module is in the barrel.
    expect(read(app, 'src/api/order.ts')).toBe('export const order = 1;\n');
    expect(read(app, 'src/api/index.ts')).toBe(
      `export * from './auth';\nexport * from './order';\nexport * from './query';\nexport * from './user';\n`,
    );
    expect(report.deleted).toEqual(['src/api/job.ts']);
    expect(existsSync(join(app, 'src/api/job.ts'))).toBe(false);
    expect(report.barrel?.added).toEqual(['./query']);
    // A file the kit no longer ships is left in place and named.
    expect(report.retired).toEqual(['src/request/old.ts']);
    expect(existsSync(join(app, 'src/request/old.ts'))).toBe(true);
    // The app's own gen:api command is kept, and its package.json keeps its tabs.
    expect(report.scripts.kept).toEqual([
      { name: 'gen:api', app: 'plop api --my-flag', kit: 'plop api' },
    ]);
    expect(read(app, 'package.json')).toContain('\t"scripts"');
    expect(readManifest(app)?.version).toBe('2.0.0');
  });

  it('a second update with the same kit changes nothing and writes nothing new beside', () => {
    const { kit, app } = copiedAndWorkedOn();
    installKit(kit, app, 'update');
    rmSync(join(app, 'src/request/http.ts.kit-new'));
    const before = read(app, 'src/api/index.ts');
    const report = installKit(kit, app, 'update');
    expect(report.replaced).toEqual([]);
    expect(report.conflicts).toEqual([]);
    expect(report.kept).toEqual(['src/request/http.ts']);
    expect(existsSync(join(app, 'src/request/http.ts.kit-new'))).toBe(false);
    expect(read(app, 'src/api/index.ts')).toBe(before);
  });

  it('a later update names the new version still waiting beside a file, until it is deleted', () => {
    const { kit, app } = copiedAndWorkedOn();
    installKit(kit, app, 'update');
    // Not merged yet: the next update must not read as if nothing were left to do.
    const again = installKit(kit, app, 'update');
    expect(again.pending).toEqual(['src/request/http.ts.kit-new']);
    expect(describeReport(again, app)).toMatch(
      /still to merge[^\n]*\n\s+src\/request\/http\.ts\.kit-new/,
    );
    expect(read(app, 'src/request/http.ts.kit-new')).toBe(V2['src/request/http.ts']);
    rmSync(join(app, 'src/request/http.ts.kit-new'));
    expect(installKit(kit, app, 'update').pending).toEqual([]);
  });

  it('kit:copy --force behaves as kit:update: the edit and the generated module stay', () => {
    const app = writeTree(join(dir, 'app'), { 'package.json': appPackage });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(kitCommand('kit:copy', [app])).toBe(0);
      writeFileSync(join(app, 'src/request/http.ts'), '// ours\n');
      writeFileSync(
        join(app, 'src/api/index.ts'),
        `${read(app, 'src/api/index.ts')}export * from './order';\n`,
      );
      expect(kitCommand('kit:copy', [app, '--force'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /kept your changes.*\n\s+src\/request\/http\.ts/,
      );
    } finally {
      log.mockRestore();
    }
    expect(read(app, 'src/request/http.ts')).toBe('// ours\n');
    expect(read(app, 'src/api/index.ts')).toContain("export * from './order';");
  });

  it('adopts a copy made before the manifest: every file that differs counts as changed', () => {
    const kit = writeTree(join(dir, 'kit'), V2);
    const app = writeTree(join(dir, 'app'), {
      'package.json': appPackage,
      ...Object.fromEntries(Object.entries(V1).filter(([path]) => path.startsWith('src/'))),
    });
    writeFileSync(join(app, 'src/api/index.ts'), `${BARREL_V1}export * from './order';\n`);
    writeTree(app, { 'src/api/order.ts': 'export const order = 1;\n' });
    expect(() => installKit(kit, app, 'copy')).toThrow(/kit:update/);
    const report = installKit(kit, app, 'update');
    expect(report.replaced).toEqual([]);
    expect(report.conflicts.map((c) => c.path)).toEqual(
      expect.arrayContaining(['src/request/http.ts', 'src/api/user.ts']),
    );
    expect(read(app, 'src/api/user.ts')).toBe(V1['src/api/user.ts']);
    expect(read(app, 'src/api/index.ts')).toContain("export * from './order';");
    expect(read(app, 'src/api/index.ts')).toContain("export * from './query';");
    expect(report.unchanged).toContain('src/api/auth.ts');
    expect(existsSync(join(app, MANIFEST))).toBe(true);
  });
});

describe('the vitest settings', () => {
  it("extend a Vite template's vite.config.ts rather than replace it", () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const app = writeTree(join(dir, 'app'), {
      'package.json': appPackage,
      'vite.config.ts': 'export default { plugins: [] };\n',
    });
    installKit(kit, app, 'copy');
    const config = read(app, 'vitest.config.ts');
    expect(config).toContain("import viteConfig from './vite.config.ts';");
    expect(config).toContain('mergeConfig(');
    expect(read(app, 'vite.config.ts')).toBe('export default { plugins: [] };\n');
  });

  it("leave the app's own vitest config alone and say what to merge", () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const own = "export default { test: { environment: 'jsdom' } };\n";
    const app = writeTree(join(dir, 'app'), {
      'package.json': appPackage,
      'vitest.config.mts': own,
    });
    const report = installKit(kit, app, 'copy');
    expect(report.vitest).toMatchObject({ kind: 'manual', config: 'vitest.config.mts' });
    expect(existsSync(join(app, 'vitest.config.ts'))).toBe(false);
    expect(read(app, 'vitest.config.mts')).toBe(own);
  });

  it("say to add the generated tests to the app's own include, when its config has one", () => {
    const kit = writeTree(join(dir, 'kit'), V1);
    const own =
      "export default { test: { include: ['src/**/*.test.ts'], setupFiles: ['./src/setup.ts'] } };\n";
    const app = writeTree(join(dir, 'app'), {
      'package.json': appPackage,
      'vitest.config.ts': own,
    });
    const out = describeReport(installKit(kit, app, 'copy'), app);
    expect(out).toContain("setupFiles: ['tests/setup/msw.ts']");
    // Without it vitest finds none of tests/api/*.test.ts: "No test files found".
    expect(out).toContain("include: ['tests/**/*.test.ts']");
    expect(read(app, 'vitest.config.ts')).toBe(own);

    const other = writeTree(join(dir, 'other'), {
      'package.json': appPackage,
      'vitest.config.ts': "export default { test: { environment: 'jsdom' } };\n",
    });
    expect(describeReport(installKit(kit, other, 'copy'), other)).not.toContain('include:');
  });
});

describe('the dependencies to install', () => {
  it('come from what the shipped files import: type-only and test imports are dev', () => {
    const file = (path: string, text: string) => ({ path, content: Buffer.from(text) });
    const deps = dependenciesOf(
      [
        file(
          'src/a.ts',
          "import axios from 'axios';\nimport type { Socket } from 'socket.io-client';",
        ),
        file('src/b.ts', "/** @example import { io } from 'ky' */\nimport 'nprogress';"),
        file('src/c.ts', "import { readFile } from 'node:fs';\nimport { join } from 'path';"),
        file('tests/setup/msw.ts', "import { setupServer } from 'msw/node';"),
      ],
      {
        dependencies: { axios: '1.0.0', nprogress: '0.2.0' },
        devDependencies: {
          'socket.io-client': '4.0.0',
          msw: '2.0.0',
          ky: '1.0.0',
          '@types/nprogress': '0.2.3',
        },
      },
    );
    expect(deps).toEqual({
      dependencies: ['axios@1.0.0', 'nprogress@0.2.0'],
      devDependencies: ['@types/nprogress@0.2.3', 'msw@2.0.0', 'socket.io-client@4.0.0'],
    });
  });
});

/**
 * Copy the kit into another project: `npm run kit:copy -- <dir> [--force]`.
 *
 * Copies src/request, src/api, src/polling and src/realtime (relative imports only, so they
 * compile wherever they land), the api generator (plopfile, its helpers and templates) and the
 * few test helpers the generated tests import, then prints the dependencies to add.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The kit itself: replaced in the target only with `--force`. */
const KIT = ['src/request', 'src/api', 'src/polling', 'src/realtime'];
/** The generator: `npx plop api <name>` in the target. */
const GENERATOR = ['plopfile.ts', 'plopfile.js', 'scripts/generator', 'templates'];
/** What generated tests import; a target's own copy is never overwritten. */
const TEST_SUPPORT = ['tests/setup/msw.ts', 'tests/mocks/shared.ts', 'tests/api/helpers.ts'];

const RUNTIME_DEPS = ['axios', 'zod', 'nprogress', 'eventsource-parser'];
const DEV_DEPS = ['@types/nprogress', 'plop', 'tsx', 'vitest', 'msw'];

/** What `copyKit` did. */
export interface CopyResult {
  /** Paths copied, relative to the target. */
  copied: string[];
  /** Test helpers left alone because the target has its own. */
  kept: string[];
  /** `npm install` arguments with the versions this kit is tested with. */
  dependencies: string[];
  devDependencies: string[];
}

function pinned(names: string[]): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const versions = { ...pkg.devDependencies, ...pkg.dependencies };
  return names.map((name) => (versions[name] ? `${name}@${versions[name]}` : name));
}

/**
 * Copy the kit into `target`. Refuses to overwrite the kit's folders there unless `force`.
 *
 * @example const { dependencies } = await copyKit('../my-app');
 */
export async function copyKit(
  target: string,
  options: { force?: boolean } = {},
): Promise<CopyResult> {
  const to = resolve(target);
  if (to === root) throw new Error('The target is this project itself.');
  const clashes = KIT.filter((path) => existsSync(join(to, path)));
  if (clashes.length > 0 && !options.force) {
    throw new Error(`${clashes.join(', ')} already exist in ${to}: pass --force to replace them.`);
  }
  const copied: string[] = [];
  const kept: string[] = [];
  for (const path of [...KIT, ...GENERATOR, ...TEST_SUPPORT]) {
    const from = join(root, path);
    if (!existsSync(from)) continue;
    if (TEST_SUPPORT.includes(path) && existsSync(join(to, path))) {
      kept.push(path);
      continue;
    }
    await mkdir(dirname(join(to, path)), { recursive: true });
    await cp(from, join(to, path), { recursive: true, force: true });
    copied.push(path);
  }
  return { copied, kept, dependencies: pinned(RUNTIME_DEPS), devDependencies: pinned(DEV_DEPS) };
}

async function main() {
  const args = process.argv.slice(2);
  const target = args.find((arg) => !arg.startsWith('-'));
  if (!target || args.includes('--help')) {
    console.log('Usage: npm run kit:copy -- <dir> [--force]');
    process.exit(target ? 0 : 1);
  }
  if (!existsSync(join(resolve(target), 'package.json'))) {
    console.warn(`Note: ${resolve(target)} has no package.json; copying anyway.`);
  }
  const result = await copyKit(target, { force: args.includes('--force') });
  const rel = relative(process.cwd(), resolve(target));
  const where = rel === '' ? '.' : rel.startsWith('..') ? resolve(target) : rel;
  console.log(`Copied into ${where}:\n${result.copied.map((p) => `  ${p}`).join('\n')}`);
  if (result.kept.length > 0) console.log(`Kept the target's own: ${result.kept.join(', ')}`);
  console.log(`
Add the dependencies (the versions the kit is tested with):
  npm install --save-exact ${result.dependencies.join(' ')}
  npm install --save-dev --save-exact ${result.devDependencies.join(' ')}

Then:
  1. Import the loading bar's stylesheet once, in your entry (e.g. src/main.ts):
       import 'nprogress/nprogress.css';
  2. Point the default instance at your API in .env (it defaults to '/api', same origin):
       VITE_API_BASE_URL=https://api.example.com/api
  3. Edit src/request/http.ts (token storage, refresh, expiry) and add your domain modules:
       npx plop api invoice
  tsconfig: "moduleResolution": "bundler" (Vite's default) and "types": ["vite/client"].
  Generated tests run under vitest with setupFiles ['tests/setup/msw.ts'] and
  env { VITE_API_BASE_URL: 'http://api.test/api' } (see this kit's vitest.config.ts).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`kit:copy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

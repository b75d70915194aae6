import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** The api barrel: the app's entries are merged, never reset (see barrel-merge.ts). */
export const BARREL = 'src/api/index.ts';

/** The generator: `npm run gen:api -- <name>` in the app. */
const GENERATOR = ['plopfile.ts', 'plopfile.mjs', 'scripts/generator', 'templates'];

/** What generated tests import, outside src/ (templates/api/test.ts.hbs and mocks.ts.hbs). */
const TEST_SUPPORT = ['tests/setup/msw.ts', 'tests/mocks/shared.ts', 'tests/api/helpers.ts'];

/** The npm scripts the kit's README names, added to the app when it has none of that name. */
export const NPM_SCRIPTS = ['gen:api', 'gen:openapi'];

/** One file the kit ships: its path in the app (posix) and its bytes. */
export interface KitFile {
  path: string;
  content: Buffer;
}

function walk(root: string, path: string, into: Map<string, Buffer>): void {
  const full = join(root, path);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) walk(root, posix.join(path, entry), into);
    return;
  }
  into.set(path, readFileSync(full));
}

/** `tsx scripts/openapi/cli.ts …` → `scripts/openapi` (the folder of a script under scripts/). */
function scriptFolders(root: string, scripts: Record<string, string>): string[] {
  const folders: string[] = [];
  for (const name of NPM_SCRIPTS) {
    for (const word of (scripts[name] ?? '').split(/\s+/)) {
      if (!/^(\.\/)?scripts\/.+\.[cm]?[jt]s$/.test(word)) continue;
      const file = word.replace(/^\.\//, '');
      const folder = dirname(file);
      folders.push(folder === 'scripts' ? file : folder);
    }
  }
  return folders.filter((path) => existsSync(join(root, path)));
}

/** The kit's package.json, as far as kit:copy reads it. */
export interface KitPackage {
  version?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readKitPackage(root: string): KitPackage {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as KitPackage;
}

/**
 * Every file the kit ships, read from this project as it is now: all of src/ (so a new layer
 * such as src/core ships without a change here), the generator with its templates, the scripts
 * named by the npm scripts above, and the test helpers generated tests import.
 */
export function kitFiles(root: string): KitFile[] {
  const files = new Map<string, Buffer>();
  const scripts = readKitPackage(root).scripts ?? {};
  for (const path of ['src', ...GENERATOR, ...scriptFolders(root, scripts), ...TEST_SUPPORT]) {
    walk(root, path, files);
  }
  return [...files].map(([path, content]) => ({ path: path.split(sep).join('/'), content }));
}

/** `relative()` that reads well in a message: `.` for the same folder, absolute when outside. */
export function displayPath(path: string, from: string = process.cwd()): string {
  const rel = relative(from, path);
  if (rel === '') return '.';
  return rel.startsWith('..') ? path : rel;
}

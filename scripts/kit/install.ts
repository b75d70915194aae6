import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { barrelHashes, mergeBarrel } from './barrel-merge';
import { type Dependencies, dependenciesOf } from './dependencies';
import { BARREL, displayPath, type KitFile, kitFiles, readKitPackage } from './files';
import { formatManifest, hashOf, MANIFEST, type Manifest, readManifest } from './manifest';
import { addNpmScripts, type ScriptsMerge } from './npm-scripts';
import { planVitestConfig, VITEST_CONFIG, type VitestPlan } from './vitest-config';

/** Suffix of the kit's new version of a file the app changed, written beside it. */
export const KIT_NEW = '.kit-new';

/** A target the kit will not copy into, or update, with the reason in the message. */
export class KitTargetError extends Error {
  override name = 'KitTargetError';
}

/** What `installKit` did, path by path (paths relative to the app). */
export interface InstallReport {
  app: string;
  /** `copy` for a first copy, `update` when the app had the kit already. */
  mode: 'copy' | 'update';
  /** Kit files the app did not have. */
  added: string[];
  /** Kit files the app had not changed, replaced by the kit's current version. */
  replaced: string[];
  /** Kit files already identical to the kit's current version. */
  unchanged: string[];
  /** Kit files the app changed where the kit's own did not change: left alone. */
  kept: string[];
  /** Kit files the app changed where the kit's changed too: left alone, the new one beside. */
  conflicts: Array<{ path: string; kitNew: string }>;
  /** Kit files the app deleted: not brought back. */
  deleted: string[];
  /** `.kit-new` files an earlier update wrote that are still there (not merged or deleted yet). */
  pending: string[];
  /** Files an earlier version of the kit shipped and this one does not: left in place. */
  retired: string[];
  /** The api barrel's merge (`undefined` when it was simply written or replaced). */
  barrel: { added: string[]; updated: string[]; conflicts: string[] } | undefined;
  scripts: ScriptsMerge;
  vitest: VitestPlan & { written: boolean };
  install: Dependencies;
  /** The file the app is meant to edit (it says "composition root" at its top). */
  compositionRoot: string;
}

/** Why `target` is no app folder to copy into, or `undefined` when it is one. */
function refuseTarget(kitRoot: string, app: string, target: string): string | undefined {
  if (!existsSync(app)) {
    return `${target} does not exist (${app}). Create the app first (e.g. npm create vite@latest), then run this again with its folder; nothing was created.`;
  }
  if (!statSync(app).isDirectory()) return `${target} is a file, not an app folder.`;
  if (app === kitRoot) return 'The target is the kit itself: name your app folder.';
  if (!existsSync(join(app, 'package.json'))) {
    return `${target} has no package.json: is it your app's folder? (run npm init there first if it is).`;
  }
  return undefined;
}

/**
 * Copy the kit into an app (`mode: 'copy'`), or bring a later version of the kit into an app that
 * has it (`mode: 'update'`). Either way nothing the app changed or wrote is overwritten or dropped:
 *
 * - a kit file the app has not changed since the kit shipped it (the manifest, `.axios-api-kit.json`,
 *   records each shipped file's hash) is replaced; one the app deleted is not brought back;
 * - a kit file the app changed is left as it is, and when the kit's version changed too, the new
 *   one is written beside it as `<file>.kit-new` (the report names it);
 * - the api barrel (`src/api/index.ts`) is merged line by line: the app's entries stay;
 * - files the kit never shipped (the app's modules, generated or written by hand) are not touched.
 *
 * A first copy refuses a missing target (it is never created), a folder without package.json, and
 * an app that has the kit already (use `mode: 'update'`, which also adopts a copy made before the
 * manifest existed: every file that differs from the kit then counts as changed by the app).
 *
 * @example const report = installKit(kitRoot, '../my-app', 'update');
 */
export function installKit(
  kitRoot: string,
  target: string,
  mode: 'copy' | 'update',
): InstallReport {
  const app = resolve(target);
  const refusal = refuseTarget(kitRoot, app, target);
  if (refusal) throw new KitTargetError(refusal);

  const files = kitFiles(kitRoot);
  const previous = readManifest(app);
  const hadKit = previous !== undefined || existsSync(join(app, 'src/request'));
  if (mode === 'copy' && hadKit) {
    throw new KitTargetError(
      `${target} has the kit already: run npm run kit:update -- ${target} to take this version (it keeps your changes), or remove the kit's folders first.`,
    );
  }
  if (mode === 'update' && !hadKit) {
    throw new KitTargetError(
      `${target} has no copy of the kit to update (no ${MANIFEST}, no src/request): run npm run kit:copy -- ${target}.`,
    );
  }

  const pkg = readKitPackage(kitRoot);
  const manifest: Manifest = {
    kit: 'axios-api-kit',
    version: pkg.version ?? '',
    files: {},
    barrel: {},
  };
  const report: InstallReport = {
    app,
    mode: previous === undefined && !hadKit ? 'copy' : 'update',
    added: [],
    replaced: [],
    unchanged: [],
    kept: [],
    conflicts: [],
    deleted: [],
    pending: [],
    retired: [],
    barrel: undefined,
    scripts: { added: [], kept: [] },
    vitest: { kind: 'manual', config: '', reason: '', written: false },
    install: dependenciesOf(files, pkg),
    compositionRoot:
      files.find((file) => /composition root/i.test(file.content.subarray(0, 200).toString()))
        ?.path ?? 'src/request/http.ts',
  };

  const write = (path: string, content: Buffer | string) => {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), content);
  };

  /** The three-way decision for one kit file, by hashes: app now, kit then, kit now. */
  const place = (file: KitFile) => {
    const { path, content } = file;
    const now = hashOf(content);
    const shipped = previous?.files[path];
    manifest.files[path] = now;
    const full = join(app, path);
    if (!existsSync(full)) {
      if (shipped !== undefined) report.deleted.push(path);
      else {
        write(path, content);
        report.added.push(path);
      }
      return;
    }
    const mine = hashOf(readFileSync(full));
    if (mine === now) report.unchanged.push(path);
    else if (shipped !== undefined && mine === shipped) {
      write(path, content);
      report.replaced.push(path);
    } else if (shipped !== undefined && shipped === now) {
      report.kept.push(path);
      if (existsSync(full + KIT_NEW)) report.pending.push(path + KIT_NEW);
    } else {
      write(path + KIT_NEW, content);
      report.conflicts.push({ path, kitNew: path + KIT_NEW });
    }
  };

  for (const file of files) {
    if (file.path !== BARREL) place(file);
  }

  // The barrel last: a module new in the kit is added to it only once its file is in the app.
  const kitBarrel = files.find((file) => file.path === BARREL);
  if (kitBarrel) {
    const text = kitBarrel.content.toString('utf8');
    const full = join(app, BARREL);
    manifest.barrel = barrelHashes(text);
    const mine = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (mine === undefined || hashOf(mine) === previous?.files[BARREL]) {
      place(kitBarrel);
    } else {
      manifest.files[BARREL] = hashOf(text);
      const merge = mergeBarrel(mine, text, previous?.barrel, (module) =>
        ['.ts', '/index.ts'].some((ext) => existsSync(join(app, 'src/api', module + ext))),
      );
      if (merge.text !== mine) write(BARREL, merge.text);
      if (merge.conflicts.length > 0) {
        write(BARREL + KIT_NEW, text);
        report.conflicts.push({ path: BARREL, kitNew: BARREL + KIT_NEW });
      } else if (existsSync(full + KIT_NEW)) report.pending.push(BARREL + KIT_NEW);
      report.barrel = merge;
    }
  }

  for (const path of Object.keys(previous?.files ?? {})) {
    if (manifest.files[path] === undefined && path !== VITEST_CONFIG) report.retired.push(path);
  }

  // vitest: the settings generated tests need, written only where the app has no config of its own.
  const owned = previous?.files[VITEST_CONFIG] !== undefined;
  const vitest = planVitestConfig(app, owned);
  report.vitest = { ...vitest, written: false };
  if (vitest.kind === 'write') {
    const before = report.added.length + report.replaced.length;
    place({ path: VITEST_CONFIG, content: Buffer.from(vitest.content) });
    report.vitest.written = report.added.length + report.replaced.length > before;
  }

  report.scripts = addNpmScripts(app, pkg.scripts ?? {});
  writeFileSync(join(app, MANIFEST), formatManifest(manifest));
  return report;
}

/** `src/api/a.ts, src/api/b.ts, plopfile.ts` → `src/api/ (2 files), plopfile.ts`, in order. */
function byFolder(paths: string[]): string[] {
  const folders = new Map<string, number>();
  for (const path of paths) {
    const folder = path.includes('/') ? `${dirname(path)}/` : path;
    folders.set(folder, (folders.get(folder) ?? 0) + 1);
  }
  return [...folders].map(([folder, count]) =>
    folder.endsWith('/') ? `${folder} (${count} file${count === 1 ? '' : 's'})` : folder,
  );
}

/** The report as the command prints it: what changed, what to look at, what to run next. */
export function describeReport(report: InstallReport, target: string): string {
  const where = displayPath(report.app);
  const list = (paths: string[]) => paths.map((path) => `    ${path}`).join('\n');
  const lines: string[] = [];
  if (report.mode === 'copy') {
    lines.push(`Copied the kit into ${where} (${report.added.length} files):`);
    lines.push(list(byFolder(report.added)));
  } else {
    lines.push(`Updated the kit in ${where}:`);
    lines.push(`  replaced ${report.replaced.length} kit files you had not changed`);
    lines.push(`  ${report.unchanged.length} already up to date`);
    if (report.added.length > 0) lines.push(`  added (new in the kit):\n${list(report.added)}`);
  }
  if (report.kept.length > 0) {
    lines.push(`  kept your changes (the kit's version did not change):\n${list(report.kept)}`);
  }
  if (report.conflicts.length > 0 && report.mode === 'copy') {
    // A first copy: these are the app's own files at paths the kit uses, not edits of the kit's.
    lines.push(
      "  your own files where the kit puts its own: kept as they are, the kit's beside each:",
    );
    for (const { path, kitNew } of report.conflicts) lines.push(`    ${path}  →  ${kitNew}`);
    lines.push(
      '  Other kit files import those paths: until you rename yours (and their imports) and move each\n' +
        '  .kit-new in place (or merge it in), the app may not compile.',
    );
  } else if (report.conflicts.length > 0) {
    lines.push(
      "  kept your changes; the kit's new version is beside each (merge what you want, then delete it):",
    );
    for (const { path, kitNew } of report.conflicts) lines.push(`    ${path}  →  ${kitNew}`);
  }
  if (report.pending.length > 0) {
    lines.push(
      `  still to merge (an earlier update wrote them; delete each once merged):\n${list(report.pending)}`,
    );
  }
  if (report.deleted.length > 0) {
    lines.push(`  not brought back (you deleted them):\n${list(report.deleted)}`);
  }
  if (report.retired.length > 0) {
    lines.push(
      `  no longer in the kit, left in place (delete them once nothing imports them):\n${list(report.retired)}`,
    );
  }
  if (report.barrel) {
    const { added, updated } = report.barrel;
    const what = [
      'kept your entries',
      ...(added.length > 0 ? [`added ${added.join(', ')}`] : []),
      ...(updated.length > 0 ? [`updated ${updated.join(', ')}`] : []),
    ];
    lines.push(`  ${BARREL}: ${what.join('; ')}`);
  }
  if (report.scripts.added.length > 0) {
    lines.push(`  npm scripts added to package.json: ${report.scripts.added.join(', ')}`);
  }
  for (const { name, app, kit } of report.scripts.kept) {
    lines.push(`  kept your npm script ${name} ("${app}"); the kit's is "${kit}"`);
  }
  if (report.vitest.kind === 'write') {
    if (report.vitest.written) {
      lines.push(`  ${VITEST_CONFIG}: written (msw's setup file and the test base URL)`);
    }
  } else {
    lines.push(`  vitest: ${report.vitest.reason} (${report.vitest.config}), left as it is.
    For the generated tests, merge into its test section:
      setupFiles: ['tests/setup/msw.ts'],
      env: { VITE_API_BASE_URL: 'http://api.test/api' },`);
    if (report.vitest.include) {
      lines.push(
        "      include: ['tests/**/*.test.ts'],   (beside your own patterns: the generated tests are in tests/api)",
      );
    }
  }
  lines.push(`  recorded what the kit shipped in ${MANIFEST} (keep it: kit:update reads it)`);

  const { dependencies, devDependencies } = report.install;
  lines.push(`
Add the dependencies (the versions the kit is tested with):
  npm install --save-exact ${dependencies.join(' ')}
  npm install --save-dev --save-exact ${devDependencies.join(' ')}`);
  if (report.mode === 'copy') {
    lines.push(`
Then:
  1. Import the loading bar's stylesheet once, in your entry (e.g. src/main.ts):
       import 'nprogress/nprogress.css';
  2. Point the default instance at your API in .env (it defaults to '/api', same origin):
       VITE_API_BASE_URL=https://api.example.com/api
  3. Edit the composition root, ${report.compositionRoot} (token storage, refresh, expiry), and add
     your domain modules: npm run gen:api -- invoice   (its test: npx vitest run)
  4. Delete the example modules you do not need (src/api/job.ts, feed.ts) with their line in
     src/api/index.ts.
  tsconfig: "moduleResolution": "bundler" (Vite's default) and "types": ["vite/client"].
  Later, take a newer kit with: npm run kit:update -- ${target}`);
  }
  return lines.join('\n');
}

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addToBarrel } from '../generator/barrel';
import { GeneratorInputError } from '../generator/errors';
import { exportedNames } from '../generator/plan';
import { header, writtenFrom } from './header';

/** What writing the files did, path by path (relative to the project root). */
export interface WriteResult {
  written: string[];
  unchanged: string[];
}

/**
 * Check every file before writing any: a file that exists and was not written by the generator
 * (or was, from another document) is never overwritten, and no new export may clash through the
 * barrel with another module of the folder. Then write what changed and add the modules to the
 * barrel (created, marked, when the output folder has none).
 * @throws GeneratorInputError listing every problem; nothing is written then.
 */
export function writeFiles(
  root: string,
  title: string,
  files: Map<string, string>,
  /** Files shared by every document (the test support): written whatever document wrote them. */
  common: Set<string>,
  barrel: { path: string; entries: string[] },
  modulePaths: string[],
): WriteResult {
  const problems: string[] = [];
  const changes = new Map<string, string>();
  const unchanged: string[] = [];
  for (const [path, content] of files) {
    const file = join(root, path);
    if (!existsSync(file)) {
      changes.set(path, content);
      continue;
    }
    const existing = readFileSync(file, 'utf8');
    if (existing === content) {
      unchanged.push(path);
      continue;
    }
    const from = writtenFrom(existing);
    if (from === undefined) {
      problems.push(`${path} exists and was not written by gen:openapi: it is never overwritten`);
    } else if (from !== title && !common.has(path)) {
      problems.push(`${path} was generated from another document (${JSON.stringify(from)})`);
    } else {
      changes.set(path, content);
    }
  }

  problems.push(...exportClashes(root, files, modulePaths, barrel.path));

  const barrelFile = join(root, barrel.path);
  const before = existsSync(barrelFile) ? readFileSync(barrelFile, 'utf8') : header(title);
  const after = barrel.entries.reduce((source, entry) => addToBarrel(source, entry), before);
  if (problems.length > 0) {
    throw new GeneratorInputError(
      `Nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Write into a folder of its own with --out src/api/<folder>, or move those files away.',
    );
  }
  if (after !== before || !existsSync(barrelFile)) changes.set(barrel.path, after);
  else unchanged.push(barrel.path);

  for (const [path, content] of changes) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { written: [...changes.keys()], unchanged };
}

// The barrel re-exports every module with `export *`: two of them exporting one name is a
// TypeScript error in the barrel, far from its cause.
function exportClashes(
  root: string,
  files: Map<string, string>,
  modulePaths: string[],
  barrelPath: string,
): string[] {
  const dir = dirname(barrelPath);
  const ours = new Map<string, string>();
  for (const path of modulePaths) {
    for (const name of exportedNames(files.get(path) ?? '')) ours.set(name, path);
  }
  const problems: string[] = [];
  if (!existsSync(join(root, dir))) return problems;
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const path = `${dir}/${entry}`;
    if (!/\.tsx?$/.test(entry) || /\.d\.ts$/.test(entry) || path === barrelPath) continue;
    if (files.has(path)) continue;
    const source = readFileSync(join(root, path), 'utf8');
    for (const name of exportedNames(source)) {
      const clash = ours.get(name);
      if (clash) problems.push(`${clash} would export "${name}", which ${path} already exports`);
    }
  }
  return problems;
}

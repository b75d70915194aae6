import { builtinModules } from 'node:module';
import type { KitFile, KitPackage } from './files';

// `from 'x'`, `import 'x'`, `import('x')`, with whether the statement is type-only.
const IMPORT =
  /\b(import|export)(\s+type\b)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/** The `npm install` arguments the app needs, with the versions the kit is tested with. */
export interface Dependencies {
  dependencies: string[];
  devDependencies: string[];
}

/**
 * The packages the shipped files import, read from the files themselves: a value import in src/
 * is a runtime dependency; the generator, its templates, the test helpers and type-only imports
 * need dev dependencies (with `@types/<name>` where the kit uses one).
 */
export function dependenciesOf(files: KitFile[], pkg: KitPackage): Dependencies {
  const runtime = new Set<string>();
  const dev = new Set<string>();
  for (const file of files) {
    if (!/\.([cm]?[jt]s|hbs)$/.test(file.path)) continue;
    const inApp = file.path.startsWith('src/');
    // Comments out first: a JSDoc example may name a package the kit itself does not import.
    const code = file.content
      .toString('utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(IMPORT)) {
      const name = packageOf(match[3] ?? match[4] ?? '');
      if (name === undefined) continue;
      (inApp && match[2] === undefined ? runtime : dev).add(name);
    }
  }
  // vitest.config.ts (written by kit:copy) imports vitest; the generator runs plopfile.ts with tsx.
  for (const name of ['vitest', 'tsx', 'plop']) dev.add(name);
  const versions = { ...pkg.devDependencies, ...pkg.dependencies };
  for (const name of [...runtime, ...dev]) {
    if (pkg.devDependencies?.[`@types/${name}`]) dev.add(`@types/${name}`);
  }
  for (const name of runtime) dev.delete(name);
  const pinned = (names: Set<string>) =>
    [...names]
      .filter((name) => versions[name] !== undefined)
      .sort()
      .map((name) => `${name}@${versions[name]}`);
  return { dependencies: pinned(runtime), devDependencies: pinned(dev) };
}

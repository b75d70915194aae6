import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Lay `source` out with the project's own Biome (format, imports sorted, safe fixes), as if it were
 * `path`; unchanged when the project has no Biome. Formatting in memory lets a re-run compare the
 * result with what is on disk before writing anything.
 * @throws Error with Biome's output when it cannot read the source.
 */
export function formatSource(root: string, path: string, source: string): string {
  const biome = biomeBin(root);
  if (!biome) return source;
  const result = spawnSync(
    biome.command,
    [...biome.args, 'check', '--write', '--diagnostic-level=error', `--stdin-file-path=${path}`],
    { cwd: root, input: source, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0 || result.stdout === '') {
    throw new Error(
      `biome could not format the generated ${path}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

interface BiomeCommand {
  command: string;
  args: string[];
}

const bins = new Map<string, BiomeCommand | undefined>();

function biomeBin(root: string): BiomeCommand | undefined {
  if (!bins.has(root)) {
    let found: BiomeCommand | undefined;
    try {
      const wrapper = createRequire(join(root, 'package.json')).resolve('@biomejs/biome/bin/biome');
      // The npm wrapper starts a Node process (and runs `ldd`) only to find the platform's binary:
      // a generated module is several files, so go to that binary straight away when it is there.
      const native = nativeBinary(wrapper);
      found = native
        ? { command: native, args: [] }
        : { command: process.execPath, args: [wrapper] };
    } catch {
      found = undefined;
    }
    bins.set(root, found);
  }
  return bins.get(root);
}

/** The platform package's binary next to `@biomejs/biome` (glibc or musl), or `undefined`. */
function nativeBinary(wrapper: string): string | undefined {
  if (process.env.BIOME_BINARY) return process.env.BIOME_BINARY;
  const require = createRequire(wrapper);
  const exe = process.platform === 'win32' ? 'biome.exe' : 'biome';
  let name = `@biomejs/cli-${process.platform}-${process.arch}`;
  // As the wrapper decides: Linux without glibc is musl (Alpine), which has its own package.
  if (process.platform === 'linux' && !glibc()) name += '-musl';
  try {
    return require.resolve(`${name}/${exe}`);
  } catch {
    // Not installed for this platform: the wrapper will say so.
  }
  return undefined;
}

function glibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return typeof report?.header?.glibcVersionRuntime === 'string';
}

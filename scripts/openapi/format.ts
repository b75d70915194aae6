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
    process.execPath,
    [biome, 'check', '--write', '--diagnostic-level=error', `--stdin-file-path=${path}`],
    { cwd: root, input: source, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0 || result.stdout === '') {
    throw new Error(
      `biome could not format the generated ${path}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

const bins = new Map<string, string | undefined>();

function biomeBin(root: string): string | undefined {
  if (!bins.has(root)) {
    try {
      bins.set(root, createRequire(join(root, 'package.json')).resolve('@biomejs/biome/bin/biome'));
    } catch {
      bins.set(root, undefined);
    }
  }
  return bins.get(root);
}

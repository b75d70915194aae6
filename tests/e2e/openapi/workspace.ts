import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What the generated modules, mocks and tests import from the kit, outside the output folders. */
const KIT_FILES = ['src', 'tests/mocks/shared.ts', 'tests/setup/msw.ts', 'tests/api/helpers.ts'];

/**
 * A throw-away project for generated modules: a folder inside the repository (so `node_modules`
 * and Biome resolve from it, with nothing copied or linked) holding a copy of `src/` and the test
 * helpers the generated tests import, a tsconfig and a vitest config of its own. The repository's
 * own tsconfig, vitest projects and Biome run leave it out (`.gen-workspace-*`).
 */
export class GeneratedWorkspace {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(ROOT, '.gen-workspace-'));
    for (const path of KIT_FILES) {
      mkdirSync(join(this.dir, path, '..'), { recursive: true });
      cpSync(join(ROOT, path), join(this.dir, path), { recursive: true });
    }
    writeFileSync(
      join(this.dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', include: ['src', 'tests'] }),
    );
    // One worker, modules shared between files: msw, zod and axios load once for every
    // generated test instead of once per file (several times faster on a busy machine).
    writeFileSync(
      join(this.dir, 'vitest.config.ts'),
      [
        "import { defineConfig } from 'vitest/config';",
        'export default defineConfig({',
        '  test: {',
        "    include: ['tests/api/**/*.test.ts'],",
        "    setupFiles: ['tests/setup/msw.ts'],",
        "    env: { VITE_API_BASE_URL: 'http://api.test/api' },",
        "    pool: 'threads',",
        '    isolate: false,',
        '    maxWorkers: 1,',
        '  },',
        '});',
        '',
      ].join('\n'),
    );
  }

  /** `tsc --noEmit` over the workspace (the kit's copy and everything generated into it). */
  typecheck(): Promise<Run> {
    return run(this.dir, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']);
  }

  /** One `vitest run` over every generated test of the workspace. */
  test(): Promise<Run> {
    return run(this.dir, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run']);
  }

  /** The absolute path of a file in the workspace. */
  path(relative: string): string {
    return join(this.dir, relative);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A finished child process: its exit status and everything it printed. */
export interface Run {
  status: number | null;
  output: string;
}

// Vitest's and Vite's own variables would make the child think it runs inside this test.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(VITEST|VITE_|NODE_ENV$|TEST$)/.test(key)),
);

function run(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Bounded: a hung child fails the test instead of holding the run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

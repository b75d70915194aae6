import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file kit:copy writes when the app has no vitest configuration of its own. */
export const VITEST_CONFIG = 'vitest.config.ts';

/** The base URL the generated tests' msw handlers answer on (tests/mocks/shared.ts `API_BASE`). */
const TEST_API_BASE = 'http://api.test/api';

const EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];

/** What the generated tests need from vitest, as the lines to add to a config by hand. */
export const VITEST_SETTINGS = `test: {
  setupFiles: ['tests/setup/msw.ts'],
  env: { VITE_API_BASE_URL: '${TEST_API_BASE}' },
}`;

/** How the app gets the settings its generated tests need. */
export type VitestPlan =
  | { kind: 'write'; content: string }
  | {
      kind: 'manual';
      config: string;
      reason: string;
      /** The config lists its own test files (`include`), which leave out tests/api's. */
      include?: boolean;
    };

function find(app: string, base: string): string | undefined {
  return EXTENSIONS.map((ext) => `${base}.${ext}`).find((file) => existsSync(join(app, file)));
}

/**
 * Decide how the app's `npx vitest run` gets msw's setup file and an absolute
 * `VITE_API_BASE_URL` (the default `http` cannot resolve `/api` under Node):
 * - no config at all: a vitest.config.ts with the two settings;
 * - a vite.config.* without a `test` section (Vite's templates): a vitest.config.ts that merges
 *   the two settings over it (vitest reads vitest.config.* instead of vite.config.*, so the
 *   app's plugins must come along);
 * - the app's own vitest configuration (`owned`: not written by kit:copy): left alone, and the
 *   output says what to add.
 *
 * @param owned whether `vitest.config.ts` in the app is the one kit:copy wrote (in its manifest)
 */
export function planVitestConfig(app: string, owned: boolean): VitestPlan {
  const vitest = find(app, 'vitest.config');
  const include = (file: string) => /\binclude\s*:/.test(readFileSync(join(app, file), 'utf8'));
  if (vitest && !(vitest === VITEST_CONFIG && owned)) {
    return {
      kind: 'manual',
      config: vitest,
      reason: 'the app has its own vitest configuration',
      include: include(vitest),
    };
  }
  const vite = find(app, 'vite.config');
  if (vite && /\btest\s*:/.test(readFileSync(join(app, vite), 'utf8'))) {
    return {
      kind: 'manual',
      config: vite,
      reason: 'the app configures vitest in its Vite config',
      include: include(vite),
    };
  }
  const settings = `{
    setupFiles: ['tests/setup/msw.ts'],
    // The default \`http\` needs an absolute base URL under Node; the generated mocks answer here.
    env: { VITE_API_BASE_URL: '${TEST_API_BASE}' },
  }`;
  const header = `// Written by axios-api-kit's kit:copy: what the generated tests (tests/api) need.
// Yours to edit: kit:update never overwrites a change you make here.
`;
  if (!vite) {
    return {
      kind: 'write',
      content: `${header}import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: ${settings},
});
`,
    };
  }
  return {
    kind: 'write',
    content: `${header}// vitest reads this file instead of ${vite}, so it extends that one.
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './${vite}';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: ${settings.replace(/\n/g, '\n  ')},
  }),
);
`,
  };
}

// The size guard: the pages of bench/bundle.ts built with esbuild and Vite, each held to a byte
// budget (gzip of what the page loads at once). A budget, not a timing: it fails when a change
// makes a page grow past it, whatever the machine. webpack is measured by `npm run bench` only:
// one webpack build takes 20–45 s here, too slow for every CI run.
// When a page grows on purpose, raise its budget here and say why in the commit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BundleSize, measureBundles } from '../../bench/bundle';

/**
 * Bytes of gzip per page and bundler: the size measured when the budget was set
 * plus about 1 KB of headroom (esbuild page 60,544, page-realtime 69,263; Vite
 * 57,373 and 64,796 at a136513 with axios 1.21.1, zod 4.6.7, nprogress 0.2.0).
 */
const BUDGETS: Record<'esbuild' | 'vite', Record<string, number>> = {
  esbuild: { page: 61_600, 'page-realtime': 70_300 },
  vite: { page: 58_400, 'page-realtime': 65_800 },
};

// Inside the project, so that the entries resolve axios and zod as a page of the app does; apart
// from the directory a bench run builds in.
const dir = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'axios-api-kit-size');

describe.each(['esbuild', 'vite'] as const)('bundle budget under %s', (bundler) => {
  let built: BundleSize[] | undefined;
  const sizes = async () => {
    built ??= await measureBundles(() => undefined, [bundler], Object.keys(BUDGETS[bundler]), dir);
    return built;
  };

  it.each(Object.entries(BUDGETS[bundler]))(
    '%s stays within %i bytes gzip',
    async (key, budget) => {
      const size = (await sizes()).find((b) => b.key === key);
      expect(size?.error).toBeUndefined();
      expect(size?.gzip).toBeGreaterThan(0);
      expect(size!.gzip!).toBeLessThanOrEqual(budget);
    },
    60_000,
  );
});

// The size guard: the pages of bench/bundle.ts built with esbuild, Vite and webpack 5, each held to
// a byte budget (gzip of what the page loads at once). A budget, not a timing: it fails when a
// change makes a page grow past it under any of the three, whatever the machine. webpack is the
// slow one (10–45 s a build here), hence its longer timeout.
// When a page grows on purpose, raise its budget here and say why in the commit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BundleSize, measureBundles } from '../../bench/bundle';

/**
 * Bytes of gzip per page and bundler: the size measured when the budget was set plus headroom
 * (`npm run bench -- --only=bundle`, axios 1.21.1, zod 4.6.7, nprogress 0.2.0, package.json
 * without "sideEffects", as a copied app has it). The typical page at 0332ffc plus the `size:`
 * commits: esbuild 62,076, Vite 58,469, webpack 58,436 (budgets about 0.5 KB above; 0332ffc's one deadline
 * timer added about 0.45 KB, the size commits took off 0.14–0.29 KB). The page with SSE
 * and a socket once the kit parses SSE itself (s6-rtsize on ca0aa5d, `npm run bench:quick --
 * --only=bundle`): esbuild 69,416, Vite 64,759, webpack 66,515 (plus ~1 KB).
 */
const BUDGETS: Record<'esbuild' | 'vite' | 'webpack', Record<string, number>> = {
  esbuild: { page: 62_600, 'page-realtime': 70_400 },
  vite: { page: 59_000, 'page-realtime': 65_800 },
  webpack: { page: 59_000, 'page-realtime': 67_500 },
};

// Inside the project, so that the entries resolve axios and zod as a page of the app does; apart
// from the directory a bench run builds in.
const dir = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'axios-api-kit-size');

describe.each(['esbuild', 'vite', 'webpack'] as const)('bundle budget under %s', (bundler) => {
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
    bundler === 'webpack' ? 240_000 : 90_000,
  );
});

import { defineConfig } from 'vitest/config';

/**
 * Three projects, because msw in a process also intercepts requests to real loopback servers:
 * - unit: msw-backed tests (and type tests), one msw server started in tests/setup/msw.ts
 * - integration: real node:http / ws servers on 127.0.0.1 (tests/integration, tests/faults), no msw
 * - e2e: the real browser, the generator and the copy-into-an-app check (slow, run one file at a time)
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/integration/**', 'tests/faults/**', 'tests/e2e/**', 'node_modules/**'],
          setupFiles: ['tests/setup/msw.ts'],
          // The default `http` instance needs an absolute baseURL under Node (msw matches on it).
          env: { VITE_API_BASE_URL: 'http://api.test/api' },
          typecheck: {
            enabled: true,
            include: ['tests/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/faults/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

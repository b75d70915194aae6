import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/** Where the demo page lives (Vite's root). */
export const demoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Options of `demoViteConfig`. */
export interface DemoViteOptions {
  /** The demo backend, e.g. `http://127.0.0.1:3001`: `/api` (WebSocket and socket.io at /api/socket.io included) is proxied to it. */
  apiTarget: string;
  /** Port of the page. @default 5173 */
  port?: number;
  /** Where `vite build` writes the page. @default <repo>/dist/demo */
  outDir?: string;
}

/**
 * The page's Vite config. `/api` is proxied to the backend, so the page and the API share an
 * origin: the kit's token goes to a same-origin baseURL (`/api`) and no CORS is involved.
 */
export function demoViteConfig(options: DemoViteOptions): UserConfig {
  const proxy = { '/api': { target: options.apiTarget, ws: true } };
  return {
    root: demoRoot,
    clearScreen: false,
    // Pre-bundled up front, so the first visit does not trigger a reload after discovery.
    optimizeDeps: {
      include: ['axios', 'zod', 'nprogress', 'socket.io-client'],
    },
    server: { host: '127.0.0.1', port: options.port ?? 5173, strictPort: true, proxy },
    preview: { host: '127.0.0.1', port: options.port ?? 4173, strictPort: true, proxy },
    build: {
      outDir: options.outDir ?? fileURLToPath(new URL('../dist/demo', import.meta.url)),
      emptyOutDir: true,
    },
  };
}

// `npx vite --config demo/vite.config.ts` works too (the backend must already run on DEMO_API_PORT).
export default defineConfig(
  demoViteConfig({
    apiTarget: `http://127.0.0.1:${process.env.DEMO_API_PORT ?? 3001}`,
    port: Number(process.env.DEMO_PORT ?? 5173),
  }),
);

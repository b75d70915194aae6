/**
 * `npm run demo`: the in-memory backend and the page (Vite, with /api proxied to the backend).
 * Ports: DEMO_API_PORT (default 3001) and DEMO_PORT (default 5173). Ctrl-C stops both.
 */
import { createServer, type ViteDevServer } from 'vite';
import { DEFAULT_API_PORT, type DemoServer, startDemoServer } from './server';
import { demoViteConfig } from './vite.config';

const apiPort = Number(process.env.DEMO_API_PORT ?? DEFAULT_API_PORT);
const pagePort = Number(process.env.DEMO_PORT ?? 5173);

function portTaken(error: unknown): boolean {
  const err = error as NodeJS.ErrnoException;
  return err.code === 'EADDRINUSE' || /already in use/i.test(String(err.message));
}

async function main() {
  let api: DemoServer | undefined;
  let vite: ViteDevServer | undefined;
  const stop = async (code: number) => {
    await vite?.close();
    await api?.close();
    process.exit(code);
  };

  try {
    api = await startDemoServer({ port: apiPort });
  } catch (error) {
    console.error(
      portTaken(error)
        ? `Port ${apiPort} (the demo API) is already in use. Free it, or run: DEMO_API_PORT=3101 npm run demo`
        : `The demo API could not start: ${String(error)}`,
    );
    process.exit(1);
  }

  try {
    vite = await createServer({
      configFile: false,
      ...demoViteConfig({ apiTarget: api.url, port: pagePort }),
    });
    await vite.listen();
  } catch (error) {
    console.error(
      portTaken(error)
        ? `Port ${pagePort} (the demo page) is already in use. Free it, or run: DEMO_PORT=5273 npm run demo`
        : `The demo page could not start: ${String(error)}`,
    );
    await stop(1);
    return;
  }

  const url = `http://127.0.0.1:${pagePort}/`;
  console.log(
    `\n  axios-api-kit demo\n\n  Page:  ${url}\n  API:   ${api.url}/api  (sign in with demo / demo)\n\n  Ctrl-C stops both.\n`,
  );
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}

void main();

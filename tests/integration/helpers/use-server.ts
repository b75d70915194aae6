import { afterEach } from 'vitest';
import { type Handler, startServer } from '../realtime-server';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * A `serve(handler)` for a test file: it starts a loopback server with that handler, and the
 * server is closed after each test. Call it once, at the top level of the file.
 * @example const serve = useServer(); … const s = await serve((_req, res) => res.end('ok'));
 */
export function useServer(): (handler: Handler) => Promise<Server> {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (handler) => {
    server = await startServer(handler);
    return server;
  };
}

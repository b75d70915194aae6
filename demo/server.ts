/**
 * The demo backend: a real node:http server on 127.0.0.1, everything in memory.
 *
 *   npx tsx demo/server.ts            # alone, on DEMO_API_PORT (default 3001)
 *   npm run demo                      # with the page (demo/run.ts)
 *
 * Routes (every one except auth/login, auth/refresh, stream, fail/*, slow and the socket needs a token):
 *   POST /api/auth/login {username, password}   tokens (demo / demo; a JWT access token that lives 20 s)
 *   POST /api/auth/refresh {refreshToken}       new tokens (rotated: a refresh token used twice revokes the session)
 *   POST /api/auth/expire                       demo only: expire the caller's token now
 *   GET  /api/auth/me                           the signed-in user
 *   GET  /api/users?page&pageSize&search&role   POST /api/users   GET|PATCH|PUT|DELETE /api/users/:id
 *   POST /api/jobs {kind, options}              GET /api/jobs/:id (queued → running → done | failed)
 *   GET  /api/feed?cursor&wait                  long-poll: held until an event or 10 s
 *   GET  /api/events                            SSE ticks with ids and `retry:`; honours Last-Event-ID
 *   GET  /api/stream?delay                      chunked text, a sentence every 350 ms
 *   POST /api/chat/completions?simulate         OpenAI-style chat stream (SSE) from a fake model; rate-limit → 429
 *   POST /api/attachments (multipart)          an upload (up to 8 MB); answers its size and SHA-256
 *   GET  /api/exports/users?month&include      CSV named 用户列表-<month>.csv (filename*=UTF-8''); include=deleted → 403 JSON
 *   WS   /api/socket                            { name, data: [...] }: chat echo, ping → pong
 *   socket.io /api/socket.io                    `time` every second, `aaa` acked; handshake auth { token }
 *   GET  /api/fail/404 | 500 | business | malformed, GET /api/slow?ms   failures on purpose
 *   GET  /api/openapi.json                      this backend's OpenAPI 3.1 document (demo/backend/openapi.ts)
 * Bodies in and out are checked with the kit's zod schemas (src/api), so the two cannot drift.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Ctx, HttpFailure, sendJson } from './backend/respond';
import { createRoutes } from './backend/routes';
import { createChatSocket } from './backend/socket';
import { attachSocketIo, SOCKET_IO_PATH } from './backend/socketio';
import { type DemoOptions, DemoState } from './backend/state';

export type { DemoOptions } from './backend/state';

/** Options of `startDemoServer`. */
export interface DemoServerOptions extends DemoOptions {
  /** Port to listen on; 0 picks a free one. @default 3001 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Where the one-line-per-request log goes; `false` for none. @default console.log */
  log?: false | ((line: string) => void);
}

/** A running demo backend. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>` (the API lives under `/api`). */
  url: string;
  port: number;
  /** Open WebSocket and socket.io connections: a test closing its browser waits for none. */
  sockets(): number;
  /** Stop listening and end every held request, stream and socket. */
  close(): Promise<void>;
}

export const DEFAULT_API_PORT = 3001;

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

function clock() {
  return new Date().toISOString().slice(11, 23);
}

/**
 * Start the demo backend. Rejects with the listen error (`code: 'EADDRINUSE'` when the port is taken).
 *
 * @example const api = await startDemoServer({ port: 0, log: false }); … await api.close();
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const log = options.log === false ? () => {} : (options.log ?? ((line) => console.log(line)));
  const state = new DemoState(options);
  const routes = createRoutes(state).map((route) => ({ ...route, ...compile(route.path) }));
  const socket = createChatSocket((line) => log(`${clock()} ${line}`));

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('close', () => {
      const status = res.writableFinished ? res.statusCode : `${res.statusCode} (client left)`;
      log(
        `${clock()} ${req.method} ${url.pathname}${url.search} ${status} ${Date.now() - started}ms`,
      );
    });
    // Open to other origins, so a page served elsewhere (VITE_API_BASE_URL) can call it too.
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    try {
      let pathMatched = false;
      for (const route of routes) {
        const match = route.regex.exec(url.pathname);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== req.method) continue;
        const params = Object.fromEntries(
          route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)]),
        );
        const ctx: Ctx = { req, res, url, params };
        await route.handler(ctx);
        return;
      }
      throw pathMatched
        ? new HttpFailure(405, `${req.method} is not allowed on ${url.pathname}`)
        : new HttpFailure(404, `No route for ${req.method} ${url.pathname}`);
    } catch (error) {
      const failure =
        error instanceof HttpFailure
          ? error
          : new HttpFailure(500, 'Internal error in the demo server');
      // Failures on purpose are answered quietly; a bug (or a response off its schema) is logged.
      if (!(error instanceof HttpFailure)) log(`${clock()} ${String(error)}`);
      else if (failure.extra.issues && failure.status === 500) {
        log(`${clock()} ${failure.message}: ${JSON.stringify(failure.extra.issues)}`);
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, failure.status, { message: failure.message, ...failure.extra });
    }
  });

  const socketIo = attachSocketIo(
    server,
    state.sessions,
    (line) => log(`${clock()} ${line}`),
    state.options.tickIntervalMs,
  );

  server.on('upgrade', (req, duplex, head) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    // socket.io answers its own upgrades.
    if (pathname.startsWith(`${SOCKET_IO_PATH}/`)) return;
    if (pathname !== '/api/socket') {
      duplex.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    log(`${clock()} WS upgrade ${pathname}`);
    socket.upgrade(req, duplex, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_API_PORT, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    state.stop();
    socket.close();
    socketIo.close();
    throw error;
  });

  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    sockets: () => socket.connections() + socketIo.connections(),
    close: () =>
      new Promise<void>((resolve) => {
        state.stop();
        socket.close();
        socketIo.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `tsx demo/server.ts`: listen on DEMO_API_PORT until Ctrl-C. */
async function main() {
  const port = Number(process.env.DEMO_API_PORT ?? DEFAULT_API_PORT);
  try {
    const api = await startDemoServer({ port });
    console.log(`Demo API on ${api.url}/api (sign in with demo / demo). Ctrl-C stops it.`);
    const stop = () => void api.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `Port ${port} is already in use. Stop what uses it, or pick another: DEMO_API_PORT=3101`,
      );
    } else {
      console.error('The demo API could not start:', error);
    }
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

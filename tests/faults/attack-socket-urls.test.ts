import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketIo, type Socket } from '../../src/realtime';
import { createHttp, isApiError } from '../../src/request';
import { startSocketIoServer } from '../integration/socket-io-server';

const TOKEN = 'tok-socket-url-secret';
type Server = Awaited<ReturnType<typeof startSocketIoServer>>;
const servers: Server[] = [];
const sockets: Socket[] = [];
const realLocation = Object.getOwnPropertyDescriptor(globalThis, 'location');

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  if (realLocation) Object.defineProperty(globalThis, 'location', realLocation);
  else Reflect.deleteProperty(globalThis, 'location');
});

/** A page served from `origin` (socket.io-client and the kit both read `location`). */
function onPage(origin: string) {
  Object.defineProperty(globalThis, 'location', {
    value: new URL('/app/', origin),
    configurable: true,
    writable: true,
  });
}

describe('createSocketIo judges the URL socket.io will really connect to', () => {
  // socket.io-client reads a URL without a scheme as a host ('evil.com/x' → https://evil.com),
  // where a URL parser reads it as a path on the page's origin.
  it('a scheme-less host never gets the handshake token', async () => {
    const api = await startSocketIoServer({});
    const foreign = await startSocketIoServer({});
    servers.push(api, foreign);
    onPage(api.url);
    const http = createHttp({ baseURL: '/api', loading: false, auth: { getToken: () => TOKEN } });
    const foreignPort = new URL(foreign.url).port;
    const apiPort = new URL(api.url).port;
    for (const url of [
      `127.0.0.1:${foreignPort}`,
      `127.0.0.1:${foreignPort}/`,
      // socket.io's own URL parser reads `127.0.0.1:<api>\\` as userinfo, a URL parser as the host.
      `http://127.0.0.1:${apiPort}\\@127.0.0.1:${foreignPort}/`,
    ]) {
      let socket: Socket | undefined;
      try {
        socket = createSocketIo(url, { io, http, ioOptions: { transports: ['websocket'] } });
        sockets.push(socket);
      } catch (error) {
        expect(isApiError(error) && error.kind).toBe('validation');
      }
      // Either refused, or connected where the kit judged (the page's origin): never the foreign one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket?.close();
    }
    expect(foreign.state.handshakes).not.toContain(TOKEN);
  });
});

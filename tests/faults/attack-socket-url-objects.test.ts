import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSocket, createSocketIo } from '../../src/realtime';
import { startSocketIoServer } from '../integration/socket-io-server';
import { kit, useOracle } from './helpers/oracle';
import { startServer, until } from './helpers/servers';

useOracle();

// JavaScript callers pass a URL object where a string is typed (WebSocket and io() take one).
describe('a URL object as a socket address', () => {
  it('createSocket(new URL(…)) connects to its href', async () => {
    const server = await startServer();
    let connected = 0;
    server.ws().on('connection', () => {
      connected += 1;
    });
    const errors: unknown[] = [];
    const url = new URL(`ws://127.0.0.1:${server.port}/ws`) as unknown as string;
    const socket = createSocket(url, {
      WebSocket: WebSocket as never,
      onError: (e) => errors.push(e),
    });
    await until(() => connected === 1 || errors.length > 0, 'a connection or an error');
    socket.close();
    expect(errors).toEqual([]);
    expect(connected).toBe(1);
  });

  it('createSocket({ http }) with a URL function that returns a URL object connects to it', async () => {
    const server = await startServer();
    const seen: string[] = [];
    server.ws().on('connection', (_client, req) => seen.push(req.url ?? ''));
    const http = kit({ baseURL: server.origin, auth: { getToken: () => 'tok' } });
    const errors: unknown[] = [];
    const socket = createSocket(
      (token) => new URL(`ws://127.0.0.1:${server.port}/ws?token=${token}`) as unknown as string,
      { WebSocket: WebSocket as never, http, onError: (e) => errors.push(e) },
    );
    await until(() => seen.length === 1 || errors.length > 0, 'a connection or an error');
    socket.close();
    expect(errors).toEqual([]);
    expect(seen).toEqual(['/ws?token=tok']);
  });

  it('createSocketIo(new URL(…)) connects to its href with the session token', async () => {
    const server = await startSocketIoServer({});
    try {
      const http = kit({ baseURL: server.url, auth: { getToken: () => 'tok' } });
      const url = new URL(server.url) as unknown as string;
      const socket = createSocketIo(url, { io, http, ioOptions: { transports: ['websocket'] } });
      await until(() => server.state.connections === 1, 'the connection');
      socket.close();
      expect(server.state.handshakes).toEqual(['tok']);
    } finally {
      await server.close();
    }
  });
});

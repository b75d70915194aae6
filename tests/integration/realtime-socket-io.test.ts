import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createSocketIo, type Socket, type SocketIoOptions } from '../../src/realtime';
import { type ApiError, activeTimerCount, createHttp, type Http } from '../../src/request';
import { waitFor } from './realtime-server';
import { type HandshakeRule, startSocketIoServer } from './socket-io-server';

const events = {
  time: z.tuple([z.number()]),
  aaa: z.tuple([z.number(), z.number(), z.number()]),
  slow: z.tuple([z.string()]),
};
const acks = {
  aaa: z.tuple([z.array(z.number())]),
  slow: z.tuple([z.string()]),
};

type Server = Awaited<ReturnType<typeof startSocketIoServer>>;
let server: Server | undefined;
const sockets: Socket<typeof events, typeof acks>[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.close();
  server = undefined;
});

/** An instance on the server's origin whose token lives in `store`; refresh stores the new one. */
function client(url: string, token: string | null = 'old') {
  const store = { token };
  const onExpired = vi.fn<(error: ApiError) => void>();
  const http: Http = createHttp({
    baseURL: url,
    loading: false,
    retry: false,
    auth: {
      getToken: () => store.token,
      refresh: async () => {
        const { data } = await http.post('/auth/refresh', {}, { withToken: false });
        store.token = data.accessToken;
        return data.accessToken;
      },
      onExpired,
    },
  });
  return { http, store, onExpired };
}

function open(
  url: string,
  options: Partial<SocketIoOptions<typeof events, typeof acks>> = {},
): Socket<typeof events, typeof acks> {
  const socket = createSocketIo(url, {
    io,
    events,
    acks,
    reconnect: { min: 10, max: 50 },
    ioOptions: { transports: ['websocket'] },
    ...options,
  });
  sockets.push(socket);
  return socket;
}

/** The seed's server: `time` pushed, `aaa` acked with its arguments, `slow` per test. */
function seedHandlers(socket: import('socket.io').Socket) {
  socket.emit('time', 1_700_000_000_000);
  socket.on('aaa', (...args: unknown[]) => {
    const ack = args.pop() as (reply: unknown) => void;
    ack(args);
  });
}

const acceptOnly =
  (valid: string): HandshakeRule =>
  (token) =>
    token === valid ? 'ok' : 'unauthorized';

describe('createSocketIo against a real socket.io 4 server', () => {
  it('round-trips typed events and acks (the seed: time pushed, aaa acked with its arguments)', async () => {
    server = await startSocketIoServer({ onConnection: seedHandlers });
    const times: number[] = [];
    const socket = open(server.url);
    socket.on('time', (ts) => times.push(ts));
    await waitFor(() => times.length === 1);
    expect(times).toEqual([1_700_000_000_000]);
    expect(socket.connected).toBe(true);
    await expect(socket.emitWithAck('aaa', 12, 5, 8)).resolves.toEqual([12, 5, 8]);
  });

  it('sends the session token in the handshake, and nothing without a session', async () => {
    server = await startSocketIoServer({});
    const { http } = client(server.url, 'tok-1');
    const withSession = open(server.url, { http });
    const without = open(server.url);
    await waitFor(() => withSession.connected && without.connected);
    expect(server.state.handshakes.sort()).toEqual(['tok-1', undefined]);
  });

  it('reads the token again on every reconnect', async () => {
    server = await startSocketIoServer({});
    const { http, store } = client(server.url, 'first');
    const opened = vi.fn();
    const socket = open(server.url, { http, onOpen: opened });
    await waitFor(() => socket.connected);
    store.token = 'second';
    server.dropAll();
    await waitFor(() => opened.mock.calls.length === 2);
    expect(server.state.handshakes).toEqual(['first', 'second']);
  });

  it.each([
    ['message unauthorized (any case)', 'unauthorized'],
    ['data.status 401', 'status401'],
  ] as const)(
    'an unauthorized handshake (%s) runs one refresh and reconnects',
    async (_, verdict) => {
      server = await startSocketIoServer({
        rule: (token) => (token === 'new' ? 'ok' : verdict),
        refreshAnswer: () => ({ token: 'new' }),
        onConnection: seedHandlers,
      });
      const { http, store, onExpired } = client(server.url, 'expired');
      const changes: (string | null)[] = [];
      http.session.onChange((token) => changes.push(token));
      const socket = open(server.url, { http });
      await waitFor(() => socket.connected);
      expect(server.state.refreshCalls).toBe(1);
      expect(server.state.handshakes).toEqual(['expired', 'new']);
      expect(store.token).toBe('new');
      expect(changes).toEqual(['new']);
      expect(onExpired).not.toHaveBeenCalled();
      await expect(socket.emitWithAck('aaa', 1, 2, 3)).resolves.toEqual([1, 2, 3]);
    },
  );

  it('refused with a token that changed meanwhile (another refresh, a sign-in): reconnects with it, no refresh', async () => {
    server = await startSocketIoServer({
      rule: (token) => (token === 'signed-in' ? 'ok' : 'unauthorized'),
      refreshAnswer: () => ({ token: 'from-refresh' }),
    });
    const { http, store } = client(server.url, 'expired');
    const socket = open(server.url, {
      http: {
        defaults: http.defaults,
        session: {
          ...http.session,
          // The app signs in while the first handshake, with the old token, is under way.
          token: async () => {
            const token = store.token;
            store.token = 'signed-in';
            return token;
          },
        },
      },
    });
    await waitFor(() => socket.connected);
    expect(server.state.handshakes).toEqual(['expired', 'signed-in']);
    expect(server.state.refreshCalls).toBe(0);
  });

  it('a refused refresh calls onExpired once and ends the socket with the 401 (no reconnect loop)', async () => {
    server = await startSocketIoServer({
      rule: acceptOnly('never'),
      refreshAnswer: () => ({ status: 401 }),
    });
    const { http, onExpired } = client(server.url, 'expired');
    const errors: ApiError[] = [];
    const socket = open(server.url, { http, onError: (error) => errors.push(error) });
    await waitFor(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toMatchObject([{ kind: 'http', status: 401 }]);
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(server.state.refreshCalls).toBe(1);
    expect(server.state.handshakes).toEqual(['expired']);
    expect(socket.connected).toBe(false);
    expect(() => socket.emit('slow', 'x')).toThrow(expect.objectContaining({ kind: 'canceled' }));
  });

  it('refused again after a successful refresh: the session is over, one refresh only', async () => {
    server = await startSocketIoServer({
      rule: acceptOnly('never'),
      refreshAnswer: () => ({ token: 'still-refused' }),
    });
    const { http } = client(server.url, 'expired');
    const errors: ApiError[] = [];
    open(server.url, { http, onError: (error) => errors.push(error) });
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ kind: 'http', status: 401 });
    expect(server.state.refreshCalls).toBe(1);
    expect(server.state.handshakes).toEqual(['expired', 'still-refused']);
  });

  it('a server that drops mid-ack: the ack rejects with kind network, and the socket reconnects', async () => {
    server = await startSocketIoServer({
      onConnection: (socket, index) => {
        seedHandlers(socket);
        socket.on('slow', () => {
          if (index === 0) socket.conn.close();
        });
      },
    });
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened });
    await waitFor(() => socket.connected);
    await expect(socket.emitWithAck('slow', 'x')).rejects.toMatchObject({ kind: 'network' });
    await waitFor(() => opened.mock.calls.length === 2);
    await expect(socket.emitWithAck('aaa', 4, 5, 6)).resolves.toEqual([4, 5, 6]);
  });

  it('a server that never answers: the ack rejects with kind timeout after ackTimeout', async () => {
    server = await startSocketIoServer({ onConnection: (socket) => socket.on('slow', () => {}) });
    const socket = open(server.url, { ackTimeout: 80 });
    await waitFor(() => socket.connected);
    const started = Date.now();
    await expect(socket.emitWithAck('slow', 'x')).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('close() with acks waiting: they reject with kind canceled, and no timer is left', async () => {
    server = await startSocketIoServer({ onConnection: (socket) => socket.on('slow', () => {}) });
    const before = activeTimerCount();
    const socket = open(server.url);
    await waitFor(() => socket.connected);
    const pending = [socket.emitWithAck('slow', 'a'), socket.emitWithAck('slow', 'b')];
    socket.close();
    for (const result of await Promise.allSettled(pending)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { kind: 'canceled' } });
    }
    expect(socket.connected).toBe(false);
    expect(activeTimerCount()).toBe(before);
    await expect(socket.emitWithAck('aaa', 1, 2, 3)).rejects.toMatchObject({ kind: 'canceled' });
  });

  it('an ack emitted while disconnected leaves on reconnect and resolves', async () => {
    server = await startSocketIoServer({ onConnection: seedHandlers });
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened, reconnect: { min: 150, max: 150 } });
    await waitFor(() => socket.connected);
    server.dropAll();
    await waitFor(() => !socket.connected);
    const reply = socket.emitWithAck('aaa', 7, 8, 9);
    await expect(reply).resolves.toEqual([7, 8, 9]);
    expect(opened).toHaveBeenCalledTimes(2);
  });

  it('checks arguments before sending and replies after: bad input and a bad reply reject with kind validation', async () => {
    const received: unknown[] = [];
    server = await startSocketIoServer({
      onConnection: (socket) => {
        socket.onAny((name) => received.push(name));
        socket.on('slow', (_text: string, ack: (reply: unknown) => void) => ack(42));
      },
    });
    const socket = open(server.url);
    await waitFor(() => socket.connected);
    // @ts-expect-error: a string where the schema wants a number
    await expect(socket.emitWithAck('aaa', 'x', 1, 2)).rejects.toMatchObject({
      kind: 'validation',
    });
    await expect(socket.emitWithAck('slow', 'x')).rejects.toMatchObject({
      kind: 'validation',
      part: 'response',
    });
    // @ts-expect-error: not in the event map, so not in the ack map either
    await expect(socket.emitWithAck('time', 1)).rejects.toMatchObject({ kind: 'validation' });
    expect(received).toEqual(['slow']);
  });

  it('events the map does not name, __proto__ included, go to onError and never to a handler', async () => {
    server = await startSocketIoServer({
      onConnection: (socket) => {
        socket.emit('__proto__', 1);
        socket.emit('constructor', 2);
        socket.emit('time', 'not a number');
        socket.emit('time', 5);
      },
    });
    const errors: ApiError[] = [];
    const times: number[] = [];
    const socket = open(server.url, { onError: (error) => errors.push(error) });
    socket.on('time', (ts) => times.push(ts));
    await waitFor(() => times.length === 1);
    expect(times).toEqual([5]);
    expect(errors.map((error) => error.kind)).toEqual(['validation', 'validation', 'validation']);
  });

  it('a reconnect storm: 20 clients, every connection dropped 3 times; acks in flight reject, all come back', async () => {
    server = await startSocketIoServer({ onConnection: seedHandlers });
    const opened = vi.fn();
    const clients = Array.from({ length: 20 }, () => open(server?.url ?? '', { onOpen: opened }));
    await waitFor(() => clients.every((socket) => socket.connected));
    for (let round = 0; round < 3; round++) {
      const inFlight = clients.map((socket) => socket.emitWithAck('slow', `r${round}`));
      server.dropAll();
      const settled = await Promise.allSettled(inFlight);
      expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'network')).toBe(
        true,
      );
      await waitFor(() => clients.every((socket) => socket.connected), 5000);
    }
    expect(opened).toHaveBeenCalledTimes(80);
    // Bounded: one handshake per connection, no storm of retries against a server that is up.
    expect(server.state.connections).toBe(80);
    const replies = await Promise.all(
      clients.map((socket, i) => socket.emitWithAck('aaa', i, 0, 0)),
    );
    expect(replies.map((reply) => reply[0])).toEqual(clients.map((_, i) => i));
  });

  it('a server that is down: retries with backoff, then gives up with kind network', async () => {
    server = await startSocketIoServer({});
    const { url } = server;
    await server.close();
    server = undefined;
    const errors: ApiError[] = [];
    open(url, { reconnect: { retries: 2, min: 10, max: 20 }, onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ kind: 'network' });
  });

  it('refuses a URL on another origin than the instance: its token would leave', () => {
    const { http } = client('https://api.example.com');
    expect(() => createSocketIo('https://evil.example.net', { io, http })).toThrow(
      expect.objectContaining({ kind: 'validation', part: 'url' }),
    );
    const same = createSocketIo('wss://api.example.com/chat', {
      io,
      http,
      ioOptions: { autoConnect: false },
    });
    same.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as WS } from 'ws';
import * as z from 'zod';
import { createSocket, type SocketCloseInfo } from '../../src/realtime';
import { ApiError, activeTimerCount } from '../../src/request';
import { waitFor } from './realtime-server';
import { startWsServer } from './ws-server';

const events = {
  chat: z.tuple([z.string(), z.number()]),
  joined: z.tuple([z.object({ at: z.iso.datetime().transform((s) => new Date(s)) })]),
};

/** Records every WebSocket the kit makes, to check their listeners afterwards. */
const made: WS[] = [];
class TrackedWS extends WS {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    made.push(this);
  }
}

function listenerTotal(socket: WS): number {
  return ['open', 'message', 'error', 'close'].reduce(
    (n, type) => n + socket.listenerCount(type),
    0,
  );
}

let server: Awaited<ReturnType<typeof startWsServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  made.length = 0;
});

const fast = { min: 10, max: 50 };

describe('createSocket', () => {
  it('round-trips typed, validated events', async () => {
    server = await startWsServer((c) => {
      c.socket.on('message', (data) => c.socket.send(String(data)));
      c.socket.send(JSON.stringify({ name: 'joined', data: [{ at: '2026-01-02T03:04:05Z' }] }));
    });
    const socket = createSocket(server.url, { events, WebSocket: TrackedWS, reconnect: fast });
    const joined = vi.fn();
    const chat = vi.fn();
    socket.on('joined', joined);
    socket.on('chat', chat);
    const removed = vi.fn();
    const offRemoved = socket.on('chat', removed);
    offRemoved();
    const alsoRemoved = vi.fn();
    socket.on('chat', alsoRemoved);
    socket.off('chat', alsoRemoved);
    socket.emit('chat', 'hello', 1);
    await waitFor(() => chat.mock.calls.length === 1 && joined.mock.calls.length === 1);
    expect(chat).toHaveBeenCalledWith('hello', 1);
    expect(removed).not.toHaveBeenCalled();
    expect(alsoRemoved).not.toHaveBeenCalled();
    expect(joined.mock.calls[0]?.[0].at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(server.connections[0]?.received).toEqual(['{"name":"chat","data":["hello",1]}']);
    expect(socket.connected).toBe(true);
    expect(() => socket.emit('chat', 'bad', 'args' as unknown as number)).toThrow(
      expect.objectContaining({ kind: 'validation', part: 'body' }),
    );
    expect(() => socket.emit('chat', 'bad', 'args' as unknown as number)).toThrow(
      expect.objectContaining({ endpoint: 'chat', cause: expect.any(z.ZodError) }),
    );
    socket.close();
  });

  it('sends invalid messages to onError, never to a handler', async () => {
    server = await startWsServer((c) => {
      c.socket.send('not json');
      c.socket.send(JSON.stringify({ name: 'chat' }));
      c.socket.send(JSON.stringify({ name: 'chat', data: ['text', 'not a number'] }));
      c.socket.send(JSON.stringify({ name: 'unknown', data: [] }));
      c.socket.send(JSON.stringify({ name: 'chat', data: ['ok', 2] }));
    });
    const errors: ApiError[] = [];
    const chat = vi.fn();
    const socket = createSocket(server.url, {
      events,
      WebSocket: TrackedWS,
      onError: (error) => errors.push(error),
    });
    socket.on('chat', chat);
    await waitFor(() => chat.mock.calls.length === 1);
    expect(chat).toHaveBeenCalledWith('ok', 2);
    expect(errors.map((e) => e.kind)).toEqual([
      'validation',
      'validation',
      'validation',
      'validation',
    ]);
    expect(errors[2]?.issues?.[0]?.path).toEqual([1]);
    expect(errors.every((e) => e instanceof ApiError)).toBe(true);
    socket.close();
  });

  it('reconnects after the server drops the socket, with a fresh URL, and delivers queued emits in order', async () => {
    server = await startWsServer();
    let token = 0;
    const closes: SocketCloseInfo[] = [];
    const onOpen = vi.fn();
    const socket = createSocket(() => `${server?.url}?token=${++token}`, {
      events,
      WebSocket: TrackedWS,
      reconnect: { min: 100, max: 100 },
      onOpen,
      onClose: (info) => closes.push(info),
    });
    await waitFor(() => onOpen.mock.calls.length === 1);
    socket.emit('chat', 'first', 1);
    await waitFor(() => server?.connections[0]?.received.length === 1);
    server.connections[0]?.socket.terminate();
    await waitFor(() => closes.length === 1);
    expect(closes[0]).toMatchObject({ code: 1006, reconnecting: true });
    expect(socket.connected).toBe(false);
    socket.emit('chat', 'second', 2);
    socket.emit('chat', 'third', 3);
    await waitFor(() => server?.connections[1]?.received.length === 2);
    expect(server.connections.map((c) => c.url)).toEqual(['/ws?token=1', '/ws?token=2']);
    expect(server.connections[1]?.received.map((m) => JSON.parse(m).data[0])).toEqual([
      'second',
      'third',
    ]);
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('does not reconnect after a normal close from the server', async () => {
    server = await startWsServer((c) => c.socket.close(1000, 'bye'));
    const onClose = vi.fn();
    const onError = vi.fn();
    const socket = createSocket(server.url, {
      WebSocket: TrackedWS,
      reconnect: fast,
      onClose,
      onError,
    });
    await waitFor(() => onClose.mock.calls.length === 1);
    expect(onClose).toHaveBeenCalledWith({ code: 1000, reason: 'bye', reconnecting: false });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.connections).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(activeTimerCount()).toBe(0);
    expect(() => socket.emit('late')).toThrow(expect.objectContaining({ kind: 'canceled' }));
  });

  it('reconnects on 1012 (service restart) but ends with an error on 1008', async () => {
    server = await startWsServer((c, index) => c.socket.close(index === 0 ? 1012 : 1008, 'x'));
    const onError = vi.fn();
    createSocket(server.url, { WebSocket: TrackedWS, reconnect: fast, onError });
    await waitFor(() => onError.mock.calls.length === 1);
    expect(server.connections).toHaveLength(2);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'network', code: 1008 });
    expect(activeTimerCount()).toBe(0);
  });

  it('drops a half-open connection when the pong does not come, and reconnects', async () => {
    // The first connection never answers (half-open); the second one answers pings.
    server = await startWsServer((c, index) => {
      if (index > 0) {
        c.socket.on('message', (data) => {
          if (JSON.parse(String(data)).name === 'ping') c.socket.send('{"name":"pong","data":[]}');
        });
      }
    });
    const closes: SocketCloseInfo[] = [];
    const onError = vi.fn();
    const socket = createSocket(server.url, {
      WebSocket: TrackedWS,
      reconnect: fast,
      heartbeat: { interval: 40, timeout: 60 },
      onClose: (info) => closes.push(info),
      onError,
    });
    await waitFor(() => server?.connections.length === 2);
    expect(closes[0]).toMatchObject({ code: 4000, reconnecting: true });
    expect(server.connections[0]?.received).toContain('{"name":"ping","data":[]}');
    // The answering server keeps the connection through several ping rounds.
    await waitFor(() => (server?.connections[1]?.received.length ?? 0) >= 4);
    expect(server.connections).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
    expect(socket.connected).toBe(true);
    socket.close();
    await server.connections[1]?.closed;
    expect(activeTimerCount()).toBe(0);
  });

  it('bounds the queue while disconnected with a clear ApiError', async () => {
    const socket = createSocket('ws://127.0.0.1:9/ws', {
      WebSocket: TrackedWS,
      reconnect: { min: 60_000 },
      queue: { max: 2 },
    });
    socket.emit('a');
    socket.emit('b');
    expect(() => socket.emit('c')).toThrow(ApiError);
    expect(() => socket.emit('c')).toThrow(
      expect.objectContaining({
        kind: 'network',
        detail: expect.stringContaining('queue is full'),
      }),
    );
    socket.close();
    expect(activeTimerCount()).toBe(0);
  });

  it('gives up after reconnect.retries with an ApiError', async () => {
    const onError = vi.fn();
    createSocket('ws://127.0.0.1:9/ws', {
      WebSocket: TrackedWS,
      reconnect: { ...fast, retries: 2 },
      onError,
    });
    await waitFor(() => onError.mock.calls.length === 1);
    expect(made).toHaveLength(3);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'network', code: 1006 });
    expect(activeTimerCount()).toBe(0);
  });

  it('close() leaves no timer, listener or connection behind', async () => {
    server = await startWsServer();
    const onOpen = vi.fn();
    const socket = createSocket(server.url, {
      WebSocket: TrackedWS,
      heartbeat: { interval: 10_000, timeout: 10_000 },
      onOpen,
    });
    socket.on('x', () => undefined);
    await waitFor(() => onOpen.mock.calls.length === 1);
    expect(activeTimerCount()).toBe(1);
    socket.close();
    expect(socket.connected).toBe(false);
    expect(activeTimerCount()).toBe(0);
    await expect(server.connections[0]?.closed).resolves.toEqual({ code: 1000 });
    await waitFor(() => made.every((ws) => ws.readyState === WS.CLOSED));
    expect(made.map(listenerTotal)).toEqual([0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connections).toHaveLength(1);
  });

  it('close() while a reconnect is pending clears its timer', async () => {
    server = await startWsServer((c) => c.socket.terminate());
    const onClose = vi.fn();
    const socket = createSocket(server.url, {
      WebSocket: TrackedWS,
      reconnect: { min: 60_000 },
      onClose,
    });
    await waitFor(() => onClose.mock.calls.length === 1);
    expect(activeTimerCount()).toBe(1);
    socket.close();
    expect(activeTimerCount()).toBe(0);
    expect(made.map(listenerTotal)).toEqual([0]);
  });
});

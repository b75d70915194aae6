// createSocket's acknowledgements, binary frames and session token, against a real `ws` server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as WS } from 'ws';
import * as z from 'zod';
import { createSocket, type Socket, type SocketOptions, type SocketUrl } from '../../src/realtime';
import {
  type ApiError,
  activeTimerCount,
  createHttp,
  setTimerProvider,
  type TimerProvider,
} from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { waitFor } from './realtime-server';
import { answerAcks, startWsServer } from './ws-server';

const events = {
  sum: z.tuple([z.number(), z.number()]),
  slow: z.tuple([z.string()]),
  stamp: z.tuple([]),
  chat: z.tuple([z.string()]),
};
const acks = {
  sum: z.tuple([z.number()]),
  slow: z.tuple([z.string()]),
  stamp: z.tuple([z.iso.datetime().transform((s) => new Date(s))]),
};

/** Records every WebSocket the kit makes. */
const made: WS[] = [];
class TrackedWS extends WS {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    made.push(this);
  }
}

type Server = Awaited<ReturnType<typeof startWsServer>>;
let server: Server | undefined;
const sockets: Socket<typeof events, typeof acks>[] = [];
let restoreTimers: (() => void) | undefined;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  restoreTimers?.();
  restoreTimers = undefined;
  await server?.close();
  server = undefined;
  made.length = 0;
});

function open(
  url: SocketUrl,
  options: SocketOptions<typeof events, typeof acks> = {},
): Socket<typeof events, typeof acks> {
  const socket = createSocket(url, {
    events,
    acks,
    WebSocket: TrackedWS,
    reconnect: { min: 10, max: 50 },
    ...options,
  });
  sockets.push(socket);
  return socket;
}

/** The seed-style peer: `sum` answered with the sum, `stamp` with a date, `slow` never. */
const arithmetic = (name: string, data: unknown[]) => {
  if (name === 'sum') return [(data[0] as number) + (data[1] as number)];
  if (name === 'stamp') return ['2026-01-02T03:04:05Z'];
  return undefined;
};

/**
 * A clock the kit's timers (ack timeouts, reconnect backoff) and `Date` run on; the sockets, and
 * the timers of ws and the test's own waits, stay real.
 */
function manualClock() {
  vi.useFakeTimers({ toFake: ['Date'] });
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  const provider: TimerProvider = {
    setTimeout(run, ms) {
      next += 1;
      due.set(next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (id) => {
      due.delete(id as number);
    },
  };
  const restore = setTimerProvider(provider);
  restoreTimers = () => {
    restore();
    vi.useRealTimers();
  };
  return {
    advance(ms: number) {
      now += ms;
      vi.setSystemTime(Date.now() + ms);
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        due.delete(id);
        timer.run();
      }
    },
  };
}

describe('createSocket emitWithAck over the kit protocol', () => {
  it('sends { name, data, ack } and resolves with the first element of the parsed reply', async () => {
    server = await startWsServer((c) => answerAcks(c, arithmetic));
    const socket = open(server.url);
    await expect(socket.emitWithAck('sum', 2, 3)).resolves.toBe(5);
    const stamped = await socket.emitWithAck('stamp');
    expect(stamped).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(server.connections[0]?.received).toEqual([
      '{"name":"sum","data":[2,3],"ack":1}',
      '{"name":"stamp","data":[],"ack":2}',
    ]);
    // Many in flight at once: each reply finds its own caller.
    const sums = await Promise.all(
      Array.from({ length: 50 }, (_, i) => socket.emitWithAck('sum', i, 1)),
    );
    expect(sums).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('a server that drops mid-ack: kind network, then the socket reconnects and acks work again', async () => {
    server = await startWsServer((c, index) => {
      answerAcks(c, (name, data) => {
        if (name === 'slow' && index === 0) c.socket.terminate();
        return arithmetic(name, data);
      });
    });
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    const error = await socket.emitWithAck('slow', 'x').catch((e: ApiError) => e);
    expect(error).toMatchObject({
      kind: 'network',
      endpoint: 'slow',
      url: server.url,
      message: 'The live connection was lost.',
      detail: expect.stringContaining("'slow'"),
    });
    await waitFor(() => opened.mock.calls.length === 2);
    await expect(socket.emitWithAck('sum', 4, 5)).resolves.toBe(9);
  });

  it('a server that never answers: kind timeout after ackTimeout (10 s by default, on a fake clock)', async () => {
    const clock = manualClock();
    server = await startWsServer((c) => answerAcks(c, arithmetic));
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    const reply = socket.emitWithAck('slow', 'x');
    const settled = vi.fn();
    reply.catch(settled);
    clock.advance(9_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).not.toHaveBeenCalled();
    clock.advance(1);
    await expect(reply).rejects.toMatchObject({
      kind: 'timeout',
      endpoint: 'slow',
      message: 'The server did not answer in time.',
      detail: expect.stringContaining('10000 ms'),
    });
    // The connection is fine: the next ack still works, and a late reply is ignored.
    await expect(socket.emitWithAck('sum', 1, 1)).resolves.toBe(2);

    // Staggered acks share one timer, and each still gets its own full 10 s.
    const first = socket.emitWithAck('slow', 'first');
    const firstDone = vi.fn();
    first.catch(firstDone);
    clock.advance(6_000);
    const second = socket.emitWithAck('slow', 'second');
    const secondDone = vi.fn();
    second.catch(secondDone);
    clock.advance(4_000);
    await expect(first).rejects.toMatchObject({ kind: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondDone).not.toHaveBeenCalled();
    clock.advance(5_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondDone).not.toHaveBeenCalled();
    clock.advance(1);
    await expect(second).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('close() with acks waiting: they reject with kind canceled; no timer, no emit after', async () => {
    server = await startWsServer((c) => answerAcks(c, arithmetic));
    const before = activeTimerCount();
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    const pending = [socket.emitWithAck('slow', 'a'), socket.emitWithAck('slow', 'b')];
    // One timer for every ack of the socket.
    expect(activeTimerCount()).toBe(before + 1);
    socket.close();
    for (const result of await Promise.allSettled(pending)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { kind: 'canceled' } });
    }
    expect(activeTimerCount()).toBe(before);
    await expect(socket.emitWithAck('sum', 1, 2)).rejects.toMatchObject({ kind: 'canceled' });
  });

  it('a normal close from the server with an ack waiting: kind network (not canceled)', async () => {
    server = await startWsServer((c) =>
      answerAcks(c, (name) => {
        if (name === 'slow') c.socket.close(1000, 'bye');
        return undefined;
      }),
    );
    const socket = open(server.url);
    await expect(socket.emitWithAck('slow', 'x')).rejects.toMatchObject({ kind: 'network' });
  });

  it('an ack emitted while disconnected leaves on reconnect and resolves; unsent, it times out instead of hanging', async () => {
    server = await startWsServer((c) => answerAcks(c, arithmetic));
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened, reconnect: { min: 100, max: 100 } });
    await waitFor(() => opened.mock.calls.length === 1);
    server.dropAll();
    await waitFor(() => !socket.connected);
    await expect(socket.emitWithAck('sum', 7, 8)).resolves.toBe(15);
    expect(opened).toHaveBeenCalledTimes(2);
    expect(server.connections[1]?.received).toEqual(['{"name":"sum","data":[7,8],"ack":1}']);

    // A server that is gone for good: the queued ack ends by its own timeout.
    await server.close();
    server = undefined;
    await waitFor(() => !socket.connected);
    await expect(
      createSocket('ws://127.0.0.1:9/ws', {
        events,
        acks,
        WebSocket: TrackedWS,
        reconnect: { min: 60_000 },
        ackTimeout: 50,
      }).emitWithAck('sum', 1, 2),
    ).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('checks before sending and after replying: bad arguments, a name not in acks, a bad reply', async () => {
    server = await startWsServer((c) =>
      answerAcks(c, (name) => (name === 'slow' ? [42] : undefined)),
    );
    const opened = vi.fn();
    const socket = open(server.url, { onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    // @ts-expect-error: a string where the schema wants a number
    await expect(socket.emitWithAck('sum', 'x', 1)).rejects.toMatchObject({
      kind: 'validation',
      part: 'body',
    });
    // @ts-expect-error: chat is an event but has no ack schema
    await expect(socket.emitWithAck('chat', 'x')).rejects.toMatchObject({ kind: 'validation' });
    const bad = await socket.emitWithAck('slow', 'x').catch((e: ApiError) => e);
    expect(bad).toMatchObject({
      kind: 'validation',
      part: 'response',
      endpoint: 'slow',
      response: { data: [42] },
    });
    expect(bad instanceof Error && bad.cause instanceof z.ZodError).toBe(true);
    expect(server.connections[0]?.received.map((f) => JSON.parse(f).name)).toEqual(['slow']);
  });

  it('a hostile peer: replies to unknown acks are ignored, malformed replies go to onError, __proto__ is not an ack', async () => {
    server = await startWsServer((c) => {
      c.socket.send(JSON.stringify({ ack: 999, data: ['nobody asked'] }));
      c.socket.send(JSON.stringify({ ack: '1', data: [1] }));
      c.socket.send(JSON.stringify({ ack: -1, data: [1] }));
      c.socket.send(JSON.stringify({ ack: 1 }));
      answerAcks(c, arithmetic);
    });
    const errors: ApiError[] = [];
    const socket = open(server.url, { onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 3);
    expect(errors.map((e) => [e.kind, e.part])).toEqual([
      ['validation', 'response'],
      ['validation', 'response'],
      ['validation', 'response'],
    ]);
    await expect(socket.emitWithAck('sum', 1, 2)).resolves.toBe(3);
    // @ts-expect-error: not an event
    await expect(socket.emitWithAck('__proto__')).rejects.toMatchObject({ kind: 'validation' });
    expect(errors).toHaveLength(3);
  });

  it('a reconnect storm: 20 clients dropped 3 times; acks in flight reject, every client comes back once per drop', async () => {
    server = await startWsServer((c) => answerAcks(c, arithmetic));
    const opened = vi.fn();
    const clients = Array.from({ length: 20 }, () => open(server?.url ?? '', { onOpen: opened }));
    await waitFor(() => opened.mock.calls.length === 20);
    for (let round = 0; round < 3; round++) {
      const inFlight = clients.map((socket) => socket.emitWithAck('slow', `r${round}`));
      // Every frame has reached the server before it drops them all.
      await waitFor(
        () => server?.connections.filter((c) => c.received.length > 0).length === 20 * (round + 1),
      );
      server.dropAll();
      const settled = await Promise.allSettled(inFlight);
      expect(settled.every((s) => s.status === 'rejected' && s.reason.kind === 'network')).toBe(
        true,
      );
      await waitFor(() => opened.mock.calls.length === 20 * (round + 2), 5000);
    }
    expect(server.connections).toHaveLength(80);
    expect(server.attempts).toHaveLength(80);
    const replies = await Promise.all(clients.map((socket, i) => socket.emitWithAck('sum', i, 0)));
    expect(replies).toEqual(clients.map((_, i) => i));
  });

  it('a reconnect storm against a server refusing upgrades: tries stay bounded by the backoff', async () => {
    let refusing = true;
    server = await startWsServer({ refuse: () => refusing });
    const opened = vi.fn();
    const started = Date.now();
    Array.from({ length: 20 }, () =>
      open(server?.url ?? '', { onOpen: opened, reconnect: { min: 20, max: 200 } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    refusing = false;
    await waitFor(() => opened.mock.calls.length === 20, 5000);
    const elapsed = Date.now() - started;
    // Delays of 10–20, 20–40, 40–80, 80–160, then 100–200 ms: within ~0.4–1 s, at most ~9 tries each.
    expect(elapsed).toBeLessThan(5000);
    expect(server.attempts.length).toBeGreaterThan(20);
    expect(server.attempts.length).toBeLessThanOrEqual(20 * 10);
  });
});

describe('createSocket messages', () => {
  it("speaks from the instance's table (zh-CN): the human text from the table, the specifics in detail", async () => {
    server = await startWsServer((c) =>
      answerAcks(c, (name) => (name === 'slow' ? [42] : undefined)),
    );
    const http = createHttp({ baseURL: server.baseURL, loading: false, messages: zhCNMessages });
    const opened = vi.fn();
    const socket = open(() => server?.url ?? '', { http, ackTimeout: 10_000, onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    const bad = await socket.emitWithAck('slow', 'x').catch((e: ApiError) => e);
    expect(bad).toMatchObject({
      message: zhCNMessages.eventData,
      detail: expect.stringContaining("'slow'"),
    });
    const waiting = socket.emitWithAck('sum', 1, 2);
    socket.close();
    await expect(waiting).rejects.toMatchObject({
      kind: 'canceled',
      message: zhCNMessages.socketClosed,
    });
    expect(() => socket.emit('chat', 'x')).toThrow(
      expect.objectContaining({ message: zhCNMessages.socketClosed }),
    );
  });
});

describe('createSocket binary frames', () => {
  it('an ArrayBuffer reaches onBinary; text frames keep flowing around it', async () => {
    server = await startWsServer((c) => {
      c.socket.send(Buffer.from([1, 2, 3]));
      c.socket.send(JSON.stringify({ name: 'chat', data: ['after'] }));
    });
    const binary: (ArrayBuffer | Blob)[] = [];
    const chats: string[] = [];
    const errors: ApiError[] = [];
    const socket = open(server.url, {
      onBinary: (data) => binary.push(data),
      onError: (e) => errors.push(e),
    });
    socket.on('chat', (text) => chats.push(text));
    await waitFor(() => chats.length === 1);
    expect(binary).toHaveLength(1);
    expect(binary[0]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(binary[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(errors).toEqual([]);
  });

  it("binaryType: 'blob' gives a Blob", async () => {
    server = await startWsServer((c) => c.socket.send(Buffer.from('bytes')));
    const binary: (ArrayBuffer | Blob)[] = [];
    open(server.url, { binaryType: 'blob', onBinary: (data) => binary.push(data) });
    await waitFor(() => binary.length === 1);
    expect(binary[0]).toBeInstanceOf(Blob);
    expect(await (binary[0] as Blob).text()).toBe('bytes');
  });

  it('without onBinary, a binary frame goes to onError (kind validation) with its bytes, not silently dropped', async () => {
    server = await startWsServer((c) => c.socket.send(Buffer.from([9])));
    const errors: ApiError[] = [];
    open(server.url, { onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ kind: 'validation', part: 'response' });
    expect(errors[0]?.response?.data).toBeInstanceOf(ArrayBuffer);
  });
});

describe('createSocket({ http }): the URL from the session token', () => {
  /** An instance on the server's origin whose token lives in `store`; refresh asks the server. */
  function client(baseURL: string, token: string | null) {
    const store = { token };
    const http = createHttp({
      baseURL,
      loading: false,
      retry: false,
      auth: {
        getToken: () => store.token,
        refresh: async () => {
          const { data } = await http.post('/auth/refresh', {}, { withToken: false });
          store.token = data.accessToken;
          return data.accessToken;
        },
      },
    });
    return { http, store };
  }

  it('calls the URL function with the current token on every reconnect, a refreshed one included', async () => {
    let issued = 0;
    server = await startWsServer({
      onRequest: (_req, res) => {
        issued += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accessToken: `refreshed-${issued}` }));
      },
    });
    const { http, store } = client(server.baseURL, 'first');
    const opened = vi.fn();
    const url = vi.fn((token: string | null) => `${server?.url}?token=${token}`);
    open(url, { http, onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    store.token = 'second';
    server.dropAll();
    await waitFor(() => opened.mock.calls.length === 2);
    await http.session.refresh();
    server.dropAll();
    await waitFor(() => opened.mock.calls.length === 3);
    expect(server.connections.map((c) => c.url)).toEqual([
      '/ws?token=first',
      '/ws?token=second',
      '/ws?token=refreshed-1',
    ]);
    expect(url.mock.calls).toEqual([['first'], ['second'], ['refreshed-1']]);
  });

  it('signed out: the function gets null', async () => {
    server = await startWsServer();
    const { http } = client(server.baseURL, null);
    const opened = vi.fn();
    open((token) => `${server?.url}?signed-in=${token !== null}`, { http, onOpen: opened });
    await waitFor(() => opened.mock.calls.length === 1);
    expect(server.connections[0]?.url).toBe('/ws?signed-in=false');
  });

  it('a URL on another origin than the instance ends the socket before any connection: the token stays home', async () => {
    server = await startWsServer();
    const { http } = client('https://api.example.com', 'secret-token');
    const errors: ApiError[] = [];
    const socket = open((token) => `${server?.url}?token=${token}`, {
      http,
      onError: (e) => errors.push(e),
    });
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ kind: 'validation', part: 'url', url: server.url });
    expect(JSON.stringify(errors[0])).not.toContain('secret-token');
    expect(made).toHaveLength(0);
    expect(server.attempts).toHaveLength(0);
    await expect(socket.emitWithAck('sum', 1, 2)).rejects.toMatchObject({ kind: 'canceled' });
  });

  it('a token that cannot be read: backs off and tries again (no connection without it)', async () => {
    server = await startWsServer();
    let reads = 0;
    const { http } = client(server.baseURL, 't');
    const opened = vi.fn();
    const session = {
      ...http.session,
      token: async () => {
        reads += 1;
        if (reads === 1) throw new Error('storage locked');
        return 'late';
      },
    };
    open((token) => `${server?.url}?token=${token}`, {
      http: { session, defaults: http.defaults },
      onOpen: opened,
    });
    await waitFor(() => opened.mock.calls.length === 1);
    expect(reads).toBe(2);
    expect(server.connections.map((c) => c.url)).toEqual(['/ws?token=late']);
  });
});

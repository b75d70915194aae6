// The benchmark backend. It runs in its own process (fork from bench/run.ts) so the client under
// test never shares an event loop with the server; it reports its port over IPC.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { makeUser, makeUsers } from './fixtures';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const stamp = (): number => performance.timeOrigin + performance.now();

const user = makeUser(1);
const users = makeUsers(100);
const bodies: Record<string, Buffer> = {
  '/env/user': Buffer.from(JSON.stringify({ code: 0, data: user, message: 'ok' })),
  '/env/users': Buffer.from(JSON.stringify({ code: 0, data: users, message: 'ok' })),
};

interface FeedEvent {
  id: number;
  t: number;
}

/** A stream of `count` events, one every `interval` ms, shared by the long-poll and SSE routes. */
interface Channel {
  events: FeedEvent[];
  count: number;
  /** Most events one long-poll answer carries (a server that pages its answers). */
  page: number;
  waiters: Set<() => void>;
  timer: NodeJS.Timeout | undefined;
  closed: boolean;
  /** Per long-poll request: when it came in, whether it had to wait for an event, when it was answered. */
  requests: { arrived: number; parked: boolean; answered: number }[];
}

const channels = new Map<string, Channel>();
let nextChannel = 1;

function openChannel(count: number, interval: number, delay: number, page: number): string {
  const name = `c${nextChannel++}`;
  const channel: Channel = {
    events: [],
    count,
    page,
    waiters: new Set(),
    timer: undefined,
    closed: false,
    requests: [],
  };
  channels.set(name, channel);
  const emit = () => {
    channel.events.push({ id: channel.events.length + 1, t: stamp() });
    for (const wake of [...channel.waiters]) wake();
    channel.timer =
      channel.events.length < channel.count && !channel.closed
        ? setTimeout(emit, interval)
        : undefined;
  };
  // A channel of no events (the instant empty feed's) never emits: it only counts requests.
  channel.timer = count > 0 ? setTimeout(emit, delay) : undefined;
  // A channel nobody finished with must not keep the server busy for ever.
  setTimeout(() => closeChannel(name), 120_000).unref();
  return name;
}

function closeChannel(name: string): void {
  const channel = channels.get(name);
  if (!channel) return;
  channel.closed = true;
  clearTimeout(channel.timer);
  for (const wake of [...channel.waiters]) wake();
  channels.delete(name);
}

function sendJson(res: ServerResponse, status: number, body: Buffer | string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** `/feed?chan=c1&cursor=N`: answers at once with events after N, else holds until one arrives. */
function longPoll(url: URL, req: IncomingMessage, res: ServerResponse): void {
  const channel = channels.get(url.searchParams.get('chan') ?? '');
  const cursor = Number(url.searchParams.get('cursor') ?? 0);
  const hold = Number(url.searchParams.get('hold') ?? 2000);
  if (!channel) {
    sendJson(res, 404, '{"code":404,"message":"no such channel"}');
    return;
  }
  let timeout: NodeJS.Timeout | undefined;
  const request = { arrived: stamp(), parked: false, answered: 0 };
  channel.requests.push(request);
  const answer = () => {
    request.answered = stamp();
    clearTimeout(timeout);
    channel.waiters.delete(answer);
    req.off('close', drop);
    const events = channel.events.slice(cursor, cursor + channel.page);
    const next = events.length > 0 ? events[events.length - 1]!.id : cursor;
    const done = channel.closed || next >= channel.count;
    sendJson(
      res,
      200,
      JSON.stringify({ code: 0, data: { cursor: next, events, done }, message: '' }),
    );
  };
  const drop = () => {
    clearTimeout(timeout);
    channel.waiters.delete(answer);
  };
  if (channel.events.length > cursor || cursor >= channel.count) {
    answer();
    return;
  }
  // The server-side timeout of a long poll is an empty batch, as the polling contract expects.
  request.parked = true;
  timeout = setTimeout(answer, hold);
  channel.waiters.add(answer);
  req.once('close', drop);
}

/**
 * `/feed-empty?chan=c1&cursor=N`: a server with nothing new that answers at once, every time: a
 * 200 in `/feed`'s body shape with the same cursor and no events. Each request is counted on the
 * channel (read with `/channel/requests`), so a client that spins shows in the count.
 */
function emptyFeed(url: URL, res: ServerResponse): void {
  const channel = channels.get(url.searchParams.get('chan') ?? '');
  if (!channel) {
    sendJson(res, 404, '{"code":404,"message":"no such channel"}');
    return;
  }
  const arrived = stamp();
  channel.requests.push({ arrived, parked: false, answered: arrived });
  const cursor = Number(url.searchParams.get('cursor') ?? 0);
  sendJson(
    res,
    200,
    JSON.stringify({ code: 0, data: { cursor, events: [], done: false }, message: '' }),
  );
}

/** `/sse?chan=c1`: an event stream of the channel, resuming after `Last-Event-ID`. */
function eventStream(url: URL, req: IncomingMessage, res: ServerResponse): void {
  const channel = channels.get(url.searchParams.get('chan') ?? '');
  if (!channel) {
    sendJson(res, 404, '{"code":404,"message":"no such channel"}');
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  let sent = Number(req.headers['last-event-id'] ?? 0) || 0;
  const flush = () => {
    let frame = '';
    while (sent < channel.events.length) {
      const event = channel.events[sent]!;
      frame += `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
      sent++;
    }
    if (frame) res.write(frame);
  };
  res.write('retry: 1000\n\n');
  flush();
  channel.waiters.add(flush);
  req.once('close', () => channel.waiters.delete(flush));
}

/** `/stream?chunks=N&size=B&gap=ms`: chunked text, each chunk stamped, the first sent at once. */
function chunked(url: URL, req: IncomingMessage, res: ServerResponse): void {
  const chunks = Math.min(10_000, Number(url.searchParams.get('chunks') ?? 10));
  const size = Math.min(65_536, Number(url.searchParams.get('size') ?? 64));
  const gap = Number(url.searchParams.get('gap') ?? 0);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    if (i >= chunks) {
      res.end();
      return;
    }
    const head = `${i}:${stamp().toFixed(3)}:`;
    res.write(`${head}${'x'.repeat(Math.max(0, size - head.length - 1))}\n`);
    i++;
    timer = setTimeout(write, gap);
  };
  req.once('close', () => clearTimeout(timer));
  write();
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
  const url = new URL(req.url ?? '/', 'http://bench.local');
  const path = url.pathname;
  // `/env/user/:id` serves the same precomputed body whatever the id.
  const body = bodies[path.replace(/\/\d+$/, '')];
  if (req.method === 'GET' && body) {
    sendJson(res, 200, body);
    return;
  }
  switch (path) {
    case '/clock':
      sendJson(res, 200, JSON.stringify({ t: stamp() }));
      return;
    case '/channel': {
      const count = Math.min(100_000, Number(url.searchParams.get('count') ?? 100));
      const interval = Math.max(1, Number(url.searchParams.get('interval') ?? 10));
      const delay = Math.max(0, Number(url.searchParams.get('delay') ?? 50));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? Number.POSITIVE_INFINITY));
      sendJson(res, 200, JSON.stringify({ chan: openChannel(count, interval, delay, page) }));
      return;
    }
    case '/channel/requests':
      // What bench/longpoll-probe.ts reads before closing a channel.
      sendJson(
        res,
        200,
        JSON.stringify(channels.get(url.searchParams.get('chan') ?? '')?.requests ?? []),
      );
      return;
    case '/channel/close':
      closeChannel(url.searchParams.get('chan') ?? '');
      sendJson(res, 200, '{}');
      return;
    case '/feed':
      longPoll(url, req, res);
      return;
    case '/feed-empty':
      emptyFeed(url, res);
      return;
    case '/sse':
      eventStream(url, req, res);
      return;
    case '/stream':
      chunked(url, req, res);
      return;
    default:
      sendJson(res, 404, '{"code":404,"message":"not found"}');
  }
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  if (process.send) process.send({ port });
  else process.stdout.write(`bench server on http://127.0.0.1:${port}\n`);
});

// The parent going away (crash, Ctrl-C) must not leave an orphan listening.
process.on('disconnect', () => process.exit(0));

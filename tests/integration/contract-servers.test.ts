// DESIGN.md "Public contract → src/realtime" and the request layer's total deadline, against real
// loopback servers (node:http, ws), through the public barrels only. Every wait is bounded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, WebSocket as WS } from 'ws';
import * as z from 'zod';
import { createSocket, openEventStream, type ServerEvent, streamText } from '../../src/realtime';
import { activeTimerCount, createHttp } from '../../src/request';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Poll `check` every 10 ms for at most `ms`: a bounded wait for a real server. */
async function waitUntil(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('deadline', () => {
  it('timeout is a total deadline: a server trickling a byte at a time still times out', async () => {
    const base = await serve((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write('1,'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const http = createHttp({ baseURL: base, timeout: 300, retry: false, loading: false });
    const started = Date.now();
    await expect(http.get('/trickle')).rejects.toMatchObject({ kind: 'timeout' });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('openEventStream', () => {
  it('goes through the instance (token), parses events, reconnects with Last-Event-ID and retry:', async () => {
    const seen: Array<{ auth?: string; lastEventId?: string }> = [];
    const base = await serve((req, res) => {
      seen.push({
        auth: req.headers.authorization,
        lastEventId: req.headers['last-event-id'] as string | undefined,
      });
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (seen.length === 1) {
        // The server's retry: sets the reconnect delay; then the connection ends.
        res.end('retry: 50\n\nid: 1\ndata: {"n":"1"}\n\nevent: tick\ndata: {"n":"2"}\n\n');
      } else {
        res.write('id: 3\ndata: {"n":"3"}\n\n');
      }
    });
    const http = createHttp({ baseURL: base, loading: false, auth: { getToken: () => 'tok' } });
    const events: Array<ServerEvent<{ n: number }>> = [];
    const stream = openEventStream('/events', {
      http,
      schema: z.object({ n: z.coerce.number() }),
      onEvent: (event) => events.push(event),
    });
    cleanups.push(() => stream.close());
    await waitUntil(() => events.length === 3);
    expect(events).toEqual([
      { id: '1', event: 'message', data: { n: 1 } },
      // No id line: id is undefined, and the last id is kept for the reconnect.
      { id: undefined, event: 'tick', data: { n: 2 } },
      { id: '3', event: 'message', data: { n: 3 } },
    ]);
    expect(seen).toEqual([
      { auth: 'Bearer tok', lastEventId: undefined },
      { auth: 'Bearer tok', lastEventId: '1' },
    ]);
    expect(stream.lastEventId).toBe('3');
    stream.close();
    await expect(stream.done).resolves.toBeUndefined();
    expect(activeTimerCount()).toBe(0);
  });

  it('without a schema, data is the raw string', async () => {
    const base = await serve((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: plain text\n\n');
    });
    const events: ServerEvent[] = [];
    const stream = openEventStream(`${base}/raw`, {
      http: createHttp({ loading: false }),
      onEvent: (event) => events.push(event),
    });
    cleanups.push(() => stream.close());
    await waitUntil(() => events.length === 1);
    expect(events[0]).toEqual({ id: undefined, event: 'message', data: 'plain text' });
  });
});

describe('streamText', () => {
  it('hands each chunk as it arrives (the first before the server ends) and resolves with the whole text', async () => {
    let firstSeen = () => {};
    const first = new Promise<void>((resolve) => {
      firstSeen = resolve;
    });
    const base = await serve(async (_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.write('hello ');
      // The rest only once the client has the first chunk: proves it was not buffered.
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 3000))]);
      res.end('world');
    });
    const chunks: string[] = [];
    const text = await streamText(
      { url: `${base}/chunks` },
      {
        http: createHttp({ loading: false }),
        onChunk: (chunk) => {
          chunks.push(chunk);
          firstSeen();
        },
      },
    );
    expect(text).toBe('hello world');
    expect(chunks[0]).toBe('hello ');
    expect(chunks.join('')).toBe('hello world');
  });
});

describe('createSocket', () => {
  it('emit sends { name, data: [...args] }; on gets validated args spread; queues while disconnected; reconnects; close() ends it', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
    const received: string[] = [];
    let connections = 0;
    wss.on('connection', (socket) => {
      connections += 1;
      socket.on('message', (data) => received.push(String(data)));
      socket.send(JSON.stringify({ name: 'chat', data: ['hi', '5'] }));
      // An invalid message never reaches a handler.
      socket.send(JSON.stringify({ name: 'chat', data: [1, 2] }));
    });
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const heard: Array<[string, number]> = [];
    const socket = createSocket(url, {
      WebSocket: WS,
      events: { chat: z.tuple([z.string(), z.coerce.number()]) },
      reconnect: { min: 20, max: 50 },
    });
    cleanups.push(() => socket.close());
    socket.on('chat', (text, n) => heard.push([text, n]));
    // Sent before the connection is open: queued, then delivered.
    socket.emit('chat', 'queued', 1);
    await waitUntil(() => received.length === 1 && heard.length === 1);
    expect(JSON.parse(received[0] ?? '')).toEqual({ name: 'chat', data: ['queued', 1] });
    expect(heard).toEqual([['hi', 5]]);
    expect(socket.connected).toBe(true);

    // Drop the connection abnormally: emits meanwhile are queued and arrive after the reconnect.
    for (const client of wss.clients) client.terminate();
    await waitUntil(() => !socket.connected);
    socket.emit('chat', 'while down', 2);
    await waitUntil(() => connections === 2 && received.length === 2);
    expect(JSON.parse(received[1] ?? '')).toEqual({ name: 'chat', data: ['while down', 2] });

    socket.close();
    await waitUntil(() => !socket.connected);
    expect(() => socket.emit('chat', 'after close', 3)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connections).toBe(2);
  });
});

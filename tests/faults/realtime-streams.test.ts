import { describe, expect, it } from 'vitest';
import { openEventStream, type ReconnectInfo, streamText } from '../../src/realtime';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { pause, startServer, until } from './helpers/servers';

useOracle();

/** What a server reads from a header EventSource sent as UTF-8 bytes (Node hands them over as latin1). */
const utf8Header = (value: string | string[] | undefined) =>
  value === undefined ? undefined : Buffer.from(String(value), 'latin1').toString('utf8');

/** Reject when `promise` has not settled within `ms` (a hang is a failure, not a stuck test). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    pause(ms).then(() => {
      throw new Error(`still pending after ${ms} ms`);
    }),
  ]);
}

describe('SSE against a hostile server', () => {
  it('retry: 0 and an instant close: no tight loop, the backoff grows while no event arrives', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('retry: 0\n\n');
    });
    const http = kit({ baseURL: server.origin });
    const waits: ReconnectInfo[] = [];
    const stream = openEventStream('/events', {
      http,
      onEvent: () => undefined,
      onReconnect: (info) => waits.push(info),
    });
    const started = Date.now();
    await until(() => waits.length >= 3, 'three reconnect waits', 5000);
    stream.close();
    await stream.done;
    // Before: 62 connections in 300 ms. Now each wait is at least the floor, and the attempt (so
    // the backoff) keeps growing while no event arrives.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(server.arrived.length).toBeLessThanOrEqual(waits.length + 1);
    expect(waits.map((w) => w.attempt)).toEqual(waits.map((_, i) => i + 1));
    for (const wait of waits) expect(wait.delay).toBeGreaterThanOrEqual(250);
    // The third wait's base is 4x the floor: at least 2x it after jitter.
    expect(waits[2]?.delay).toBeGreaterThanOrEqual(500);
  });

  it('an event delivered resets the backoff', async () => {
    let n = 0;
    const server = await startServer((_req, res) => {
      n += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`retry: 0\nid: ${n}\ndata: hi\n\n`);
    });
    const http = kit({ baseURL: server.origin });
    const waits: ReconnectInfo[] = [];
    const stream = openEventStream('/events', {
      http,
      onEvent: () => undefined,
      onReconnect: (info) => waits.push(info),
    });
    await until(() => waits.length >= 2, 'two reconnects');
    stream.close();
    await stream.done;
    expect(waits.map((w) => w.attempt)).toEqual(waits.map(() => 1));
  });

  it('a non-Latin-1 Last-Event-ID reaches the server UTF-8 encoded, as EventSource sends it', async () => {
    const ids = ['事件-7', 'evt-🎉-8'];
    const seen: (string | undefined)[] = [];
    const server = await startServer((req, res) => {
      seen.push(utf8Header(req.headers['last-event-id']));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`id: ${ids[1]}\ndata: x\n\n`);
    });
    const http = kit({ baseURL: server.origin });
    const stream = openEventStream('/events', {
      http,
      lastEventId: ids[0],
      onEvent: () => undefined,
      reconnect: { min: 10, max: 20 },
    });
    await until(() => seen.length >= 2, 'a reconnect');
    stream.close();
    await stream.done;
    expect(seen.slice(0, 2)).toEqual(ids);
  });
});

describe('streamText deadline', () => {
  it('config.timeout is total: a body trickling for ever still times out', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // The first piece goes with the headers, so a loaded machine still gets one before the deadline.
      res.write('.');
      const timer = setInterval(() => res.write('.'), 30);
      res.on('close', () => clearInterval(timer));
    });
    const reported: string[] = [];
    const http = kit({ baseURL: server.origin, onError: (e) => reported.push(e.kind) });
    const chunks: string[] = [];
    const started = Date.now();
    await expectApiError(
      within(
        streamText({ url: '/chat', timeout: 500 }, { http, onChunk: (c) => chunks.push(c) }),
        6000,
      ),
      { kind: 'timeout' },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    expect(chunks.length).toBeGreaterThan(0);
    // Told to onError as the timeout it is (its own abort is not a cancel of the caller's).
    expect(reported).toEqual(['timeout']);
  });
});

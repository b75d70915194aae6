import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineStream } from '../../src/realtime';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { pause, startServer } from './helpers/servers';

useOracle();

const events = z.object({ n: z.number() });

describe('a POST stream is never re-sent by itself', () => {
  it('resume: true, dropped before the server gave any id: kind network, sent once (nothing to resume from)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Events without an id: a new request could only start the answer over (a second generation).
      res.write('retry: 10\ndata: {"n":1}\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const http = kit({ baseURL: server.origin });
    const chat = defineStream({ method: 'POST', path: '/chat', events, http, resume: true });
    const call = chat();
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const e of call) seen.push(e.data);
    })();
    await expectApiError(loop, { kind: 'network' });
    await pause(100);
    expect(seen).toEqual([{ n: 1 }]);
    expect(server.arrived.map((a) => a.method)).toEqual(['POST']);
  });

  it('resume: true, dropped before any event: kind network, sent once', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 10\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const http = kit({ baseURL: server.origin });
    const call = defineStream({ method: 'POST', path: '/chat', events, http, resume: true })();
    await expectApiError(call.done, { kind: 'network' });
    await pause(100);
    expect(server.arrived).toHaveLength(1);
  });

  it('resume: true, the server cleared the id (an empty id:): nothing to resume from, sent once', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 10\nid: 1\ndata: {"n":1}\n\nid\ndata: {"n":2}\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const http = kit({ baseURL: server.origin });
    const call = defineStream({ method: 'POST', path: '/chat', events, http, resume: true })();
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const e of call) seen.push(e.data);
    })();
    await expectApiError(loop, { kind: 'network' });
    await pause(100);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(server.arrived).toHaveLength(1);
  });

  it('a GET stream whose id was cleared reconnects without Last-Event-ID, as EventSource does', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (server.arrived.length === 1) {
        res.write('retry: 10\nid: 1\ndata: {"n":1}\n\nid\ndata: {"n":2}\n\n');
        setTimeout(() => res.socket?.destroy(), 20);
      } else res.end('data: {"n":3}\n\ndata: [DONE]\n\n');
    });
    const http = kit({ baseURL: server.origin });
    const call = defineStream({ method: 'GET', path: '/feed', events, http })();
    const seen: unknown[] = [];
    for await (const e of call) seen.push(e.data);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(server.arrived.map((a) => a.headers['last-event-id'])).toEqual([undefined, undefined]);
  });
});

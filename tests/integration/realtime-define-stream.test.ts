import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineStream } from '../../src/realtime';
import { ApiError, createHttp, type HttpOptions } from '../../src/request';
import { useServer } from './helpers/use-server';
import { sseHead, waitFor } from './realtime-server';

const serve = useServer();

const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().optional() }) })),
});
const chatBody = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().min(1) })),
});

function chatOf(http: ReturnType<typeof createHttp>, extra: { resume?: boolean } = {}) {
  return defineStream({
    method: 'POST',
    path: '/chat/completions',
    body: chatBody,
    events: chunkSchema,
    http,
    ...extra,
  });
}

const ask = { body: { model: 'fake', messages: [{ role: 'user' as const, content: 'hi' }] } };

function chunk(text: string): string {
  return `data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (piece: string) => {
      text += piece;
    });
    req.on('end', () => resolve(text));
  });
}

/** Write `bytes` one byte per write, a timer turn apart, so each byte is its own TCP chunk. */
async function writeByteByByte(res: ServerResponse, bytes: Buffer): Promise<void> {
  for (const byte of bytes) {
    if (res.destroyed) return;
    res.write(Buffer.from([byte]));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

function httpFor(baseURL: string, options: HttpOptions = {}) {
  return createHttp({ baseURL, loading: false, ...options });
}

describe('defineStream over a real server', () => {
  it('POSTs the parsed body with the token, yields typed events and ends at [DONE] without yielding it', async () => {
    let body = '';
    const s = await serve(async (req, res) => {
      body = await readBody(req);
      sseHead(res);
      res.write(chunk('Hel') + chunk('lo'));
      // Anything after [DONE] is not the caller's.
      res.write(`data: [DONE]\n\n${chunk('late')}`);
    });
    const http = httpFor(s.baseURL, { auth: { getToken: () => 't1' } });
    const stream = chatOf(http)(ask);
    const events = await collect(stream);
    expect(events.map((e) => e.data.choices[0]?.delta.content)).toEqual(['Hel', 'lo']);
    expect(events[0]).toEqual({
      event: 'message',
      id: undefined,
      data: { choices: [{ delta: { content: 'Hel' } }] },
    });
    await expect(stream.done).resolves.toBeUndefined();
    expect(s.seen[0]?.method).toBe('POST');
    expect(s.seen[0]?.headers.authorization).toBe('Bearer t1');
    expect(s.seen[0]?.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(body)).toEqual(ask.body);
    // The connection is let go of at [DONE], though the server never ended it.
    await s.seen[0]?.closed;
  });

  it('delivers events split anywhere across chunks, mid-line and mid-UTF-8 character, intact', async () => {
    const texts = ['你好，世界', 'ça va? 🙂', 'a\u00e9\u20ac\u{1f600}z'];
    const wire = Buffer.from(
      `${texts.map((t, i) => `id: ${i}\r\n${chunk(t).replace('\n\n', '\r\n\r\n')}`).join('')}data: [DONE]\n\n`,
    );
    const s = await serve((_req, res) => {
      sseHead(res);
      void writeByteByByte(res, wire).then(() => res.end());
    });
    const stream = chatOf(httpFor(s.baseURL))(ask);
    const events = await collect(stream);
    expect(events.map((e) => [e.id, e.data.choices[0]?.delta.content])).toEqual(
      texts.map((t, i) => [String(i), t]),
    );
    expect(stream.lastEventId).toBe('2');
  });

  it('rejects bad input with kind validation before anything is sent, and reports it once', async () => {
    const s = await serve((_req, res) => res.end());
    const onError = vi.fn();
    const stream = chatOf(httpFor(s.baseURL, { onError }))({
      body: { model: 'fake', messages: [{ role: 'user', content: '' }] },
    });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'validation',
      part: 'body',
      endpoint: 'POST /chat/completions',
    });
    await expect(stream.done).rejects.toBe(error);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(s.seen).toHaveLength(0);
  });

  it('types events by name from a map: unknown names skipped, __proto__ and constructor are valid names', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write('event: delta\ndata: {"text":"a"}\n\n');
      res.write('event: toString\ndata: {"x":1}\n\n');
      res.write('event: ping\ndata: not json at all\n\n');
      res.write('event: __proto__\ndata: {"p":true}\n\n');
      res.write('event: constructor\ndata: {"c":2}\n\n');
      res.write('event: usage\nid: u1\ndata: {"tokens":3}\n\n');
      res.end();
    });
    const stream = defineStream({
      method: 'GET',
      path: '/events',
      events: {
        delta: z.object({ text: z.string() }),
        usage: z.object({ tokens: z.number() }),
        ['__proto__']: z.object({ p: z.boolean() }),
        constructor: z.object({ c: z.number() }),
      },
      http: httpFor(s.baseURL),
    })();
    const events = await collect(stream);
    expect(events).toEqual([
      { event: 'delta', data: { text: 'a' }, id: undefined },
      { event: '__proto__', data: { p: true }, id: undefined },
      { event: 'constructor', data: { c: 2 }, id: undefined },
      { event: 'usage', data: { tokens: 3 }, id: 'u1' },
    ]);
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('ends with kind validation at an event that fails its schema, after the events before it, and aborts', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(`${chunk('ok')}data: {"choices":"nope"}\n\n${chunk('never')}`);
    });
    const onError = vi.fn();
    const stream = chatOf(httpFor(s.baseURL, { onError }))(ask);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of stream) seen.push(e.data.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['ok']);
    expect(error).toMatchObject({ kind: 'validation', part: 'response', method: 'POST' });
    expect((error as ApiError).issues?.length).toBeGreaterThan(0);
    await expect(stream.done).rejects.toBe(error);
    expect(onError).toHaveBeenCalledWith(error);
    await s.seen[0]?.closed;
  });

  it('ends cleanly when the body simply ends, with no [DONE]', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.end(chunk('only'));
    });
    const stream = chatOf(httpFor(s.baseURL))(ask);
    expect(await collect(stream)).toHaveLength(1);
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('a custom isEnd sees the raw event before the name filter', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(
        'event: a\ndata: {"n":1}\n\nevent: finish\ndata: bye\n\nevent: a\ndata: {"n":2}\n\n',
      );
    });
    const isEnd = vi.fn((event: { event: string; data: string }) => event.event === 'finish');
    const stream = defineStream({
      method: 'GET',
      path: '/e',
      events: { a: z.object({ n: z.number() }) },
      isEnd,
      http: httpFor(s.baseURL),
    })();
    expect((await collect(stream)).map((e) => e.data.n)).toEqual([1]);
    expect(isEnd).toHaveBeenCalledWith({ event: 'finish', data: 'bye', id: undefined });
  });

  it('breaking out of for await aborts the request', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(chunk('a') + chunk('b'));
    });
    const stream = chatOf(httpFor(s.baseURL))(ask);
    for await (const _ of stream) break;
    await s.seen[0]?.closed;
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('close() ends the iteration quietly and aborts the request', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(chunk('a'));
    });
    const stream = chatOf(httpFor(s.baseURL))(ask);
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const e of stream) {
        seen.push(e);
        stream.close();
      }
    })();
    await expect(loop).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
    await expect(stream.done).resolves.toBeUndefined();
    await s.seen[0]?.closed;
  });

  it("the caller's signal ends it with kind canceled, not reported to onError", async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(chunk('a'));
    });
    const onError = vi.fn();
    const controller = new AbortController();
    const stream = chatOf(httpFor(s.baseURL, { onError }))(ask, { signal: controller.signal });
    const loop = collect(stream);
    await waitFor(() => s.seen.length === 1);
    controller.abort();
    await expect(loop).rejects.toMatchObject({ kind: 'canceled', method: 'POST' });
    await expect(stream.done).rejects.toMatchObject({ kind: 'canceled' });
    await s.seen[0]?.closed;
    expect(onError).not.toHaveBeenCalled();
  });

  it('a POST stream whose connection drops ends with kind network and is not sent again', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write(`id: 1\n${chunk('a')}`);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const stream = chatOf(httpFor(s.baseURL))(ask);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const e of stream) seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'network', method: 'POST' });
    // Give a (wrong) resend a moment to show itself.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.seen).toHaveLength(1);
  });

  it('resume: true sends a dropped POST again with Last-Event-ID, after the server retry', async () => {
    const s = await serve(async (req, res, index) => {
      await readBody(req);
      sseHead(res);
      if (index === 0) {
        res.write(`retry: 10\nid: 1\n${chunk('a')}`);
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.end(`id: 2\n${chunk('b')}data: [DONE]\n\n`);
      }
    });
    const stream = chatOf(httpFor(s.baseURL), { resume: true })(ask);
    const events = await collect(stream);
    expect(events.map((e) => e.id)).toEqual(['1', '2']);
    expect(s.seen.map((r) => [r.method, r.headers['last-event-id']])).toEqual([
      ['POST', undefined],
      ['POST', '1'],
    ]);
    expect(stream.lastEventId).toBe('2');
  });

  it('a GET stream reconnects after a drop, with Last-Event-ID', async () => {
    const s = await serve((_req, res, index) => {
      sseHead(res);
      if (index === 0) {
        res.write('retry: 10\nid: é7\ndata: {"n":1}\n\n');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.end('id: 8\ndata: {"n":2}\n\n');
      }
    });
    const stream = defineStream({
      method: 'GET',
      path: '/feed',
      events: z.object({ n: z.number() }),
      http: httpFor(s.baseURL),
    })();
    expect((await collect(stream)).map((e) => e.data.n)).toEqual([1, 2]);
    // Sent as UTF-8 bytes, as EventSource does (a header value is a byte string).
    const sent = s.seen.map((r) => r.headers['last-event-id']);
    expect(sent[0]).toBeUndefined();
    expect(Buffer.from(String(sent[1]), 'latin1').toString('utf8')).toBe('é7');
  });

  it('refreshes the token on a 401 before the stream starts, and sends it again once', async () => {
    const s = await serve(async (req, res) => {
      await readBody(req);
      if (req.headers.authorization !== 'Bearer fresh') {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end('{"message":"expired"}');
        return;
      }
      sseHead(res);
      res.end(`${chunk('hi')}data: [DONE]\n\n`);
    });
    let token = 'old';
    const refresh = vi.fn(async () => {
      token = 'fresh';
      return token;
    });
    const http = httpFor(s.baseURL, { auth: { getToken: () => token, refresh } });
    const events = await collect(chatOf(http)(ask));
    expect(events).toHaveLength(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer fresh']);
  });

  it('a 401 that the refresh does not cure rejects with it; the refresh ran once', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"message":"Session revoked"}');
    });
    const refresh = vi.fn(async () => 'new');
    const http = httpFor(s.baseURL, { auth: { getToken: () => 'old', refresh } });
    const error = await collect(chatOf(http)(ask)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 401, message: 'Session revoked' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.seen).toHaveLength(2);
  });

  it('sends no token to another origin (the origin rule of the instance)', async () => {
    const other = await serve((_req, res) => {
      sseHead(res);
      res.end('data: {"n":1}\n\n');
    });
    const stream = defineStream({
      method: 'GET',
      path: '/feed',
      events: z.object({ n: z.number() }),
      http: httpFor('http://localhost:9/api', { auth: { getToken: () => 'secret' } }),
      config: { baseURL: other.baseURL },
    })();
    expect(await collect(stream)).toHaveLength(1);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('a 429 from the gateway rejects with its status, body and Retry-After, reported once', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end('{"message":"Rate limit reached, try again in 7s","type":"rate_limit"}');
    });
    const onError = vi.fn();
    const stream = chatOf(httpFor(s.baseURL, { onError }))(ask);
    const error = (await collect(stream).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    // The server's own words, as an endpoint's error carries them.
    expect(error).toMatchObject({
      kind: 'http',
      status: 429,
      method: 'POST',
      message: 'Rate limit reached, try again in 7s',
    });
    expect(error.url).toBe(`${s.baseURL}/chat/completions`);
    expect(error.response?.data).toEqual({
      message: 'Rate limit reached, try again in 7s',
      type: 'rate_limit',
    });
    expect(error.response?.headers['retry-after']).toBe('7');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
    expect(s.seen).toHaveLength(1);
  });

  it('a 200 JSON envelope instead of a stream rejects as an endpoint would: kind business, the server message', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"code":4031,"message":"Quota exceeded for today","data":null}');
    });
    const onError = vi.fn();
    const http = httpFor(s.baseURL, { envelope: {}, onError });
    const error = (await collect(chatOf(http)(ask)).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({
      kind: 'business',
      code: 4031,
      message: 'Quota exceeded for today',
      status: 200,
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(s.seen).toHaveLength(1);
  });

  it('a 200 JSON body the instance accepts is still not a stream: kind validation, body kept', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"answer":"whole"}');
    });
    const error = (await collect(chatOf(httpFor(s.baseURL))(ask)).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toMatchObject({ kind: 'validation', part: 'response', status: 200 });
    expect(error.response?.data).toEqual({ answer: 'whole' });
    expect(error.detail).toContain('application/json');
  });
});

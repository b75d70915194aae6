// Issue 13: every human message of realtime and polling comes from the instance's message table,
// so a zh-CN app shows Chinese for a stream's failure too (before: inline English).

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  enMessages,
  enPollMessages,
  enRealtimeMessages,
  enRequestMessages,
  MESSAGE_KEYS,
} from '../../src/core';
import { zhCNMessages } from '../../src/core/messages-zh-CN';
import { pollUntil } from '../../src/polling';
import { defineStream, openEventStream, streamText } from '../../src/realtime';
import { realtimeError } from '../../src/realtime/errors';
import { socketContext } from '../../src/realtime/socket-message';
import type { ApiError } from '../../src/request';
import { sseFailures } from '../integration/helpers/sse-failures';
import { kit, useOracle } from './helpers/oracle';
import { startServer } from './helpers/servers';

useOracle();

const zh = () => kit({ messages: zhCNMessages });

describe('the built-in tables', () => {
  it('name every key, in English and in Chinese', () => {
    for (const key of MESSAGE_KEYS) {
      expect(enMessages[key], `en ${key}`).toMatch(/\S/);
      expect(zhCNMessages[key], `zh-CN ${key}`).toMatch(/\S/);
    }
  });

  it("enMessages is the three layers' English parts, each key in one part", () => {
    const parts = [enRequestMessages, enRealtimeMessages, enPollMessages];
    const keys = parts.flatMap((part) => Object.keys(part));
    expect(new Set(keys).size).toBe(keys.length);
    expect(enMessages).toEqual(Object.assign({}, ...parts));
    // An instance carries the request layer's texts only: the others live with their layers.
    const http = kit();
    expect(http.messages).toEqual(enRequestMessages);
    expect(http.messages).not.toHaveProperty('streamEnded');
    expect(http.messages).not.toHaveProperty('pollTimeout');
  });
});

describe("an app's table over the layers' English texts", () => {
  const own = { streamEnded: 'Gone.', pollTimeout: 'Slow.', default: 'Failed.' };

  it('openEventStream: the key the app gives wins, the English text of the others is kept', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: not json\n\n');
    });
    const http = kit({ messages: own });
    http.defaults.baseURL = server.origin;
    const seen: ApiError[] = [];
    const stream = openEventStream('/events', {
      http,
      schema: z.object({ n: z.number() }),
      onEvent: () => undefined,
      onError: (error) => seen.push(error),
      reconnect: false,
    });
    await stream.done.catch(() => undefined);
    // Not the table's `default`: the stream layer's English text fills what the app left out.
    expect(seen[0]).toMatchObject({ kind: 'validation', message: enMessages.eventData });
    expect(seen[1]).toMatchObject({ kind: 'network', message: 'Gone.' });
  });

  it('pollUntil with http.messages, and a socket with a table of its own', async () => {
    const poll = (messages: typeof own | Readonly<typeof enRequestMessages>) =>
      pollUntil(async () => 1, { until: () => false, interval: 5, timeout: 20, messages });
    await expect(poll(kit({ messages: own }).messages)).rejects.toMatchObject({
      message: 'Slow.',
    });
    await expect(poll(kit().messages)).rejects.toMatchObject({ message: enMessages.pollTimeout });
    const context = socketContext('ws://127.0.0.1:1/ws', { messages: { default: 'Failed.' } });
    expect(realtimeError(context, 'network', 'socketClosed', 'Closed.').message).toBe(
      enMessages.socketClosed,
    );
    expect(realtimeError(context, 'network', 404, 'Not found.').message).toBe('Failed.');
  });
});

describe('a zh-CN instance speaks Chinese for a stream that fails', () => {
  it('openEventStream: 204, a wrong content type, an HTTP error, bad event data, an end', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/204') return void res.writeHead(204).end();
      if (req.url === '/html')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>');
      if (req.url === '/404') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: not json\n\n');
    });
    const http = zh();
    http.defaults.baseURL = server.origin;
    const failureOf = (path: string, schema?: z.ZodType) => sseFailures(path, http, schema);
    const [closed] = await failureOf('/204');
    expect(closed).toMatchObject({ kind: 'http', status: 204, message: zhCNMessages.streamClosed });
    const [html] = await failureOf('/html');
    expect(html).toMatchObject({ kind: 'validation', message: zhCNMessages.validation });
    expect(html?.detail).toContain('text/html');
    const [missing] = await failureOf('/404');
    expect(missing).toMatchObject({ kind: 'http', status: 404, message: zhCNMessages[404] });
    // The full URL, built by the same function as every request's (requestUrl).
    expect(missing?.url).toBe(`${server.origin}/404`);
    const [badData, ended] = await failureOf('/events', z.object({ n: z.number() }));
    expect(badData).toMatchObject({ kind: 'validation', message: zhCNMessages.eventData });
    expect(badData?.detail).toContain('not JSON');
    expect(ended).toMatchObject({ kind: 'network', message: zhCNMessages.streamEnded });
  });

  it('defineStream and streamText take the same table', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(req.url === '/bad' ? 'data: {"n":"x"}\n\n' : 'data: hi\n\n');
    });
    const http = zh();
    http.defaults.baseURL = server.origin;
    const events = defineStream({
      method: 'POST',
      path: '/bad',
      events: z.object({ n: z.number() }),
      http,
    });
    const call = events();
    await expect(call.done).rejects.toMatchObject({
      kind: 'validation',
      message: zhCNMessages.eventData,
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      streamText({ url: '/text' }, { http, onChunk: () => undefined, signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'canceled', message: zhCNMessages.canceled });
  });
});

describe("polling's own errors take the table it is given", () => {
  it('PollTimeoutError and a cancel', async () => {
    const timeout = pollUntil(async () => 1, {
      until: () => false,
      interval: 5,
      timeout: 30,
      messages: zhCNMessages,
    });
    await expect(timeout).rejects.toMatchObject({
      kind: 'timeout',
      message: zhCNMessages.pollTimeout,
    });
    await expect(timeout).rejects.toHaveProperty('detail', expect.stringContaining('30 ms'));
    const controller = new AbortController();
    controller.abort();
    await expect(
      pollUntil(async () => 1, {
        until: () => true,
        signal: controller.signal,
        messages: zhCNMessages,
      }),
    ).rejects.toMatchObject({ kind: 'canceled', message: zhCNMessages.canceled });
  });
});

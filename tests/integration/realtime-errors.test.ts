// The errors streams make by name (realtimeError, realtime/errors.ts): kind, the table's message,
// the specifics in `detail`, the request, and what each one keeps beside them.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { enMessages } from '../../src/core';
import { defineStream, streamText } from '../../src/realtime';
import { type ApiError, createHttp } from '../../src/request';
import { sseFailures } from './helpers/sse-failures';
import { useServer } from './helpers/use-server';
import { sseHead } from './realtime-server';

const serve = useServer();

async function instanceFor(handler: Parameters<typeof serve>[0]) {
  const server = await serve(handler);
  return createHttp({ baseURL: server.baseURL, loading: false, retry: false });
}

describe('the errors of openEventStream', () => {
  it('a 204, a wrong content type, bad event data, an end', async () => {
    const http = await instanceFor((req, res) => {
      if (req.url === '/204') return void res.writeHead(204).end();
      if (req.url === '/html') {
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>');
      }
      sseHead(res);
      res.end('data: {"n":"x"}\n\n');
    });
    const url = `${http.defaults.baseURL}`;
    expect(await sseFailures('/204', http)).toEqual([
      expect.objectContaining({
        kind: 'http',
        status: 204,
        message: enMessages.streamClosed,
        detail: 'The server closed the event stream (204).',
        method: 'GET',
        url: `${url}/204`,
      }),
    ]);
    const [html] = await sseFailures('/html', http);
    expect(html).toMatchObject({
      kind: 'validation',
      part: 'response',
      status: 200,
      message: enMessages.validation,
      url: `${url}/html`,
    });
    expect(html?.detail).toContain("got 'text/html'");
    const [bad, ended] = await sseFailures('/events', http, z.object({ n: z.number() }));
    expect(bad).toMatchObject({
      kind: 'validation',
      part: 'response',
      status: 200,
      message: enMessages.eventData,
      response: { status: 200, data: { n: 'x' } },
    });
    expect(bad?.issues?.[0]?.path).toEqual(['n']);
    expect(bad?.detail).toContain("event 'message'");
    expect(ended).toMatchObject({
      kind: 'network',
      message: enMessages.streamEnded,
      detail: 'The event stream ended.',
      url: `${url}/events`,
    });
  });
});

describe('the errors of defineStream and streamText', () => {
  it('isEnd that throws, a JSON answer the instance accepts', async () => {
    const http = await instanceFor((req, res) => {
      if (req.url === '/json') {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}');
      }
      sseHead(res);
      res.end('data: hi\n\n');
    });
    const broken = new Error('isEnd broke');
    const events = defineStream({
      method: 'POST',
      path: '/events',
      events: z.string(),
      isEnd: () => {
        throw broken;
      },
      http,
    });
    const failure = await events().done.then(
      () => undefined,
      (error: ApiError) => error,
    );
    expect(failure).toMatchObject({
      kind: 'validation',
      part: 'response',
      message: enMessages.eventData,
      method: 'POST',
      url: `${http.defaults.baseURL}/events`,
      cause: broken,
    });
    expect(failure?.detail).toContain('isEnd threw');
    // Still not a stream: the answer is kept on the error.
    const json = defineStream({ method: 'GET', path: '/json', events: z.string(), http });
    await expect(json().done).rejects.toMatchObject({
      kind: 'validation',
      part: 'response',
      status: 200,
      message: enMessages.validation,
      detail: expect.stringContaining("got 'application/json'"),
      response: { status: 200, data: { ok: 1 } },
    });
  });

  it('streamText past its deadline: kind timeout, the table message, the request', async () => {
    const http = await instanceFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('.');
    });
    await expect(
      streamText({ url: '/slow', timeout: 100 }, { http, onChunk: () => undefined }),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: enMessages.timeout,
      method: 'GET',
      url: `${http.defaults.baseURL}/slow`,
    });
  });
});

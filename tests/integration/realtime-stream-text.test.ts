import { describe, expect, it } from 'vitest';
import { streamText } from '../../src/realtime';
import { ApiError, activeTimerCount, createHttp, enMessages } from '../../src/request';
import { useServer } from './helpers/use-server';

const serve = useServer();

/** A gate the test opens; the server waits on it (bounded, so a broken stream cannot hang). */
function gate(ms = 3000) {
  let open = () => {};
  const opened = new Promise<boolean>((resolve) => {
    open = () => resolve(true);
    setTimeout(() => resolve(false), ms);
  });
  return { open, opened };
}

describe('streamText (Node: body stream)', () => {
  it('hands the first chunk over before the server has finished, then resolves with the whole text', async () => {
    const firstSeen = gate();
    let ended = false;
    let gateWasOpened: boolean | undefined;
    const s = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.write('hello ');
      gateWasOpened = await firstSeen.opened;
      // A multi-byte character split across two writes must come out whole.
      const bytes = Buffer.from('wörld');
      res.write(bytes.subarray(0, 2));
      setTimeout(() => {
        res.end(bytes.subarray(2));
        ended = true;
      }, 20);
    });
    const chunks: string[] = [];
    const endedAtFirstChunk: boolean[] = [];
    const text = await streamText(
      { url: '/stream' },
      {
        http: createHttp({ baseURL: s.baseURL }),
        onChunk: (chunk) => {
          chunks.push(chunk);
          endedAtFirstChunk.push(ended);
          firstSeen.open();
        },
      },
    );
    expect(text).toBe('hello wörld');
    expect(chunks[0]).toBe('hello ');
    expect(endedAtFirstChunk[0]).toBe(false);
    expect(gateWasOpened).toBe(true);
    expect(chunks.join('')).toBe(text);
    expect(activeTimerCount()).toBe(0);
  });

  it('aborts mid-stream with an ApiError of kind canceled and closes the connection', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('part one');
    });
    const controller = new AbortController();
    const chunks: string[] = [];
    const result = streamText(
      { url: '/stream' },
      {
        http: createHttp({ baseURL: s.baseURL }),
        signal: controller.signal,
        onChunk: (chunk) => {
          chunks.push(chunk);
          controller.abort();
        },
      },
    );
    await expect(result).rejects.toBeInstanceOf(ApiError);
    // The full URL, as every error of the instance carries it (requestUrl).
    await expect(result).rejects.toMatchObject({
      kind: 'canceled',
      method: 'GET',
      url: `${s.baseURL}/stream`,
    });
    expect(chunks).toEqual(['part one']);
    await s.seen[0]?.closed;
  });

  it('rejects an HTTP error with an ApiError carrying what the server said', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"boom"}');
    });
    const chunks: string[] = [];
    const result = streamText(
      { url: '/stream', method: 'post', data: { prompt: 'hi' } },
      { http: createHttp({ baseURL: s.baseURL }), onChunk: (chunk) => chunks.push(chunk) },
    );
    await expect(result).rejects.toMatchObject({
      kind: 'http',
      status: 500,
      method: 'POST',
      response: { data: { error: 'boom' } },
    });
    expect(chunks).toEqual([]);
    expect(s.seen).toHaveLength(1);
  });

  it.each([
    ['the default rule', {}, 429, { message: '今日额度已用完' }, '今日额度已用完'],
    [
      'the default rule, msg',
      {},
      403,
      { code: 40301, msg: 'Subscribers only' },
      'Subscribers only',
    ],
    [
      'serverMessage: false',
      { serverMessage: false },
      404,
      { message: 'No such story' },
      undefined,
    ],
    [
      'a serverMessage rule',
      { serverMessage: (body: unknown) => (body as { error?: string }).error },
      500,
      { error: 'Model overloaded', message: 'ignored' },
      'Model overloaded',
    ],
  ] as const)(
    "takes a JSON refusal's message as an endpoint does (%s)",
    async (_name, options, status, body, expected) => {
      let errors = 0;
      const s = await serve((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      });
      const http = createHttp({
        baseURL: s.baseURL,
        retry: false,
        loading: false,
        onError: () => {
          errors += 1;
        },
        ...options,
      });
      const chunks: string[] = [];
      const error = (await streamText(
        { url: '/stream', method: 'post', data: { prompt: 'hi' } },
        { http, onChunk: (chunk) => chunks.push(chunk) },
      ).then(
        () => undefined,
        (e: unknown) => e,
      )) as ApiError;
      const table = enMessages[status];
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'http', status, method: 'POST', fallbackMessage: table });
      expect(error.message).toBe(expected ?? table);
      expect(error.url).toBe(`${s.baseURL}/stream`);
      expect(error.response?.data).toEqual(body);
      expect(chunks).toEqual([]);
      expect(s.seen).toHaveLength(1);
      // Reported to onError once, as any failed request is.
      expect(errors).toBe(1);
    },
  );

  it('rejects with a network ApiError when the server drops the connection mid-stream', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const chunks: string[] = [];
    const result = streamText(
      { url: '/stream' },
      { http: createHttp({ baseURL: s.baseURL }), onChunk: (chunk) => chunks.push(chunk) },
    );
    await expect(result).rejects.toMatchObject({ kind: 'network' });
    expect(chunks).toEqual(['partial']);
  });

  it('hands back an exception thrown by onChunk and stops the request', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('x');
    });
    const bug = new Error('bug in onChunk');
    const result = streamText(
      { url: '/stream' },
      {
        http: createHttp({ baseURL: s.baseURL }),
        onChunk: () => {
          throw bug;
        },
      },
    );
    await expect(result).rejects.toBe(bug);
    await s.seen[0]?.closed;
  });
});

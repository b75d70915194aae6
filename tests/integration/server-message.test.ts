import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiError, createHttp, enMessages, type HttpOptions } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server answering every request with `status` and `body` (JSON unless a string is given). */
async function answering(status: number, body: unknown, type = 'application/json') {
  const server = await startServer((_req, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  servers.push(server);
  return server;
}

async function failure(status: number, body: unknown, options: HttpOptions = {}, type?: string) {
  const server = await answering(status, body, type);
  const http = createHttp({ baseURL: server.url, retry: false, loading: false, ...options });
  return (await http.get('/x').then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  )) as ApiError;
}

describe("the server's own message (real loopback server)", () => {
  it("a JSON error body's `message` becomes ApiError.message; the table's text is the fallback", async () => {
    const error = await failure(409, { message: 'This name is already taken.' });
    expect(error).toMatchObject({
      kind: 'http',
      status: 409,
      message: 'This name is already taken.',
      fallbackMessage: enMessages[409],
    });
    expect(error.response?.data).toEqual({ message: 'This name is already taken.' });
    expect(error.toJSON()).toMatchObject({ fallbackMessage: enMessages[409] });
  });

  it('`msg` is read too; `message` wins over `msg`; blank text counts as none', async () => {
    expect((await failure(400, { msg: '参数错误' })).message).toBe('参数错误');
    expect((await failure(400, { msg: 'second', message: 'first' })).message).toBe('first');
    expect((await failure(400, { message: '  \n ', msg: 'from msg' })).message).toBe('from msg');
    const blank = await failure(400, { message: '', msg: '   ' });
    expect(blank.message).toBe(enMessages[400]);
    expect(blank.fallbackMessage).toBe(enMessages[400]);
  });

  it('a body that gives no message keeps the table: HTML, text, non-strings, inherited keys', async () => {
    const html = '<html><body>{"message":"no"}</body></html>';
    expect((await failure(502, html, {}, 'text/html')).message).toBe(enMessages[502]);
    expect((await failure(500, { message: 42, msg: { text: 'x' } })).message).toBe(enMessages[500]);
    expect((await failure(500, ['message'])).message).toBe(enMessages[500]);
    // A JSON `__proto__` key is an own property, never a prototype to read `message` through.
    const proto = '{"__proto__":{"message":"from the prototype"}}';
    expect((await failure(500, proto)).message).toBe(enMessages[500]);
  });

  it('a long or multi-line message is put on one line and cut to 200 characters', async () => {
    const error = await failure(422, { message: `line one\n\tline two ${'x'.repeat(400)}` });
    expect(error.message.startsWith('line one line two x')).toBe(true);
    expect(error.message).toHaveLength(200);
    expect(error.message.endsWith('…')).toBe(true);
  });

  it("the envelope's message key is read for a not-ok code, and for an error status too", async () => {
    const envelope = { message: 'errMsg' };
    const business = await failure(
      200,
      { code: 40013, errMsg: 'Your plan has no exports.' },
      {
        envelope,
      },
    );
    expect(business).toMatchObject({
      kind: 'business',
      code: 40013,
      message: 'Your plan has no exports.',
      fallbackMessage: enMessages.default,
    });
    // `msg` is the next choice when the envelope's own key is blank.
    const viaMsg = await failure(200, { code: 1, errMsg: '', msg: 'via msg' }, { envelope });
    expect(viaMsg.message).toBe('via msg');
    const status = await failure(
      403,
      { code: 403, errMsg: 'Only admins may export.' },
      {
        envelope,
      },
    );
    expect(status).toMatchObject({ kind: 'http', message: 'Only admins may export.' });
  });

  it('`serverMessage: false` keeps the table for every kind', async () => {
    const http = await failure(404, { message: 'Not here' }, { serverMessage: false });
    expect(http.message).toBe(enMessages[404]);
    const business = await failure(
      200,
      { code: 7, message: 'No' },
      {
        envelope: {},
        serverMessage: false,
      },
    );
    expect(business.message).toBe(enMessages.default);
  });

  it('a `serverMessage` function picks the text; undefined or blank falls back', async () => {
    const serverMessage = (body: unknown) =>
      (body as { error?: { detail?: string } } | null)?.error?.detail;
    const picked = await failure(
      400,
      { error: { detail: 'Email is invalid.' } },
      { serverMessage },
    );
    expect(picked).toMatchObject({
      message: 'Email is invalid.',
      fallbackMessage: enMessages[400],
    });
    expect((await failure(400, { message: 'ignored' }, { serverMessage })).message).toBe(
      enMessages[400],
    );
    const business = await failure(
      200,
      { code: 9, error: { detail: 'Quota used up.' } },
      {
        envelope: {},
        serverMessage,
      },
    );
    expect(business.message).toBe('Quota used up.');
  });

  it('a server that echoes the token never puts it in the message (log-safe)', async () => {
    const token = 'secret-token-123';
    const server = await startServer((req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `Token ${req.headers.authorization} has expired` }));
    });
    servers.push(server);
    const http = createHttp({
      baseURL: server.url,
      retry: false,
      loading: false,
      auth: { getToken: () => token },
    });
    const error = (await http.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Token Bearer [redacted] has expired');
    expect(String(error)).not.toContain(token);
    expect(error.fallbackMessage).toBe(enMessages[401]);
  });

  it('onError hears the server message', async () => {
    const heard: string[] = [];
    await failure(400, { message: 'Bad date range.' }, { onError: (e) => heard.push(e.message) });
    expect(heard).toEqual(['Bad date range.']);
  });
});

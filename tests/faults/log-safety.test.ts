import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSocket, streamText } from '../../src/realtime';
import { isApiError } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { freePort, json, raw, startServer, until } from './helpers/servers';

useOracle();

const TOKEN = 'tok-log-secret-42';

/** Every way an app or a logger prints an error. */
function printed(error: unknown): string[] {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    lines.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
  };
  try {
    console.error(error);
  } finally {
    console.error = original;
  }
  const e = error as Error;
  return [
    e.message,
    String(e.stack),
    String(error),
    JSON.stringify(error),
    inspect(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    ...lines,
  ];
}

describe('an ApiError is log-safe however it is printed', () => {
  for (const header of ['Authorization', 'X-Token']) {
    it(`a 500 with the token in ${header}: no print shows it, cause still readable`, async () => {
      const server = await startServer((_req, res) => json(res, 500, { message: 'boom' }));
      const http = kit({
        baseURL: server.origin,
        retry: false,
        auth: { getToken: () => TOKEN, header },
      });
      const error = await http.get('/x').catch((e: unknown) => e);
      expect(isApiError(error)).toBe(true);
      for (const text of printed(error)) expect(text).not.toContain(TOKEN);
      // Code that reads the cause still gets all of it (the axios error with its config).
      const cause = (error as { cause?: { config?: { headers?: Record<string, unknown> } } }).cause;
      expect(JSON.stringify(cause?.config?.headers)).toContain(TOKEN);
    });
  }

  it('JSON.stringify of an error holding a 50,000-deep body does not throw', async () => {
    const deep = `${'{"c":'.repeat(50_000)}null${'}'.repeat(50_000)}`;
    const server = await startServer((_req, res) => raw(res, 500, 'application/json', deep));
    const http = kit({ baseURL: server.origin, retry: false });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => inspect(error)).not.toThrow();
  });
});

describe('stream and socket errors are log-safe too', () => {
  it('streamText refused with X-Token, and a socket whose URL carries the token: no print shows it', async () => {
    const server = await startServer((_req, res) => json(res, 500, { message: 'boom' }));
    const http = kit({
      baseURL: server.origin,
      retry: false,
      auth: { getToken: () => TOKEN, header: 'X-Token' },
    });
    const refused = await streamText({ url: '/t' }, { http, onChunk: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(isApiError(refused)).toBe(true);
    for (const text of printed(refused)) expect(text).not.toContain(TOKEN);
    const port = await freePort();
    const errors: unknown[] = [];
    const socket = createSocket((token) => `ws://127.0.0.1:${port}/ws?token=${token}`, {
      WebSocket: WebSocket as never,
      http: kit({ baseURL: `http://127.0.0.1:${port}`, auth: { getToken: () => TOKEN } }),
      reconnect: false,
      onError: (e) => errors.push(e),
    });
    await until(() => errors.length > 0, 'the refused connection');
    socket.close();
    for (const error of errors)
      for (const text of printed(error)) expect(text).not.toContain(TOKEN);
  });
});

describe('a server message that echoes the token is cut on every transport', () => {
  it('http.get, defineStream, openEventStream and streamText', async () => {
    const { defineStream, openEventStream } = await import('../../src/realtime');
    const { z } = await import('zod');
    const server = await startServer((req, res) =>
      json(res, 400, { message: `Token ${String(req.headers['x-token'])} is not valid here` }),
    );
    const http = kit({
      baseURL: server.origin,
      retry: false,
      auth: { getToken: () => TOKEN, header: 'X-Token' },
    });
    const errors: unknown[] = [];
    errors.push(await http.get('/x').catch((e: unknown) => e));
    const call = defineStream({ method: 'POST', path: '/s', events: z.unknown(), http })();
    errors.push(await call.done.catch((e: unknown) => e));
    const stream = openEventStream('/e', { http, onEvent: () => {} });
    errors.push(await stream.done.catch((e: unknown) => e));
    errors.push(
      await streamText({ url: '/t' }, { http, onChunk: () => {} }).catch((e: unknown) => e),
    );
    expect(server.arrived).toHaveLength(4);
    for (const error of errors) {
      expect(isApiError(error)).toBe(true);
      expect((error as { status?: number }).status).toBe(400);
      for (const text of printed(error)) expect(text).not.toContain(TOKEN);
      // What the server said is still there for code that reads it.
      expect(JSON.stringify((error as { response?: unknown }).response)).toContain(TOKEN);
    }
  });
});

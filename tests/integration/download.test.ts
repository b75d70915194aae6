import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineDownload } from '../../src/api';
import { type ApiError, createHttp, enMessages, type HttpOptions } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CSV = 'id,name\n1,张三\n2,李四\n'.repeat(2_000);
const NAME = '用户列表-2026-12.csv';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(body));

function exportOn(url: string, options: HttpOptions = {}) {
  const http = createHttp({ baseURL: url, retry: false, loading: false, ...options });
  return defineDownload({
    path: '/users/export',
    query: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }),
    http,
  });
}

describe('defineDownload (real loopback server)', () => {
  it('resolves with the bytes, the Chinese filename from filename*, the type, and progress', async () => {
    const server = await serve((req, res) => {
      const body = Buffer.from(CSV, 'utf8');
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Length': body.length,
        'Content-Disposition': `attachment; filename="users.csv"; filename*=UTF-8''${encodeURIComponent(NAME)}`,
      });
      res.end(body);
      expect(new URL(req.url ?? '', 'http://x').searchParams.get('month')).toBe('2026-12');
    });
    const progress: Array<{ loaded: number; total?: number }> = [];
    const file = await exportOn(server.url)(
      { query: { month: '2026-12' } },
      { onProgress: (p) => progress.push(p) },
    );
    expect(file.filename).toBe(NAME);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(file.size).toBe(Buffer.byteLength(CSV));
    expect(await file.blob.text()).toBe(CSV);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ loaded: file.size, total: file.size });
  });

  it('binary bytes arrive intact; no Content-Disposition means no filename', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(bytes);
    });
    const file = await exportOn(server.url)({ query: { month: '2026-01' } });
    expect(Buffer.from(await file.blob.arrayBuffer())).toEqual(bytes);
    expect(file.filename).toBeUndefined();
  });

  it("a non-2xx JSON answer rejects with the JSON endpoint's ApiError, the server's message and body", async () => {
    const server = await serve((_req, res) => json(res, 403, { message: '只有管理员可以导出' }));
    const error = (await exportOn(server.url)({ query: { month: '2026-12' } }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toMatchObject({
      kind: 'http',
      status: 403,
      message: '只有管理员可以导出',
      fallbackMessage: enMessages[403],
      response: { data: { message: '只有管理员可以导出' } },
    });
  });

  it('an HTML error page rejects too, its text kept; never a file', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>');
    });
    await expect(exportOn(server.url)({ query: { month: '2026-12' } })).rejects.toMatchObject({
      kind: 'http',
      status: 502,
      message: enMessages[502],
      response: { data: '<h1>Bad gateway</h1>' },
    });
  });

  it('a 2xx JSON envelope with a not-ok code rejects as a business error, not a file', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { code: 40013, data: null, message: 'Your plan does not include exports.' }),
    );
    const exportUsers = exportOn(server.url, { envelope: {} });
    await expect(exportUsers({ query: { month: '2026-12' } })).rejects.toMatchObject({
      kind: 'business',
      code: 40013,
      message: 'Your plan does not include exports.',
      response: { data: { code: 40013 } },
    });
  });

  it('bad input is refused before anything is sent; a POST export sends its body', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => {
        text += c.toString();
      });
      req.on('end', () => {
        seen.push(`${req.method} ${text}`);
        res.writeHead(200, { 'Content-Disposition': 'attachment; filename="r.csv"' }).end('x');
      });
    });
    await expect(exportOn(server.url)({ query: { month: 'december' } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'query',
    });
    expect(server.requests).toHaveLength(0);
    const http = createHttp({ baseURL: server.url, retry: false, loading: false });
    const post = defineDownload({
      method: 'POST',
      path: '/reports',
      body: z.object({ from: z.string() }),
      http,
    });
    const file = await post({ body: { from: '2026-01-01' } });
    expect(file.filename).toBe('r.csv');
    expect(seen).toEqual(['POST {"from":"2026-01-01"}']);
  });
});

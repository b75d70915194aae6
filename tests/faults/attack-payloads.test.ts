import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineDownload, defineEndpoint } from '../../src/api';
import { defineStream, streamText } from '../../src/realtime';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

const TOKEN = 'tok-payload-secret';

describe('hostile server payloads', () => {
  for (const adapter of ['http', 'fetch'] as const) {
    it(`a 100 KB response header (${adapter} adapter): a typed error, short message, no hang`, async () => {
      const server = await startServer((req, res) => {
        // Written raw: node:http would refuse to send it.
        res.socket?.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-huge: ${'a'.repeat(100_000)}\r\ncontent-length: 2\r\n\r\n{}`,
        );
        void req;
      });
      const http = kit({ baseURL: server.origin, retry: false, auth: { getToken: () => TOKEN } });
      await expectApiError(http.get('/x', { adapter }), { kind: 'network', secrets: [TOKEN] });
    });
  }

  it('a gzip bomb as a download (and as a stream error body) is refused at the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x41));
    const server = await startServer((req, res) => {
      res.writeHead(req.url === '/fail' ? 500 : 200, {
        'content-type': req.url === '/fail' ? 'application/json' : 'text/csv',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      });
      res.end(bomb);
    });
    const http = kit({ baseURL: server.origin, retry: false, maxContentLength: 1024 * 1024 });
    await expectApiError(defineDownload({ path: '/export', http })(), { kind: 'validation' });
    await expectApiError(
      defineDownload({ path: '/export', http })(undefined, { adapter: 'fetch' }),
      {
        kind: 'validation',
      },
    );
    // A stream's error body is read only so far (64 KB, 1 s).
    const started = Date.now();
    const error = await expectApiError(
      defineStream({ method: 'POST', path: '/fail', events: z.unknown(), http })().done,
      { kind: 'http', status: 500 },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(String(JSON.stringify(error)).length).toBeLessThan(200_000);
    await expectApiError(streamText({ url: '/fail' }, { http, onChunk: () => {} }), {
      kind: 'http',
      status: 500,
    });
  });

  it('a form upload with onUploadProgress redirected to another origin (307) leaves the token home', async () => {
    const foreign = await startServer((_req, res) => json(res, 200, { ok: true }));
    const api = await startServer((_req, res) => {
      res.writeHead(307, { location: `${foreign.origin}/grab`, 'content-length': '0' });
      res.end();
    });
    for (const header of ['Authorization', 'X-Token']) {
      const http = kit({
        baseURL: api.origin,
        retry: false,
        auth: { getToken: () => TOKEN, header },
      });
      const upload = defineEndpoint({
        method: 'POST',
        path: '/attachments',
        form: true,
        body: z.object({ file: z.instanceof(Blob), note: z.string() }),
        response: z.object({ ok: z.boolean() }),
        http,
      });
      let progress = 0;
      await upload(
        { body: { file: new Blob(['x'.repeat(10_000)]), note: 'n' } },
        { onUploadProgress: () => (progress += 1) },
      );
      expect(progress).toBeGreaterThan(0);
    }
    expect(foreign.arrived).toHaveLength(2);
    for (const seen of foreign.arrived) expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
  });
});

import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { createHttp } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Read a request body and parse it as the multipart form it claims to be (undici's parser). */
async function readForm(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const type = String(req.headers['content-type']);
  return {
    type,
    form: await new Response(Buffer.concat(chunks), {
      headers: { 'content-type': type },
    }).formData(),
  };
}

describe('form: true uploads (real loopback server)', () => {
  it('sends the parsed body as multipart: files, repeated keys, strings, JSON, nothing for null', async () => {
    const seen: Array<[string, string]> = [];
    let type = '';
    const server = await startServer(async (req, res) => {
      const read = await readForm(req);
      type = read.type;
      for (const [key, value] of read.form.entries()) {
        seen.push([
          key,
          typeof value === 'string' ? value : `file ${value.name} ${await value.text()}`,
        ]);
      }
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":"att_1"}');
    });
    servers.push(server);
    const http = createHttp({ baseURL: server.url, retry: false, loading: false });
    const upload = defineEndpoint({
      method: 'POST',
      path: '/attachments',
      body: z.object({
        title: z.string().trim(),
        files: z.array(z.instanceof(Blob)),
        pages: z.number(),
        draft: z.boolean(),
        meta: z.object({ tags: z.array(z.string()) }),
        note: z.string().nullable(),
        extra: z.string().optional(),
      }),
      form: true,
      response: z.object({ id: z.string() }),
      http,
    });
    const progress: number[] = [];
    const result = await upload(
      {
        body: {
          title: '  Q3 report ',
          files: [new File(['a,b\n1,2'], '用户列表.csv', { type: 'text/csv' }), new Blob(['raw'])],
          pages: 3,
          draft: false,
          meta: { tags: ['x'] },
          note: null,
        },
      },
      { onUploadProgress: (event) => progress.push(event.loaded) },
    );
    expect(result).toEqual({ id: 'att_1' });
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen).toEqual([
      ['title', 'Q3 report'],
      ['files', 'file 用户列表.csv a,b\n1,2'],
      ['files', 'file files raw'],
      ['pages', '3'],
      ['draft', 'false'],
      ['meta', '{"tags":["x"]}'],
    ]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeGreaterThan(0);
  });

  it('a bad body is refused before anything is sent; form: true without a body schema is a definition error', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    servers.push(server);
    const http = createHttp({ baseURL: server.url, retry: false, loading: false });
    const upload = defineEndpoint({
      method: 'POST',
      path: '/attachments',
      body: z.object({ file: z.instanceof(Blob) }),
      form: true,
      response: z.object({}),
      http,
    });
    await expect(upload({ body: { file: 'not a file' as unknown as Blob } })).rejects.toMatchObject(
      {
        kind: 'validation',
        part: 'body',
      },
    );
    expect(server.requests).toHaveLength(0);
    expect(() =>
      defineEndpoint({ method: 'POST', path: '/x', form: true, response: z.object({}) }),
    ).toThrow(/form: true needs a body schema/);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type * as z from 'zod';

/** An endpoint as the generated modules export it (`defineEndpoint`'s or `defineStream`'s). */
export interface GeneratedEndpoint {
  (input?: unknown, config?: unknown): unknown;
  readonly definition: {
    method: string;
    path: string;
    params?: z.ZodType;
    query?: z.ZodType;
    body?: z.ZodType;
    response?: z.ZodType;
    events?: z.ZodType;
    form?: boolean;
    config?: { headers?: Record<string, string> };
  };
}

/** An endpoint's samples as the generated mocks export them (`tests/mocks/openapi-support.ts`). */
export interface EndpointSamples {
  params?: readonly unknown[];
  query?: readonly unknown[];
  body?: readonly unknown[];
  reply: readonly unknown[];
  status: number;
  kind: 'json' | 'text' | 'empty' | 'stream';
}

/** One request the server received, with its body as bytes. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  contentType: string;
  body: Buffer;
}

/** A route the server answers: an endpoint's method and path, and what it sends back. */
export interface SampleRoute {
  endpoint: GeneratedEndpoint;
  /** The reply as the server writes it (JSON value, text, or one event's data for a stream). */
  reply: unknown;
  /** Sent as the body exactly, instead of `reply` as JSON (a number JSON cannot round-trip). */
  raw?: string;
  samples: EndpointSamples;
}

/**
 * A real `node:http` server on 127.0.0.1 (port 0) answering each generated endpoint's own method
 * and path, the way the document says the backend does: the sample reply as JSON, text, no body,
 * or server-sent events. It records every request for the test to check what the client sent.
 */
export async function startSampleServer(routes: SampleRoute[]) {
  const compiled = routes.map((route) => ({
    route,
    regex: new RegExp(
      `^${route.endpoint.definition.path
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegex(segment)))
        .join('/')}$`,
    ),
  }));
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method ?? '',
      url,
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks),
    });
    const match = compiled.find(
      ({ route, regex }) =>
        route.endpoint.definition.method === req.method && regex.test(url.pathname),
    );
    if (!match) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `No route for ${req.method} ${url.pathname}` }));
      return;
    }
    const { samples, reply, raw } = match.route;
    if (raw !== undefined) {
      res.writeHead(samples.status, { 'Content-Type': 'application/json' }).end(raw);
      return;
    }
    switch (samples.kind) {
      case 'empty':
        res.writeHead(samples.status).end();
        return;
      case 'text':
        res.writeHead(samples.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(String(reply));
        return;
      case 'stream': {
        res.writeHead(samples.status, { 'Content-Type': 'text/event-stream' });
        res.end(`data: ${JSON.stringify(reply)}\n\ndata: [DONE]\n\n`);
        return;
      }
      default: {
        const text = JSON.stringify(reply);
        res.writeHead(samples.status, { 'Content-Type': 'application/json' });
        res.end(text);
      }
    }
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';

/** A route's view of one request: the parsed URL and the `:name` captures. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

/** Thrown by a route to answer with an error status and `{ message }`. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Whether responses are parsed with the kit's zod schemas before they are sent. On outside
 * production, so the demo backend cannot drift from the contract the page validates against.
 */
export const checkResponses = process.env.NODE_ENV !== 'production';

/**
 * Send `body` as JSON. With a schema, the body is checked first: a mismatch is a bug in this
 * server, answered as a 500 that names it rather than as a confusing validation error in the page.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, schema?: z.ZodType) {
  if (schema && checkResponses) {
    const result = schema.safeParse(body);
    if (!result.success) {
      throw new HttpFailure(500, 'Demo server response does not match its schema', {
        issues: result.error.issues,
      });
    }
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** Read a JSON request body (at most 64 kB); an empty body is `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 65_536) throw new HttpFailure(413, 'Request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'Request body is not valid JSON');
  }
}

/** Parse `value` with `schema`, or fail with 422 and the zod issues (what a real backend does). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpFailure(422, 'Some fields are not valid', { issues: result.error.issues });
  }
  return result.data;
}

/** Resolve after `ms`, or at once when `signal` aborts (a client went away). */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An AbortSignal that fires when the client closes the connection before the response ended. */
export function clientGone(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  req.on('aborted', () => controller.abort());
  return controller.signal;
}

/**
 * The helpers every generated mock and test imports, written once beside the mocks as
 * `tests/mocks/openapi-support.ts` (the generator's own file: it is rewritten on every run).
 */
export const SUPPORT_SOURCE = `import { HttpResponse, type JsonBodyType } from 'msw';
import * as z from 'zod';
import { okBody } from './shared';

/**
 * Candidate values for one endpoint's parts and its reply, the document's own examples first, then
 * values made up from the schemas: the mocks and tests take the first one each schema accepts.
 */
export interface Samples {
  params?: readonly unknown[];
  query?: readonly unknown[];
  body?: readonly unknown[];
  reply: readonly unknown[];
  /** The success status the document gives. */
  status: number;
  /** How the reply is sent: JSON, plain text, no body at all, or server-sent events. */
  kind: 'json' | 'text' | 'empty' | 'stream';
}

/**
 * The first candidate \`schema\` accepts, as the caller or the server writes it (before parsing).
 * @throws Error with the schema's complaint about the last candidate when none fits.
 */
export function firstValid<S extends z.ZodType>(
  schema: S | undefined,
  candidates: readonly unknown[] = [],
): z.input<S> {
  if (schema === undefined) throw new Error('The endpoint has no schema for this part.');
  let last: z.ZodError | undefined;
  for (const candidate of candidates) {
    const result = schema.safeParse(candidate);
    if (result.success) return candidate as z.input<S>;
    last = result.error;
  }
  throw new Error(\`No sample fits the schema: \${last ? z.prettifyError(last) : 'there is none'}\`);
}

/**
 * The mock's answer: the first reply the response schema accepts, with the document's status (in
 * the instance's envelope, when it has one); for
 * a stream, that reply as one event's data, then \`[DONE]\`.
 */
export function replyWith(response: z.ZodType, samples: Samples): Response {
  if (samples.kind === 'empty') return new HttpResponse(null, { status: samples.status });
  const body = firstValid(response, samples.reply);
  if (samples.kind === 'text') return HttpResponse.text(String(body), { status: samples.status });
  if (samples.kind === 'stream') {
    return new HttpResponse(\`data: \${JSON.stringify(body)}\\n\\ndata: [DONE]\\n\\n\`, {
      status: samples.status,
      headers: { 'Content-Type': 'text/event-stream' },
    });
  }
  // Inside the app's envelope when its instance has one (okBody), as the real backend answers.
  return HttpResponse.json(okBody(body as JsonBodyType), { status: samples.status });
}

/** A 415 unless the request's body is of \`type\` (a form endpoint's multipart or url-encoded). */
export function sentAs(request: Request, type: string): Response | undefined {
  const sent = request.headers.get('content-type') ?? '';
  if (sent.split(';')[0]!.trim() === type) return undefined;
  return HttpResponse.json(
    { message: \`Expected a \${type} body, got "\${sent}"\` },
    { status: 415 },
  );
}

/** Every event's data a stream yields, in order; rejects with the error that ended it. */
export async function collect<T>(stream: AsyncIterable<{ data: T }>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event.data);
  return events;
}

/** What a stream's mock sends, as the stream yields it: the reply parsed, as the one event. */
export function expectedEvents<S extends z.ZodType>(events: S, samples: Samples): z.output<S>[] {
  return [events.parse(firstValid(events, samples.reply))];
}

/** What the endpoint resolves with for that answer: the reply parsed, or \`undefined\` for no body. */
export function expectedReply<S extends z.ZodType>(response: S, samples: Samples): z.output<S> {
  if (samples.kind === 'empty') return undefined as z.output<S>;
  return response.parse(firstValid(response, samples.reply));
}
`;

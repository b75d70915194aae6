/**
 * The helpers every generated mock and test imports, written once beside the mocks as
 * `tests/mocks/openapi-support.ts` (the generator's own file: it is rewritten on every run).
 */
export const SUPPORT_SOURCE = `import { HttpResponse } from 'msw';
import * as z from 'zod';

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
  /** How the reply is sent: JSON, plain text, or no body at all. */
  kind: 'json' | 'text' | 'empty';
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

/** The mock's answer: the first reply the response schema accepts, with the document's status. */
export function replyWith(response: z.ZodType, samples: Samples): Response {
  if (samples.kind === 'empty') return new HttpResponse(null, { status: samples.status });
  const body = firstValid(response, samples.reply);
  if (samples.kind === 'text') return HttpResponse.text(String(body), { status: samples.status });
  return HttpResponse.json(body as never, { status: samples.status });
}

/** What the endpoint resolves with for that answer: the reply parsed, or \`undefined\` for no body. */
export function expectedReply<S extends z.ZodType>(response: S, samples: Samples): z.output<S> {
  if (samples.kind === 'empty') return undefined as z.output<S>;
  return response.parse(firstValid(response, samples.reply));
}
`;

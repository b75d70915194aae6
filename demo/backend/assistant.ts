import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { clientGone, HttpFailure, parseInput, readJson, sendJson, wait } from './respond';
import type { Route } from './routes';
import type { DemoState } from './state';

/** How fast the fake model types: one token every … ms. */
export const TOKEN_MS = 40;
/** What the fake gateway's 429 asks the client to wait, in seconds. */
export const RETRY_AFTER_S = 20;

/** The request body of an OpenAI-compatible chat completion (the part this fake model reads). */
export const completionBody = z.object({
  model: z.string().min(1),
  messages: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))
    .min(1),
  stream: z.literal(true),
});

/** The scripted answers: the first whose keyword the question contains, else the last. */
const SCRIPT: ReadonlyArray<{ keyword: string; answer: string }> = [
  {
    keyword: 'stop',
    answer:
      'Press Stop and the loop breaks: the kit aborts the request, the server sees the client ' +
      'leave, and nothing is sent again by itself — a POST stream is never replayed.',
  },
  {
    keyword: '',
    answer:
      'defineStream sends this POST through the same axios instance as every endpoint: the ' +
      'token, a refresh on a 401, the onError toast. Each event is checked by its zod schema ' +
      'and handed to a for await loop as it arrives, even when a character such as é or 中 ' +
      'is split across two network chunks. The answer ends at [DONE].',
  },
];

/** The answer the fake model gives to `question`. */
export function scriptedAnswer(question: string): string {
  const lower = question.toLowerCase();
  const entry = SCRIPT.find(({ keyword }) => lower.includes(keyword)) ?? SCRIPT.at(-1);
  return entry?.answer ?? '';
}

/** The answer cut into tokens as a model streams them: a word with the space before it. */
export function tokensOf(answer: string): string[] {
  return answer.match(/\s*\S+/g) ?? [];
}

/**
 * `POST /api/chat/completions`: an OpenAI-compatible gateway in front of a scripted fake model
 * (no network). It streams `data: {"choices":[{"delta":{"content":"…"}}]}` one token at a time,
 * then `data: [DONE]`. `?simulate=rate-limit` makes the gateway answer 429 with `Retry-After`
 * and its message, as a real one does when a quota is used up (demo only).
 */
export function assistantRoutes(state: DemoState): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/chat/completions',
      async handler(ctx) {
        state.requireUser(ctx);
        const { req, res, url } = ctx;
        const body = parseInput(completionBody, await readJson(req));
        if (url.searchParams.get('simulate') === 'rate-limit') {
          res.setHeader('Retry-After', String(RETRY_AFTER_S));
          sendJson(res, 429, {
            message: `Rate limit reached for ${body.model}: 3 requests per minute. Please try again in ${RETRY_AFTER_S}s.`,
            type: 'rate_limit_exceeded',
          });
          return;
        }
        const question = body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
        if (question.trim() === '') throw new HttpFailure(422, 'Ask the assistant something');
        const id = `chatcmpl-${randomBytes(6).toString('hex')}`;
        const created = Math.floor(Date.now() / 1000);
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created,
            model: body.model,
            choices: [{ index: 0, delta, finish_reason: finish }],
          })}\n\n`;
        const gone = clientGone(req, res);
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no',
          'X-Content-Type-Options': 'nosniff',
        });
        res.write(chunk({ role: 'assistant', content: '' }, null));
        for (const token of tokensOf(scriptedAnswer(question))) {
          await wait(TOKEN_MS, gone);
          if (gone.aborted) return;
          res.write(chunk({ content: token }, null));
        }
        res.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
      },
    },
  ];
}

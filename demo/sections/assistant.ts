import * as z from 'zod';
import { defineStream } from '../../src/realtime';
import { isApiError } from '../../src/request';
import { $, describe, isCancel, status } from '../dom';

const message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** One chunk of an OpenAI-compatible chat completion stream (the fields the page reads). */
const completionChunk = z.object({
  choices: z.array(
    z.object({
      delta: z.object({ content: z.string().optional() }),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
});

/**
 * `POST /chat/completions` as a typed stream: the body is checked before it is sent, every
 * event's data by `completionChunk`, and `data: [DONE]` ends it. `simulate` is the demo
 * backend's switch for a gateway's 429.
 */
const completeChat = defineStream({
  method: 'POST',
  path: '/chat/completions',
  query: z.object({ simulate: z.literal('rate-limit').optional() }).optional(),
  body: z.object({ model: z.string(), messages: z.array(message).min(1), stream: z.literal(true) }),
  events: completionChunk,
});

/** The line for a failed answer: a 429 says when to try again, from the server's Retry-After. */
function failureLine(error: unknown): string {
  const retryAfter = isApiError(error) ? error.response?.headers['retry-after'] : undefined;
  return retryAfter ? `${describe(error)} Retry-After: ${retryAfter} s.` : describe(error);
}

/**
 * An AI assistant's answer, typed as it streams: `for await` over `defineStream`, Stop breaks
 * the loop (which aborts the request), and the second button shows a gateway's 429.
 */
export function mountAssistant() {
  const form = $<HTMLFormElement>('#assistant-form');
  const prompt = $<HTMLInputElement>('input[name=prompt]', form);
  const limit = $<HTMLButtonElement>('#assistant-429');
  const stop = $<HTMLButtonElement>('#assistant-stop');
  const output = $('#assistant-output');
  const tokens = $('#assistant-tokens');
  const statusLine = $('#assistant-status');
  let current: { close(): void } | undefined;

  async function run(simulate: 'rate-limit' | undefined) {
    const question = prompt.value.trim() || 'What does defineStream do?';
    const stream = completeChat({
      query: simulate ? { simulate } : undefined,
      body: { model: 'fake-gpt', messages: [{ role: 'user', content: question }], stream: true },
    });
    // A new question replaces the answer being typed.
    current?.close();
    current = stream;
    let stopped = false;
    stop.onclick = () => {
      stopped = true;
      stream.close();
    };
    stop.disabled = false;
    output.textContent = '';
    let n = 0;
    status(statusLine, 'Typing…');
    try {
      for await (const { data } of stream) {
        const piece = data.choices[0]?.delta.content;
        if (!piece) continue;
        n += 1;
        output.textContent += piece;
        tokens.textContent = String(n);
      }
      status(statusLine, stopped ? `Stopped after ${n} tokens.` : `Done: ${n} tokens.`, 'ok');
    } catch (error) {
      status(
        statusLine,
        isCancel(error) ? 'Stopped.' : failureLine(error),
        isCancel(error) ? '' : 'bad',
      );
    } finally {
      if (current === stream) stop.disabled = true;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(undefined);
  });
  limit.addEventListener('click', () => void run('rate-limit'));
}

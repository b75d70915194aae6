// POST stream delivery (defineStream, issue 16): the kit against a bare fetch + eventsource-parser
// reader and @microsoft/fetch-event-source, on the same channel route answered to a POST.
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { createParser } from 'eventsource-parser';
import * as z from 'zod';
import { defineStream } from '../src/realtime';
import { TOKEN } from './clients';
import { FeedEvent } from './fixtures';
import { instanceFor } from './kit';
import type { FeedConsumer } from './latency';

const headers = {
  Authorization: `Bearer ${TOKEN}`,
  accept: 'text/event-stream',
  'content-type': 'application/json',
};
const body = JSON.stringify({ prompt: 'bench' });

/** Stop after `count` distinct events: the consumer resolves then (the channel never ends by itself). */
function counter(count: number, onEvent: (e: { id: number; t: number }) => void) {
  const seen = new Set<number>();
  return (event: { id: number; t: number }) => {
    onEvent(event);
    seen.add(event.id);
    return seen.size >= count;
  };
}

/** The reference: native fetch, a body reader and eventsource-parser, no reconnects. */
export const bareFetchPost: FeedConsumer = {
  name: 'fetch + eventsource-parser (POST)',
  async consume(baseURL, chan, count, onEvent, signal) {
    const stop = new AbortController();
    const abort = () => stop.abort();
    signal.addEventListener('abort', abort, { once: true });
    const take = counter(count, onEvent);
    let finished = false;
    const parser = createParser({
      onEvent: (event) => {
        if (!finished && take(JSON.parse(event.data) as { id: number; t: number })) finished = true;
      },
    });
    try {
      const res = await fetch(`${baseURL}/sse?chan=${chan}`, {
        method: 'POST',
        headers,
        body,
        signal: stop.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      while (!finished) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      signal.removeEventListener('abort', abort);
      stop.abort();
    }
  },
};

/** @microsoft/fetch-event-source, as teams use it for AI chat POST streams. */
export const fetchEventSourcePost: FeedConsumer = {
  name: '@microsoft/fetch-event-source',
  async consume(baseURL, chan, count, onEvent, signal) {
    // It reaches for `window` and `document` even with openWhenHidden: stand-ins for this run only.
    const global = globalThis as { window?: unknown; document?: unknown };
    const shimmed = global.window === undefined && global.document === undefined;
    if (shimmed) {
      global.window = globalThis;
      global.document = { hidden: false, addEventListener() {}, removeEventListener() {} };
    }
    const stop = new AbortController();
    const abort = () => stop.abort();
    signal.addEventListener('abort', abort, { once: true });
    const take = counter(count, onEvent);
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    try {
      const running = fetchEventSource(`${baseURL}/sse?chan=${chan}`, {
        method: 'POST',
        headers,
        body,
        signal: stop.signal,
        openWhenHidden: true,
        onmessage(event) {
          // It hands on a frame with no data too (the server's opening `retry:`): not an event.
          if (event.data === '') return;
          if (take(JSON.parse(event.data) as { id: number; t: number })) resolveDone();
        },
        onerror(error) {
          // No retries: a failure ends the run (and is counted).
          throw error;
        },
      });
      await Promise.race([done, running]);
    } finally {
      signal.removeEventListener('abort', abort);
      stop.abort();
      if (shimmed) {
        // Its dispose runs on the abort, synchronously: the stand-ins can go after it.
        delete global.window;
        delete global.document;
      }
    }
  },
};

/** The kit: a `defineStream` POST endpoint through the bench's kit instance, read with for await. */
export const kitDefineStream: FeedConsumer = {
  name: 'kit defineStream',
  async consume(baseURL, chan, count, onEvent, signal) {
    const stream = defineStream({
      method: 'POST',
      path: '/sse',
      query: z.object({ chan: z.string() }),
      body: z.object({ prompt: z.string() }),
      events: FeedEvent,
      http: instanceFor(baseURL),
    });
    const take = counter(count, onEvent);
    for await (const { data } of stream(
      { query: { chan }, body: { prompt: 'bench' } },
      { signal },
    )) {
      if (take(data)) break;
    }
  },
};

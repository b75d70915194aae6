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

/** Open a channel on the bench server: `count` events, the first after `delay` ms. */
async function channel(baseURL: string, count: number, interval: number, delay: number) {
  const res = await fetch(`${baseURL}/channel?count=${count}&interval=${interval}&delay=${delay}`);
  return ((await res.json()) as { chan: string }).chan;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/**
 * Time to first event (request start to the first event handed on, the event already waiting on
 * the server: median of `samples`) per consumer, and heap per open kit stream (`open` streams
 * held open at once, each past its first event, after a full GC).
 */
export async function measurePostStreamExtras(
  baseURL: string,
  log: (line: string) => void,
  samples = 30,
  open = 100,
): Promise<void> {
  const consumers = [bareFetchPost, fetchEventSourcePost, kitDefineStream];
  const firsts: Record<string, number[]> = {};
  for (const c of consumers) firsts[c.name] = [];
  for (let i = 0; i < samples; i++) {
    for (const consumer of consumers) {
      const chan = await channel(baseURL, 1, 1000, 0);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      let first = NaN;
      await consumer.consume(
        baseURL,
        chan,
        1,
        () => {
          first = performance.now() - started;
        },
        AbortSignal.timeout(5000),
      );
      if (i > 0) firsts[consumer.name]!.push(first);
    }
  }
  log(
    `  post-stream time to first event (median of ${samples - 1}): ${consumers
      .map((c) => `${c.name} ${median(firsts[c.name]!).toFixed(2)} ms`)
      .join(', ')}`,
  );

  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  const stream = defineStream({
    method: 'POST',
    path: '/sse',
    query: z.object({ chan: z.string() }),
    body: z.object({ prompt: z.string() }),
    events: FeedEvent,
    http: instanceFor(baseURL),
  });
  const chans = await Promise.all(Array.from({ length: open }, () => channel(baseURL, 1, 1000, 0)));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const calls = chans.map((chan) => stream({ query: { chan }, body: { prompt: 'bench' } }));
  // Each one open and past its first event, then held.
  await Promise.all(calls.map((call) => call[Symbol.asyncIterator]().next()));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  for (const call of calls) call.close();
  await Promise.all(calls.map((call) => call.done));
  log(
    `  post-stream heap per open kit stream (${open} open): ${((after - before) / open / 1024).toFixed(1)} kB`,
  );
}

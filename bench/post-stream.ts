// POST stream delivery (defineStream, issue 16): the kit against a bare fetch + eventsource-parser
// reader and @microsoft/fetch-event-source, on the same channel route answered to a POST.

import { setMaxListeners } from 'node:events';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import axios from 'axios';
import { createParser } from 'eventsource-parser';
import * as z from 'zod';
import { defineStream } from '../src/realtime';
import { TOKEN } from './clients';
import { FeedEvent } from './fixtures';
import { instanceFor } from './kit';
import type { FeedConsumer } from './latency';
import { balancedOrder } from './stats';

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

/**
 * The transport the kit rides on, without the kit: axios's fetch adapter streaming the body, read
 * as the bare reader reads it. Only in the time-to-first-event ladder, to show axios's own share.
 */
export const axiosFetchPost: FeedConsumer = {
  name: 'axios fetch adapter + eventsource-parser (POST)',
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
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      const res = await axios.post<ReadableStream<Uint8Array>>(
        `${baseURL}/sse?chan=${chan}`,
        body,
        {
          headers,
          adapter: 'fetch',
          responseType: 'stream',
          signal: stop.signal,
        },
      );
      reader = res.data.getReader();
      const decoder = new TextDecoder();
      while (!finished) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      signal.removeEventListener('abort', abort);
      stop.abort();
      // axios's fetch adapter unlinks the signal once the stream is handed over: cancel the body.
      reader?.cancel().catch(() => undefined);
    }
  },
};

// fetch-event-source reaches for `window` and `document` even with openWhenHidden: stand-ins
// while at least one of its streams runs (several run at once in the memory measurement).
let shimUsers = 0;
let shimmed = false;
function acquireShim(): void {
  const global = globalThis as { window?: unknown; document?: unknown };
  if (shimUsers++ === 0 && global.window === undefined && global.document === undefined) {
    shimmed = true;
    global.window = globalThis;
    global.document = { hidden: false, addEventListener() {}, removeEventListener() {} };
  }
}
function releaseShim(): void {
  if (--shimUsers > 0 || !shimmed) return;
  const global = globalThis as { window?: unknown; document?: unknown };
  shimmed = false;
  delete global.window;
  delete global.document;
}

/** @microsoft/fetch-event-source, as teams use it for AI chat POST streams. */
export const fetchEventSourcePost: FeedConsumer = {
  name: '@microsoft/fetch-event-source',
  async consume(baseURL, chan, count, onEvent, signal) {
    acquireShim();
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
      // Its dispose runs on the abort, synchronously: the stand-ins can go after it.
      releaseShim();
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

/** Time to first event and memory per open stream, per consumer (the report's own table). */
export interface PostStreamExtras {
  /** Consumers in ladder order: bare fetch, bare axios fetch adapter, fetch-event-source, kit. */
  consumers: string[];
  /** Per consumer, ms from the call to the first event handed on, one per sample. */
  firstEvent: Record<string, number[]>;
  /** Per consumer, JS heap (heapUsed after full GCs) per open stream, bytes; absent without --expose-gc. */
  heapPerStream: Record<string, number>;
  /** How many streams were held open at once for the heap figure. */
  open: number;
}

/** How much JS heap `open` streams of one consumer hold, each open and past its first event. */
async function heapPerOpenStream(
  baseURL: string,
  consumer: FeedConsumer,
  open: number,
  gc: () => void,
): Promise<number> {
  // A channel of one event: the stream stays open after it, waiting for a second that never comes.
  const chans = await Promise.all(Array.from({ length: open }, () => channel(baseURL, 1, 1000, 0)));
  const stop = new AbortController();
  // Every stream listens on this one signal.
  setMaxListeners(open + 10, stop.signal);
  let opened = 0;
  let allOpen!: () => void;
  const ready = new Promise<void>((resolve) => {
    allOpen = resolve;
  });
  const timeout = setTimeout(allOpen, 10_000);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const runs = chans.map((chan) =>
    consumer.consume(
      baseURL,
      chan,
      2,
      () => {
        if (++opened === open) allOpen();
      },
      stop.signal,
    ),
  );
  await ready;
  clearTimeout(timeout);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  stop.abort();
  // Each ends by the abort (a rejection for some consumers): that is the expected end here.
  await Promise.allSettled(runs);
  if (opened < open) throw new Error(`${consumer.name}: only ${opened} of ${open} streams opened`);
  return (after - before) / open;
}

/**
 * Time to first event (request start to the first event handed on, the event already waiting on
 * the server) per consumer, in a balanced order, the first sample thrown away; and JS heap per open
 * stream (`open` streams held open at once, each past its first event, after full GCs).
 */
export async function measurePostStreamExtras(
  baseURL: string,
  log: (line: string) => void,
  samples = 30,
  open = 100,
): Promise<PostStreamExtras> {
  const consumers = [bareFetchPost, axiosFetchPost, fetchEventSourcePost, kitDefineStream];
  const extras: PostStreamExtras = {
    consumers: consumers.map((c) => c.name),
    firstEvent: {},
    heapPerStream: {},
    open,
  };
  for (const c of consumers) extras.firstEvent[c.name] = [];
  for (let i = 0; i < samples; i++) {
    for (const consumer of balancedOrder(consumers, i)) {
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
      if (i > 0) extras.firstEvent[consumer.name]!.push(first);
    }
  }
  log(
    `  post-stream time to first event (median of ${samples - 1}): ${consumers
      .map((c) => `${c.name} ${median(extras.firstEvent[c.name]!).toFixed(2)} ms`)
      .join(', ')}`,
  );

  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return extras;
  for (const consumer of consumers) {
    extras.heapPerStream[consumer.name] = await heapPerOpenStream(baseURL, consumer, open, gc);
  }
  log(
    `  post-stream JS heap per open stream (${open} open): ${consumers
      .map((c) => `${c.name} ${(extras.heapPerStream[c.name]! / 1024).toFixed(1)} kB`)
      .join(', ')}`,
  );
  return extras;
}

// Where a POST stream's time to first event goes, network excluded: the same request through each
// layer, answered by an in-memory `fetch` (a 200 `text/event-stream` whose first chunk holds one
// event), one of each in rotating order, the first 50 thrown away:
//   node --import tsx bench/post-stream-first-event.ts [iterations=2000]
// Over the network the same ladder is the report's "time to first event" table; this one shows what
// is CPU on the request path, layer by layer, without a server process competing for the cores.
import axios from 'axios';
import { createParser } from 'eventsource-parser';
import * as z from 'zod';
import { defineStream } from '../src/realtime';
import { TOKEN } from './clients';
import { FeedEvent } from './fixtures';
import { kitHttp } from './kit';
import { median } from './stats';

const baseURL = 'http://127.0.0.1:9';
const frame = new TextEncoder().encode('retry: 1000\n\nid: 1\ndata: {"id":1,"t":1}\n\n');

// The in-memory server: reads the request body as undici would, answers at once.
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const signal = input instanceof Request ? input.signal : init?.signal;
  if (input instanceof Request) await input.text();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(frame);
    },
  });
  signal?.addEventListener('abort', () => body.cancel().catch(() => undefined), { once: true });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}) as typeof fetch;

const headers = {
  Authorization: `Bearer ${TOKEN}`,
  accept: 'text/event-stream',
  'content-type': 'application/json',
};
let onFirst = () => {};

/** Read a body until its first event, as the bare readers do, then let go of it. */
async function firstEvent(body: ReadableStream<Uint8Array>, stop: AbortController) {
  let got = false;
  const parser = createParser({
    onEvent: (event) => {
      JSON.parse(event.data);
      got = true;
      onFirst();
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  while (!got) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  stop.abort();
  reader.cancel().catch(() => undefined);
}

const bare = axios.create({ baseURL });
const http = kitHttp(baseURL);
const chat = defineStream({
  method: 'POST',
  path: '/sse',
  query: z.object({ chan: z.string() }),
  body: z.object({ prompt: z.string() }),
  events: FeedEvent,
  http,
});

const layers: Record<string, () => Promise<void>> = {
  'fetch + eventsource-parser': async () => {
    const stop = new AbortController();
    const res = await fetch(`${baseURL}/sse?chan=c1`, {
      method: 'POST',
      headers,
      body: '{"prompt":"b"}',
      signal: stop.signal,
    });
    await firstEvent(res.body!, stop);
  },
  'axios fetch adapter': async () => {
    const stop = new AbortController();
    const res = await bare.post<ReadableStream<Uint8Array>>(
      '/sse?chan=c1',
      { prompt: 'b' },
      { headers, adapter: 'fetch', responseType: 'stream', signal: stop.signal },
    );
    await firstEvent(res.data, stop);
  },
  // The kit instance with the options connectStream gives a stream request.
  'kit instance.request': async () => {
    const stop = new AbortController();
    const res = await http.request<ReadableStream<Uint8Array>>({
      method: 'POST',
      url: '/sse',
      params: { chan: 'c1' },
      data: { prompt: 'b' },
      headers: { accept: 'text/event-stream' },
      adapter: 'fetch',
      responseType: 'stream',
      signal: stop.signal,
      timeout: 0,
      maxContentLength: -1,
      loading: false,
      retry: false,
      dedupe: false,
      silent: true,
    });
    await firstEvent(res.data, stop);
  },
  'kit defineStream': async () => {
    for await (const _ of chat({ query: { chan: 'c1' }, body: { prompt: 'b' } })) {
      onFirst();
      break;
    }
  },
};

const iterations = Math.min(20_000, Number(process.argv[2] ?? 2000));
const names = Object.keys(layers);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < iterations; i++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(i + k) % names.length]!;
    // The previous stream's teardown runs first, outside the measured span.
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let first = Number.NaN;
    onFirst = () => {
      if (Number.isNaN(first)) first = performance.now() - started;
    };
    await layers[name]!();
    if (i >= 50) samples[name]!.push(first * 1000);
  }
}
for (const name of names) {
  process.stdout.write(
    `${name.padEnd(28)} ${median(samples[name]!).toFixed(1).padStart(7)} µs to first event (median of ${samples[name]!.length})\n`,
  );
}

// Delivery latency of server-pushed events: the server stamps each event when it is created, the
// client subtracts on receipt (corrected by the measured clock offset between the two processes).
import axios from 'axios';
import { createParser } from 'eventsource-parser';
import { TOKEN } from './clients';
import type { FeedBatch } from './fixtures';
import { collect, now } from './harness';
import { balancedOrder, quantile } from './stats';
import { describe } from './throughput';

/** What a consumer reports for every event it receives. */
export type OnFeedEvent = (event: { id: number; t: number }) => void;

/**
 * One way of consuming a channel of `count` events: resolves once all arrived (or `signal` aborts).
 * `baseURL` serves `/feed?chan=` (long poll) and `/sse?chan=` (SSE).
 */
export interface FeedConsumer {
  name: string;
  consume(
    baseURL: string,
    chan: string,
    count: number,
    onEvent: OnFeedEvent,
    signal: AbortSignal,
  ): Promise<void>;
}

const headers = { Authorization: `Bearer ${TOKEN}` };

/** Counts every event: latency of first deliveries, and how many came twice or never. */
export class Recorder {
  readonly latencies: number[] = [];
  private readonly seen = new Set<number>();
  duplicates = 0;
  private firstPushed = Number.NaN;
  private lastReceived = Number.NaN;

  constructor(private readonly clockOffset: number) {}

  readonly onEvent: OnFeedEvent = (event) => {
    const received = now();
    if (this.seen.has(event.id)) {
      this.duplicates++;
      return;
    }
    this.seen.add(event.id);
    const pushed = event.t - this.clockOffset;
    if (event.id === 1) this.firstPushed = pushed;
    this.lastReceived = received;
    this.latencies.push(received - pushed);
  };

  /** Ms from the first event's push to the last one's receipt: how long the whole feed took. */
  get drain(): number {
    return this.lastReceived - this.firstPushed;
  }

  get received(): number {
    return this.seen.size;
  }
}

/** The bare reference long-poll loop: axios, the cursor, nothing else. */
export const bareAxiosLongPoll: FeedConsumer = {
  name: 'axios loop (reference)',
  async consume(baseURL, chan, count, onEvent, signal) {
    const ax = axios.create({ baseURL, headers });
    let cursor = 0;
    while (cursor < count && !signal.aborted) {
      const { data } = await ax.get<{ code: number; data: FeedBatch }>('/feed', {
        params: { chan, cursor },
        signal,
      });
      for (const event of data.data.events) onEvent(event);
      cursor = data.data.cursor;
    }
  },
};

/** The same loop on native fetch. */
export const bareFetchLongPoll: FeedConsumer = {
  name: 'fetch loop',
  async consume(baseURL, chan, count, onEvent, signal) {
    let cursor = 0;
    while (cursor < count && !signal.aborted) {
      const res = await fetch(`${baseURL}/feed?chan=${chan}&cursor=${cursor}`, {
        headers,
        signal,
      });
      const body = (await res.json()) as { data: FeedBatch };
      for (const event of body.data.events) onEvent(event);
      cursor = body.data.cursor;
    }
  },
};

/** Resolve when `count` distinct events have been handed on, or when the signal aborts. */
function untilCount(
  count: number,
  onEvent: OnFeedEvent,
  signal: AbortSignal,
): { handle: (data: string) => void; finished: Promise<void>; stop: AbortController } {
  const stop = new AbortController();
  const seen = new Set<number>();
  let resolve!: () => void;
  const finished = new Promise<void>((r) => {
    resolve = r;
  });
  const end = () => {
    stop.abort();
    resolve();
  };
  signal.addEventListener('abort', end, { once: true });
  return {
    handle(data) {
      const event = JSON.parse(data) as { id: number; t: number };
      onEvent(event);
      seen.add(event.id);
      if (seen.size >= count) {
        signal.removeEventListener('abort', end);
        end();
      }
    },
    finished,
    stop,
  };
}

/** The bare SSE reader on native fetch: `fetch` + `eventsource-parser`, no reconnects. */
export const bareFetchSse: FeedConsumer = {
  name: 'fetch + eventsource-parser',
  async consume(baseURL, chan, count, onEvent, signal) {
    const { handle, finished, stop } = untilCount(count, onEvent, signal);
    const parser = createParser({ onEvent: (event) => handle(event.data) });
    const res = await fetch(`${baseURL}/sse?chan=${chan}`, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: stop.signal,
    });
    const reading = (async () => {
      const decoder = new TextDecoder();
      const reader = res.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch (error) {
        if (!stop.signal.aborted) throw error;
      }
    })();
    await Promise.race([finished, reading]);
    stop.abort();
  },
};

/** The bare SSE reader on axios's Node stream: `responseType: 'stream'` + `eventsource-parser`. */
export const bareAxiosSse: FeedConsumer = {
  name: 'axios stream + eventsource-parser',
  async consume(baseURL, chan, count, onEvent, signal) {
    const { handle, finished, stop } = untilCount(count, onEvent, signal);
    const parser = createParser({ onEvent: (event) => handle(event.data) });
    const res = await axios.get<NodeJS.ReadableStream>(`${baseURL}/sse?chan=${chan}`, {
      headers: { ...headers, accept: 'text/event-stream' },
      responseType: 'stream',
      signal: stop.signal,
    });
    res.data.setEncoding('utf8');
    res.data.on('data', (chunk: string) => parser.feed(chunk));
    const failed = new Promise<never>((_, reject) => {
      // An abort destroys the stream with an error we caused: only other errors fail the run.
      res.data.on('error', (error) => {
        if (!stop.signal.aborted) reject(error);
      });
    });
    await Promise.race([finished, failed]);
    stop.abort();
  },
};

/** One delivery-latency scenario: a transport, its consumers, the reference among them. */
export interface FeedScenario {
  key: string;
  title: string;
  consumers: FeedConsumer[];
  /** Name of the bare reference loop the others are compared with. */
  reference: string;
  /** Whether the report holds its consumers to a drain time within 1.1× of the reference. */
  drainTarget?: boolean;
}

/** Per consumer, one entry per round. */
export interface FeedResult {
  scenario: FeedScenario;
  events: number;
  interval: number;
  /** Most events per long-poll answer, when the server pages them. */
  page?: number | undefined;
  p50: Record<string, number[]>;
  /** Per round: ms from the first event's push to the last event's receipt (how long the burst took to drain). */
  drain: Record<string, number[]>;
  p99: Record<string, number[]>;
  lost: Record<string, number>;
  duplicates: Record<string, number>;
  failures: Record<string, string[]>;
}

export interface FeedPlan {
  rounds: number;
  /** Events per channel (one channel per consumer per round). */
  events: number;
  /** Gap between two events on the server, ms. */
  interval: number;
  /** Most events per long-poll answer (a server that pages); default: all that are ready. */
  page?: number | undefined;
  clockOffset: number;
  log(line: string): void;
}

async function openChannel(
  baseURL: string,
  count: number,
  interval: number,
  page: number | undefined,
  delay = 150,
): Promise<string> {
  // The first event comes 150 ms after the channel opens: time enough to connect, so no event waits
  // in a backlog and every latency is the push itself.
  const { data } = await axios.get<{ chan: string }>(`${baseURL}/channel`, {
    params: { count, interval, delay, ...(page ? { page } : {}) },
  });
  return data.chan;
}

/**
 * Bring every consumer to the same warm state before any round is measured: each drains its own
 * channel of `events` events, one per answer (the server pages them 1 at a time), so each makes
 * exactly `events` requests. In a fresh process a long-poll cycle costs about twice its steady CPU
 * for the first ~2,000 requests (V8 still compiling), and the kit's own layers warm only on the
 * kit's requests: without this, the first measured rounds of quick mode ran colder for the kit.
 */
export async function warmUpFeeds(
  baseURL: string,
  consumers: FeedConsumer[],
  events: number,
): Promise<void> {
  for (const consumer of consumers) {
    const chan = await openChannel(baseURL, events, 1, 1, 0);
    try {
      await consumer.consume(
        baseURL,
        chan,
        events,
        () => {},
        AbortSignal.timeout(events * 20 + 5000),
      );
    } finally {
      await axios.get(`${baseURL}/channel/close`, { params: { chan } });
    }
  }
}

export async function runFeed(
  baseURL: string,
  scenario: FeedScenario,
  plan: FeedPlan,
): Promise<FeedResult> {
  const result: FeedResult = {
    scenario,
    events: plan.events,
    interval: plan.interval,
    page: plan.page,
    p50: {},
    drain: {},
    p99: {},
    lost: {},
    duplicates: {},
    failures: {},
  };
  for (const c of scenario.consumers) {
    result.p50[c.name] = [];
    result.p99[c.name] = [];
    result.drain[c.name] = [];
    result.lost[c.name] = 0;
    result.duplicates[c.name] = 0;
    result.failures[c.name] = [];
  }
  // Every slice is bounded: the events' own schedule plus a generous margin.
  const limit = 150 + plan.events * plan.interval + 5000;
  for (let round = -1; round < plan.rounds; round++) {
    // Round -1 is the warm-up: measured like the others, then thrown away.
    for (const consumer of balancedOrder(scenario.consumers, round)) {
      collect();
      const chan = await openChannel(baseURL, plan.events, plan.interval, plan.page);
      const recorder = new Recorder(plan.clockOffset);
      const timeout = AbortSignal.timeout(limit);
      try {
        await consumer.consume(baseURL, chan, plan.events, recorder.onEvent, timeout);
      } catch (error) {
        if (round >= 0) result.failures[consumer.name]!.push(describe(error));
      }
      await axios.get(`${baseURL}/channel/close`, { params: { chan } });
      if (round < 0) continue;
      result.p50[consumer.name]!.push(quantile(recorder.latencies, 0.5));
      result.p99[consumer.name]!.push(quantile(recorder.latencies, 0.99));
      result.drain[consumer.name]!.push(recorder.drain);
      result.lost[consumer.name]! += plan.events - recorder.received;
      result.duplicates[consumer.name]! += recorder.duplicates;
    }
    if (round >= 0) {
      plan.log(
        `  ${scenario.key} round ${round + 1}/${plan.rounds}: ${scenario.consumers
          .map((c) => `${c.name} p50 ${result.p50[c.name]!.at(-1)!.toFixed(2)} ms`)
          .join(', ')}`,
      );
    }
  }
  return result;
}

/** Per-round difference of p50 latency, consumer minus reference, in ms. */
export function p50Deltas(result: FeedResult, name: string): number[] {
  const mine = result.p50[name] ?? [];
  const ref = result.p50[result.scenario.reference] ?? [];
  return mine.map((value, i) => value - ref[i]!);
}

/** Turns chunked text (`<i>:<stamp>:xxx\n` lines, split anywhere) into events, one per line. */
export function lineEvents(onEvent: OnFeedEvent): (text: string) => void {
  let rest = '';
  return (text) => {
    rest += text;
    let end = rest.indexOf('\n');
    while (end >= 0) {
      const line = rest.slice(0, end);
      rest = rest.slice(end + 1);
      const [index, stamp] = line.split(':', 2);
      onEvent({ id: Number(index) + 1, t: Number(stamp) });
      end = rest.indexOf('\n');
    }
  };
}

/** The chunked-stream route for `count` lines, one every `interval` ms (the channel is not used). */
export const streamPath = (count: number, interval: number) =>
  `/stream?chunks=${count}&size=64&gap=${interval}`;

/** The bare reader: native `fetch` and its body's reader. */
export const bareFetchStream = (interval: number): FeedConsumer => ({
  name: 'fetch body reader',
  async consume(baseURL, _chan, count, onEvent, signal) {
    const feed = lineEvents(onEvent);
    const res = await fetch(`${baseURL}${streamPath(count, interval)}`, { headers, signal });
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
    }
  },
});

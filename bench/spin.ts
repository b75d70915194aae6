// Long-poll against a server that answers an empty 200 at once, for ever (issue 14: "still gets at
// most 10 requests a second"): the kit's `longPoll` at its defaults, and the bare axios loop, which
// spins. The server counts and stamps every request it receives (`/feed-empty`, bench/server.ts).
import axios from 'axios';
import { longPoll } from '../src/polling';
import { TOKEN } from './clients';
import type { FeedBatch } from './fixtures';
import { instanceFor, kitEndpoints } from './kit';
import { balancedOrder, median } from './stats';
import { describe } from './throughput';

export const KIT_SPIN = 'kit longPoll (defaults)';
export const BARE_SPIN = 'axios loop (reference)';

/** One way of polling `/feed-empty?chan=` until `deadline` (a `performance.now()` time) or `max` answers. */
export interface SpinConsumer {
  name: string;
  run(
    baseURL: string,
    chan: string,
    deadline: number,
    max: number,
  ): Promise<{ answers: number; failures: string[] }>;
}

/** `longPoll` over a `defineEndpoint` feed on the bench's kit instance, as `kitLongPoll` is: no `minGap` given. */
export const kitSpin: SpinConsumer = {
  name: KIT_SPIN,
  run(baseURL, chan, deadline, max) {
    const { feedEmpty } = kitEndpoints(instanceFor(baseURL));
    let answers = 0;
    const failures: string[] = [];
    const poller = longPoll(
      (cursor: number | undefined, signal) =>
        feedEmpty({ query: { chan, cursor: cursor ?? 0 } }, { signal }),
      {
        cursor: (batch) => batch.cursor,
        onValue: () => {
          answers++;
          if (answers >= max) poller.stop();
        },
        onError: (error) => {
          // A failing poll backs off (1 s and up), which would pass for a guard: the round is
          // counted as failed instead.
          failures.push(describe(error));
          poller.stop();
        },
      },
    );
    const timer = setTimeout(() => poller.stop(), Math.max(0, deadline - performance.now()));
    return poller.done.then(() => {
      clearTimeout(timer);
      return { answers, failures };
    });
  },
};

/** `bareAxiosLongPoll`'s loop on the empty feed: the next request as soon as the answer is in. */
export const bareSpin: SpinConsumer = {
  name: BARE_SPIN,
  async run(baseURL, chan, deadline, max) {
    const ax = axios.create({ baseURL, headers: { Authorization: `Bearer ${TOKEN}` } });
    // A safety net only: the server answers at once, so the loop ends on the deadline.
    const signal = AbortSignal.timeout(Math.ceil(Math.max(0, deadline - performance.now())) + 5000);
    let answers = 0;
    let cursor = 0;
    const failures: string[] = [];
    try {
      while (answers < max && performance.now() < deadline && !signal.aborted) {
        const { data } = await ax.get<{ code: number; data: FeedBatch }>('/feed-empty', {
          params: { chan, cursor },
          signal,
        });
        answers++;
        cursor = data.data.cursor;
      }
    } catch (error) {
      failures.push(describe(error));
    }
    return { answers, failures };
  },
};

/**
 * The rate the server saw, from its arrival stamps (ms): requests between the first and the last
 * arrival over the time between them, `(n - 1) / span`, in requests/s. Counting the requests of a
 * window instead would add one by the fence-post (a poller starting every 100 ms makes 31
 * requests in 3 s); NaN with fewer than two requests.
 */
export function arrivalRate(arrivals: readonly number[]): number {
  if (arrivals.length < 2) return Number.NaN;
  const sorted = [...arrivals].sort((a, b) => a - b);
  const span = sorted.at(-1)! - sorted[0]!;
  return span > 0 ? ((sorted.length - 1) / span) * 1000 : Number.POSITIVE_INFINITY;
}

/** The most arrivals (ms stamps) inside any window of `windowMs` (half-open: `[t, t + windowMs)`). */
export function peakInWindow(arrivals: readonly number[], windowMs = 1000): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** The median and the shortest time between two consecutive arrivals (ms stamps), in ms. */
export function arrivalGaps(arrivals: readonly number[]): { median: number; min: number } {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
  return { median: median(gaps), min: gaps.length ? Math.min(...gaps) : Number.NaN };
}

/** Per consumer, one entry per round. */
export interface SpinResult {
  /** How long each consumer polled per round, ms. */
  windowMs: number;
  rounds: number;
  /** The kit's consumer (judged) and the bare loop (for contrast). */
  kit: string;
  reference: string;
  /** Requests the server received. */
  requests: Record<string, number[]>;
  /** `arrivalRate` of those requests, requests/s. */
  rate: Record<string, number[]>;
  /** The most requests the server received in any 1 s. */
  peak: Record<string, number[]>;
  /** Median and shortest time between two arrivals, ms. */
  gapMedian: Record<string, number[]>;
  gapMin: Record<string, number[]>;
  failures: Record<string, string[]>;
}

export interface SpinPlan {
  rounds: number;
  windowMs: number;
  /** Most answers a consumer takes per round (a bound besides the window). */
  maxRequests: number;
  log(line: string): void;
}

interface ArrivalStamp {
  arrived: number;
}

export async function runSpin(
  baseURL: string,
  plan: SpinPlan,
  kit: SpinConsumer = kitSpin,
  reference: SpinConsumer = bareSpin,
): Promise<SpinResult> {
  const consumers = [kit, reference];
  const names = consumers.map((c) => c.name);
  const perName = () => Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const result: SpinResult = {
    windowMs: plan.windowMs,
    rounds: plan.rounds,
    kit: kit.name,
    reference: reference.name,
    requests: perName(),
    rate: perName(),
    peak: perName(),
    gapMedian: perName(),
    gapMin: perName(),
    failures: Object.fromEntries(names.map((n) => [n, [] as string[]])),
  };
  for (let round = 0; round < plan.rounds; round++) {
    for (const consumer of balancedOrder(consumers, round)) {
      // A channel of no events: the server only counts and stamps the requests on it.
      const { data } = await axios.get<{ chan: string }>(`${baseURL}/channel`, {
        params: { count: 0 },
      });
      try {
        try {
          const { failures } = await consumer.run(
            baseURL,
            data.chan,
            performance.now() + plan.windowMs,
            plan.maxRequests,
          );
          result.failures[consumer.name]!.push(...failures);
        } catch (error) {
          // Counted like a failed request: the round's requests are still what the server saw.
          result.failures[consumer.name]!.push(describe(error));
        }
        const { data: requests } = await axios.get<ArrivalStamp[]>(`${baseURL}/channel/requests`, {
          params: { chan: data.chan },
        });
        const arrivals = requests.map((r) => r.arrived);
        result.requests[consumer.name]!.push(arrivals.length);
        result.rate[consumer.name]!.push(arrivalRate(arrivals));
        result.peak[consumer.name]!.push(peakInWindow(arrivals));
        const gaps = arrivalGaps(arrivals);
        result.gapMedian[consumer.name]!.push(gaps.median);
        result.gapMin[consumer.name]!.push(gaps.min);
      } finally {
        await axios.get(`${baseURL}/channel/close`, { params: { chan: data.chan } });
      }
    }
    plan.log(
      `  spin round ${round + 1}/${plan.rounds}: ${names
        .map(
          (n) =>
            `${n} ${result.requests[n]!.at(-1)} requests, ${result.rate[n]!.at(-1)!.toFixed(2)} req/s, peak ${result.peak[n]!.at(-1)} in 1 s`,
        )
        .join('; ')}`,
    );
  }
  plan.log(
    `  spin: median ${names.map((n) => `${n} ${median(result.rate[n]!).toFixed(2)} req/s`).join(', ')}`,
  );
  return result;
}

// The leak check: many requests and poll cycles through the kit, all sharing one caller signal
// (as the requests of a page that cancels on navigation do), then heap after GC, the kit's live
// timers, the listeners left on that signal and the instance's pending count.
import { getEventListeners, setMaxListeners } from 'node:events';
import axios from 'axios';
import { longPoll, pollUntil } from '../src/polling';
import { openEventStream } from '../src/realtime';
import { activeTimerCount } from '../src/request';
import { FeedEvent } from './fixtures';
import { collect, hasGc, slice } from './harness';
import { kitEndpoints, kitHttp } from './kit';
import { describe } from './throughput';

export interface SoakPlan {
  requests: number;
  pollCycles: number;
  /** longPoll and openEventStream sessions, each started, given one value and stopped. */
  sessions: number;
  /** Upper bound on each half of the soak. */
  maxMs: number;
  log(line: string): void;
}

/** A count at the start and at the end. */
export interface BeforeAfter {
  before: number;
  after: number;
}

export interface SoakResult {
  gc: boolean;
  requests: { done: number; errors: number; rps: number; firstError?: string };
  pollCycles: { done: number; errors: number; firstError?: string };
  sessions: { longPoll: number; eventStream: number; errors: number; firstError?: string };
  heapUsed: BeforeAfter & { afterRequests: number };
  timers: BeforeAfter;
  listeners: BeforeAfter;
  pending: BeforeAfter;
}

// Let the last responses' callbacks, sockets' idle events and finally-handlers run.
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function heapUsed(): number {
  collect('full');
  return process.memoryUsage().heapUsed;
}

export async function runSoak(baseURL: string, plan: SoakPlan): Promise<SoakResult> {
  const http = kitHttp(baseURL);
  const api = kitEndpoints(http);
  const caller = new AbortController();
  const { signal } = caller;
  // 32 requests in flight each listen on it: expected, not the leak Node's warning guesses at.
  setMaxListeners(64, signal);
  // A channel whose events all exist already: every session gets its first value at once.
  const { data: channel } = await axios.get<{ chan: string }>(`${baseURL}/channel`, {
    params: { count: 50, interval: 1, delay: 0 },
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Each session is bounded: a watchdog stops it (and fails it) if no value came in 10 s.
  const watchdog = (stop: () => void, fail: (error: Error) => void) => {
    const timer = setTimeout(() => {
      fail(new Error('session got no value in 10 s'));
      stop();
    }, 10_000);
    return () => clearTimeout(timer);
  };
  const longPollSession = () =>
    new Promise<void>((resolve, reject) => {
      const disarm = watchdog(() => poller.stop(), reject);
      const poller = longPoll(
        (cursor: number | undefined, s) =>
          api.feed({ query: { chan: channel.chan, cursor: cursor ?? 0 } }, { signal: s }),
        {
          cursor: (batch) => batch.cursor,
          onValue: () => {
            disarm();
            poller.stop();
          },
          onError: (error) => {
            poller.stop();
            reject(error);
          },
          signal,
        },
      );
      poller.done.then(() => {
        disarm();
        resolve();
      }, reject);
    });
  const streamSession = async () => {
    let failure: unknown;
    const stream = openEventStream(`/sse?chan=${channel.chan}`, {
      http,
      schema: FeedEvent,
      signal,
      onEvent: () => stream.close(),
      onError: (error) => {
        failure ??= error;
        stream.close();
      },
    });
    const disarm = watchdog(
      () => stream.close(),
      (error) => {
        failure ??= error;
      },
    );
    await stream.done.finally(disarm);
    if (failure) throw failure;
  };
  const tenCycles = () => {
    let attempts = 0;
    return pollUntil(({ signal: s }) => api.getUser({ params: { id: 1 } }, { signal: s }), {
      until: () => ++attempts >= 10,
      interval: 0,
      timeout: 30_000,
      signal,
    });
  };

  // Warm-up: the first calls allocate what stays for the life of the process (JIT code and type
  // feedback, pools, sockets); a first soak of 10,000 grew the heap by 1.07 MB, a second by 0.21 MB.
  await slice(() => api.getUser({ params: { id: 1 } }, { signal }), 3000, 32, plan.maxMs);
  await slice(tenCycles, 20, 4, plan.maxMs);
  await slice(longPollSession, 10, 2, plan.maxMs);
  await slice(streamSession, 10, 2, plan.maxMs);
  await settle();

  // What must come back to where it was: heap after GC, live kit timers, listeners, pending.
  const snapshot = () => ({
    heapUsed: heapUsed(),
    timers: activeTimerCount(),
    listeners: getEventListeners(signal, 'abort').length,
    pending: http.pending,
  });
  const before = snapshot();

  plan.log(`  soak: ${plan.requests} requests through a defineEndpoint function, concurrency 32`);
  const requests = await slice(
    () => api.getUser({ params: { id: 1 } }, { signal }),
    plan.requests,
    32,
    plan.maxMs,
  );
  await settle();
  const afterRequests = heapUsed();
  plan.log(`  soak: ${plan.pollCycles} pollUntil cycles (10 per call, 4 calls at once)`);
  const polls = await slice(tenCycles, Math.ceil(plan.pollCycles / 10), 4, plan.maxMs);
  plan.log(`  soak: ${plan.sessions} longPoll and ${plan.sessions} openEventStream sessions`);
  const longPolls = await slice(longPollSession, plan.sessions, 4, plan.maxMs);
  const streams = await slice(streamSession, plan.sessions, 4, plan.maxMs);
  await settle();

  const after = snapshot();
  caller.abort();
  await axios.get(`${baseURL}/channel/close`, { params: { chan: channel.chan } });
  const sessionError = longPolls.firstError ?? streams.firstError;
  return {
    gc: hasGc(),
    requests: {
      done: requests.done,
      errors: requests.errors,
      rps: requests.rps,
      ...(requests.firstError ? { firstError: describe(requests.firstError) } : {}),
    },
    pollCycles: {
      done: polls.done * 10,
      errors: polls.errors,
      ...(polls.firstError ? { firstError: describe(polls.firstError) } : {}),
    },
    sessions: {
      longPoll: longPolls.done,
      eventStream: streams.done,
      errors: longPolls.errors + streams.errors,
      ...(sessionError ? { firstError: describe(sessionError) } : {}),
    },
    heapUsed: { before: before.heapUsed, afterRequests, after: after.heapUsed },
    timers: { before: before.timers, after: after.timers },
    listeners: { before: before.listeners, after: after.listeners },
    pending: { before: before.pending, after: after.pending },
  };
}

// The leak check: many requests and poll cycles through the kit, all sharing one caller signal
// (as the requests of a page that cancels on navigation do), then heap after GC, the kit's live
// timers, the listeners left on that signal and the instance's pending count.
import { getEventListeners, setMaxListeners } from 'node:events';
import { pollUntil } from '../src/polling';
import { activeTimerCount } from '../src/request';
import { collect, hasGc, slice } from './harness';
import { kitEndpoints, kitHttp } from './kit';
import { describe } from './throughput';

export interface SoakPlan {
  requests: number;
  pollCycles: number;
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
  collect();
  return process.memoryUsage().heapUsed;
}

export async function runSoak(baseURL: string, plan: SoakPlan): Promise<SoakResult> {
  const http = kitHttp(baseURL);
  const api = kitEndpoints(http);
  const caller = new AbortController();
  const { signal } = caller;
  // 32 requests in flight each listen on it: expected, not the leak Node's warning guesses at.
  setMaxListeners(64, signal);
  const tenCycles = () => {
    let attempts = 0;
    return pollUntil(({ signal: s }) => api.getUser({ params: { id: 1 } }, { signal: s }), {
      until: () => ++attempts >= 10,
      interval: 0,
      timeout: 30_000,
      signal,
    });
  };

  // Warm-up: the first calls allocate what stays for the life of the process (JIT, pools, sockets).
  await slice(() => api.getUser({ params: { id: 1 } }, { signal }), 500, 32, plan.maxMs);
  await slice(tenCycles, 20, 4, plan.maxMs);
  await settle();

  const before = {
    heapUsed: heapUsed(),
    timers: activeTimerCount(),
    listeners: getEventListeners(signal, 'abort').length,
    pending: http.pending,
  };

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
  await settle();

  const after = {
    heapUsed: heapUsed(),
    timers: activeTimerCount(),
    listeners: getEventListeners(signal, 'abort').length,
    pending: http.pending,
  };
  caller.abort();
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
    heapUsed: { before: before.heapUsed, afterRequests, after: after.heapUsed },
    timers: { before: before.timers, after: after.timers },
    listeners: { before: before.listeners, after: after.listeners },
    pending: { before: before.pending, after: after.pending },
  };
}

import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import {
  ApiError,
  activeTimerCount,
  createHttp,
  type Http,
  type HttpOptions,
  isApiError,
} from '../../../src/request';
import { liveServers, until } from './servers';

/**
 * The oracle every faults test ends with: whatever the case did, the kit is left with nothing in
 * flight (pending, dedupe, refresh waiters, loading), no timer, no exchange open on a loopback
 * server, no unhandled rejection, no MaxListenersExceededWarning and a clean Object.prototype.
 */

const instances = new Set<Http>();
const unhandled: unknown[] = [];
const warnings: Error[] = [];
let prototypeKeys: (string | symbol)[] = [];

const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
/** The oracle's `process.on('warning')` listener (exported for the oracle's own test only). */
export const onWarning = (warning: Error) => {
  if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
};

/** Register an instance so the oracle checks its `stats()` after the test. */
export function track<T extends Http>(instance: T): T {
  instances.add(instance);
  return instance;
}

/** `createHttp` with the test's options, tracked by the oracle. */
export function kit(options: HttpOptions = {}): Http {
  return track(createHttp(options));
}

function prototypeSnapshot(): (string | symbol)[] {
  return Reflect.ownKeys(Object.prototype).sort((a, b) => String(a).localeCompare(String(b)));
}

const allSettled = () =>
  activeTimerCount() === 0 &&
  [...instances].every((i) => {
    const s = i.stats();
    return s.pending === 0 && s.dedupe === 0 && s.refreshWaiters === 0 && s.loading === 0;
  });

/** Install the oracle's hooks in the calling test file. */
export function useOracle(): void {
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    process.on('warning', onWarning);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('warning', onWarning);
  });
  beforeEach(() => {
    prototypeKeys = prototypeSnapshot();
    unhandled.length = 0;
    warnings.length = 0;
  });
  afterEach(async () => {
    try {
      const violations = await violationsNow();
      expect(violations, 'the oracle').toEqual([]);
    } finally {
      instances.clear();
      await Promise.all([...liveServers()].map((s) => s.close()));
    }
  });
}

/** Forget the rejections and warnings recorded so far (for the oracle's own test only). */
export function forgetRecorded(): void {
  unhandled.length = 0;
  warnings.length = 0;
}

/**
 * Everything the kit left behind, as readable lines (empty when clean). Waits a bounded moment
 * first: a stopped poller or stream lets go of its request when axios settles the abort, and an
 * aborted exchange closes on the server a moment after the client drops it.
 */
export async function violationsNow(): Promise<string[]> {
  const found: string[] = [];
  if (vi.isFakeTimers()) {
    const left = vi.getTimerCount();
    if (left !== 0) found.push(`fake clock: ${left} timers left`);
    vi.useRealTimers();
  }
  await until(allSettled, 'kit settled', 1500).catch(() => undefined);
  const timers = activeTimerCount();
  if (timers !== 0) found.push(`kit timers: ${timers} left`);
  for (const instance of instances) {
    const stats = instance.stats();
    for (const [key, value] of Object.entries(stats)) {
      if (value !== 0) found.push(`http.stats().${key} = ${value}`);
    }
  }
  const servers = [...liveServers()];
  await until(() => servers.every((s) => s.openExchanges() === 0), 'exchanges closed', 2000).catch(
    () => undefined,
  );
  for (const server of servers) {
    const open = server.openExchanges();
    if (open !== 0) found.push(`${server.origin}: ${open} exchanges still open`);
  }
  // A late rejection or warning is reported on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (const reason of unhandled) found.push(`unhandled rejection: ${String(reason)}`);
  for (const warning of warnings) found.push(`${warning.name}: ${warning.message}`);
  const keys = prototypeSnapshot();
  if (keys.join() !== prototypeKeys.join()) {
    found.push(`Object.prototype keys changed: ${keys.map(String).join(', ')}`);
  }
  return found;
}

/** What a failure must look like: a typed ApiError, a short message, no secret in it. */
export interface Expected {
  kind: ApiError['kind'];
  status?: number | undefined;
  /** Strings that must appear nowhere in the message or the error's JSON (tokens). */
  secrets?: string[];
}

/** Longest message the kit may produce: a toast, not a dump of the body. */
export const MAX_MESSAGE = 200;

/**
 * Await a rejection and check it is a well-formed `ApiError`: the kind and status asked for, a
 * short human message, no secret anywhere in what a logger would print.
 */
export async function expectApiError(
  promise: Promise<unknown>,
  expected: Expected,
): Promise<ApiError> {
  const error = await promise.then(
    (value) => {
      const data = (value as { data?: unknown } | undefined)?.data ?? value;
      throw new Error(
        `expected an ApiError, resolved with ${String(JSON.stringify(data)).slice(0, 200)}`,
      );
    },
    (reason: unknown) => reason,
  );
  if (!isApiError(error)) {
    throw new Error(`expected an ApiError, got ${String(error)}`);
  }
  expect(error).toBeInstanceOf(ApiError);
  expect(error.kind, error.message).toBe(expected.kind);
  if ('status' in expected) expect(error.status).toBe(expected.status);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  const printed = `${error.message}\n${String(error)}\n${JSON.stringify(error)}`;
  for (const secret of expected.secrets ?? []) expect(printed).not.toContain(secret);
  return error;
}

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
const onWarning = (warning: Error) => {
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

const zero = { pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 };
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
      if (vi.isFakeTimers()) {
        expect(vi.getTimerCount(), 'fake clock timers left').toBe(0);
        vi.useRealTimers();
      }
      // A stopped poller or stream lets go of its request a moment later (axios settles the
      // abort asynchronously): a bounded wait, then exact assertions.
      await until(allSettled, 'kit settled', 1500).catch(() => undefined);
      expect(activeTimerCount(), 'kit timers left').toBe(0);
      for (const instance of instances) expect(instance.stats()).toEqual(zero);
      // Sockets: give the client a bounded moment to close what it aborted.
      const servers = [...liveServers()];
      await until(
        () => servers.every((s) => s.openExchanges() === 0),
        'loopback exchanges closed',
        2000,
      ).catch(() => undefined);
      for (const server of servers) {
        expect(server.openExchanges(), `open exchanges on ${server.origin}`).toBe(0);
      }
      // Let a late rejection or warning surface (they are reported on a later tick).
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled, 'unhandled rejections').toEqual([]);
      expect(
        warnings.map((w) => w.message),
        'MaxListenersExceededWarning',
      ).toEqual([]);
      expect(prototypeSnapshot(), 'Object.prototype keys').toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').toBeUndefined();
    } finally {
      instances.clear();
      await Promise.all([...liveServers()].map((s) => s.close()));
    }
  });
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

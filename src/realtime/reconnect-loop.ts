import { type ApiError, type ReconnectPolicy, sleep } from '../core';

/** Whether a failed connection ends the stream for good: 204, a 4xx the instance could not recover from (401 after refresh) and bad responses end it. */
export function isTerminal(error: ApiError): boolean {
  if (error.kind === 'validation' || error.kind === 'business') return true;
  const status = error.status ?? 0;
  return error.kind === 'http' && status < 500 && status !== 408 && status !== 429;
}

/** What a reconnecting stream tells its loop. */
export interface ReconnectLoopOptions {
  /** Aborting it ends the loop quietly, the wait between two connections included. */
  signal: AbortSignal;
  /** When to try again and how long to wait (`reconnectPolicy`). */
  policy: ReconnectPolicy;
  /** One connection: resolves when the stream is over for good, rejects with why it dropped. */
  connect(): Promise<void>;
  /** The one classifier, as the stream uses it (its context, its table). */
  classify(error: unknown): ApiError;
  /** Whether this failure may be followed by another connection at all (the policy decides when). */
  canRetry(failure: ApiError): boolean;
  /** The server's own base delay (SSE `retry:`), when it gave one. */
  hint(): number | undefined;
  /** Told before each wait: the try again number (1 first), the wait, and why. */
  onRetry?(info: { attempt: number; delay: number; error: ApiError }): void;
}

/** A running reconnect loop. */
export interface ReconnectLoop {
  /**
   * Settles once: resolves `'ended'` when a connection ended the stream, `'stopped'` when the
   * signal aborted; rejects with the failure that ended it.
   */
  readonly done: Promise<'ended' | 'stopped'>;
  /** Something arrived: the next drop starts again from the first delay. */
  reset(): void;
}

/**
 * The loop of a stream that reconnects (openEventStream, a GET or resumable defineStream), apart
 * from its policy (as TanStack's retryer is): connect; on a drop, ask `canRetry` and the policy,
 * wait the policy's delay, connect again. The count of tries in a row is reset only by `reset()`
 * (an event delivered), so a server that accepts and closes at once keeps backing off.
 *
 * @example const loop = startReconnectLoop({ signal, policy, connect, classify, canRetry, hint });
 */
export function startReconnectLoop(options: ReconnectLoopOptions): ReconnectLoop {
  const { signal, policy } = options;
  let attempt = 0;
  const run = async (): Promise<'ended' | 'stopped'> => {
    for (;;) {
      if (signal.aborted) return 'stopped';
      let failure: ApiError;
      try {
        await options.connect();
        return 'ended';
      } catch (error) {
        if (signal.aborted) return 'stopped';
        failure = options.classify(error);
      }
      if (!options.canRetry(failure) || !policy.shouldRetry(attempt)) throw failure;
      const delay = policy.delay(attempt, options.hint());
      attempt += 1;
      options.onRetry?.({ attempt, delay, error: failure });
      try {
        await sleep(delay, signal);
      } catch {
        // Only an abort ends the wait early.
        return 'stopped';
      }
    }
  };
  return {
    // On the next microtask: `connect` may use the loop this call returns.
    done: Promise.resolve().then(run),
    reset() {
      attempt = 0;
    },
  };
}

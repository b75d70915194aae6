import { type BackoffOptions, backoffDelay } from './backoff';
import { checkMs } from './check-ms';

/**
 * How a loop tries again after failures in a row (a poller's failed request, a stream's dropped
 * connection): the public options every layer takes, before defaults.
 */
export interface ReconnectOptions extends BackoffOptions {
  /** Tries again in a row before giving up. @default Infinity (the caller's default) */
  retries?: number;
}

/**
 * A loop's retry decision and its delays, apart from the loop itself (as TanStack's retryer keeps
 * `shouldRetry` and `retryDelay` apart from its run loop). `attempt` counts the tries again made
 * in a row so far (0 before the first); the loop resets it when something succeeds.
 */
export interface ReconnectPolicy {
  /** Tries again in a row before giving up (`Infinity`: never gives up, `0`: never tries again). */
  readonly retries: number;
  /** Whether the loop tries again after its `attempt + 1`-th failure in a row. */
  shouldRetry(attempt: number): boolean;
  /**
   * The wait before try again number `attempt` (0 first): the kit's jittered backoff from `min`
   * to `max`. A server's own suggestion (`hint`, e.g. SSE `retry:`) replaces `min`, never below
   * `hintFloor` nor above `max`.
   */
  delay(attempt: number, hint?: number): number;
}

/** The defaults a caller gives `reconnectPolicy`, in ms. */
export interface ReconnectDefaults {
  min: number;
  max: number;
  /** @default Infinity */
  retries?: number;
  /** The shortest wait a server's hint may ask for. @default 0 */
  hintFloor?: number;
}

/**
 * Apply defaults once: `false` (off: never tries again) or the options, over `defaults`. A
 * `retries`, `min`, `max` or `factor` that is not a number >= 0 throws a `'validation'` ApiError.
 *
 * @example
 * const policy = reconnectPolicy(options.reconnect, { min: 1000, max: 30_000, hintFloor: 250 });
 * if (!policy.shouldRetry(attempt)) throw failure;
 * await sleep(policy.delay(attempt++, serverRetry), signal);
 */
export function reconnectPolicy(
  options: false | ReconnectOptions | undefined,
  defaults: ReconnectDefaults,
): ReconnectPolicy {
  const given = options === false ? {} : (options ?? {});
  const retries = checkMs(
    options === false ? 0 : (given.retries ?? defaults.retries ?? Infinity),
    'retries',
    undefined,
    true,
  );
  const min = checkMs(given.min ?? defaults.min, 'backoff min');
  const max = checkMs(given.max ?? defaults.max, 'backoff max');
  checkMs(given.factor ?? 2, 'backoff factor');
  const backoff: BackoffOptions = { ...given, min, max };
  const hintFloor = Math.min(defaults.hintFloor ?? 0, max);
  return {
    retries,
    shouldRetry: (attempt) => attempt < retries,
    delay(attempt, hint) {
      if (hint === undefined) return backoffDelay(attempt, backoff);
      const base = Math.min(Math.max(hint, hintFloor), max);
      return Math.max(hintFloor, backoffDelay(attempt, { ...backoff, min: base }));
    },
  };
}

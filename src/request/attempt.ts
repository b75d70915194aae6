import type { TimerHandle } from '../core/timers';
import { LightSignal } from './light-signal';

/** What the interceptors and the engine share about one attempt (one trip through axios). */
export interface Attempt {
  /** The token a refresh returned, sent instead of `getToken()` when this attempt is a replay. */
  replayToken: string | undefined;
  /** The token read for this attempt (before axios runs), applied by the token adapter. */
  token: unknown;
  /** Refresh epoch the token was read in: a 401 from an older one never starts another refresh. */
  generation: number;
  /** The token this attempt carried, `undefined` when it carried none (only such a 401 refreshes). */
  sentToken: string | undefined;
  /** When the total deadline ends this attempt, on `realClock()`'s time line (0: no such deadline). */
  deadline: number;
  /** Whether the kit's total deadline ended this attempt. */
  timedOut: boolean;
  /** The adapter the request asked for, called by the kit's token adapter. */
  adapter: unknown;
  /** Rejects the engine's promise of this attempt's trip (called when its signal aborts). */
  reject: ((reason: unknown) => void) | undefined;
  /** Whether the request reached the kit's own adapter with this signal (set by that adapter). */
  reached: boolean;
}

/**
 * The signal the engine gives axios for one attempt, and that attempt itself: the token adapter
 * finds it from `config.signal` with no lookup table (one object per attempt, not two). A signal of
 * another class (swapped by an interceptor) carries no attempt, and gets no token. The engine also
 * uses one for each wait of a call between attempts (a refresh, a backoff): the call aborts
 * whichever is current.
 */
export class AttemptSignal extends LightSignal implements Attempt {
  // Every field declared here, so none is added later (a field added later costs an allocation).
  replayToken: string | undefined;
  token: unknown;
  generation = 0;
  sentToken: string | undefined;
  deadline = 0;
  timedOut = false;
  adapter: unknown;
  reject: ((reason: unknown) => void) | undefined;
  reached = false;
  /** The deadline's own timer, when the kit's timers are not the real ones (see `realClock`). */
  timer: TimerHandle | undefined;
}

/**
 * The attempt behind a request config, found by the signal the engine gave it.
 * @example const attempt = attemptOf(config.signal)
 */
export function attemptOf(signal: unknown): Attempt | undefined {
  return signal instanceof AttemptSignal ? signal : undefined;
}

/** What the interceptors and the engine share about one attempt (one trip through axios). */
export interface Attempt {
  /** The token a refresh returned, sent instead of `getToken()` when this attempt is a replay. */
  replayToken: string | undefined;
  /** Refresh generation the token was read in: a 401 from an older one replays without refreshing. */
  generation: number;
  /** Whether the token header was set (only such a 401 may refresh). */
  carriedToken: boolean;
  /** Whether the kit's total deadline ended this attempt. */
  timedOut: boolean;
}

/** Finds the attempt behind a request config, by the signal the engine gave it. */
export type AttemptLookup = (signal: unknown) => Attempt | undefined;

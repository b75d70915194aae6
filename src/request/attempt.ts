/** What the interceptors and the engine share about one attempt (one trip through axios). */
export interface Attempt {
  /** The token a refresh returned, sent instead of `getToken()` when this attempt is a replay. */
  replayToken: string | undefined;
  /** Refresh epoch the token was read in: a 401 from an older one never starts another refresh. */
  generation: number;
  /** The token this attempt carried, `undefined` when it carried none (only such a 401 refreshes). */
  sentToken: string | undefined;
  /** Whether the kit's total deadline ended this attempt. */
  timedOut: boolean;
}

/** Finds the attempt behind a request config, by the signal the engine gave it. */
export type AttemptLookup = (signal: unknown) => Attempt | undefined;

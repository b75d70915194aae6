/** Exponential backoff with jitter: the one delay policy of the kit (retry, polling, long-poll, SSE, socket). */
export interface BackoffOptions {
  /** Delay of the first retry, before jitter. @default 300 */
  min?: number;
  /** Cap on any delay. @default 30000 */
  max?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Share of the delay that is randomised, 0..1 (0.5: between half and the full delay). @default 0.5 */
  jitter?: number;
  /** Source of randomness in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0 for the first): `min * factor ** attempt`, capped at
 * `max`, minus up to `jitter` of itself so that clients that failed together do not retry together.
 * Pure: the same inputs and `random` give the same delay.
 *
 * @example backoffDelay(2, { min: 100, max: 1000, random: () => 0 }) // 400
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.min ?? 300;
  const max = options.max ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  const exponential = Math.min(max, min * factor ** Math.max(0, attempt));
  return Math.round(exponential * (1 - jitter * random()));
}

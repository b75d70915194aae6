/** Order statistics on a copy (the input keeps its order). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median, quartiles and range of a sample. */
export interface Summary {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** `0.97× (IQR 0.95–0.99, range 0.91–1.02)` */
export function formatRatio(s: Summary, digits = 2): string {
  if (!Number.isFinite(s.median)) return 'n/a';
  return `${s.median.toFixed(digits)}× (IQR ${s.q1.toFixed(2)}–${s.q3.toFixed(2)}, range ${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * The order of round `round` from a balanced Latin square (Williams design): over a cycle of n
 * rounds (2n when n is odd) every item runs once in each position and directly after every other
 * item equally often. A plain rotation keeps the cycle's neighbours, so one client would always
 * follow the same one and inherit its garbage and timers in every round; here what a client
 * leaves behind lands on each of the others in turn.
 */
export function balancedOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n < 2) return [...items];
  const cycle = n % 2 === 0 ? n : 2 * n;
  const r = ((round % cycle) + cycle) % cycle;
  // Row 0 is 0, 1, n-1, 2, n-2, …; row k adds k to every entry (mod n). For odd n the second
  // half of the cycle runs the same rows backwards.
  const row: number[] = [];
  for (let j = 0; j < n; j++) {
    const base = j === 0 ? 0 : j % 2 === 1 ? (j + 1) / 2 : n - j / 2;
    row.push((base + (r % n)) % n);
  }
  if (r >= n) row.reverse();
  return row.map((i) => items[i]!);
}

/**
 * The spin guard's bench row (issue 14: a server answering an empty 200 at once, for ever, gets
 * at most 10 requests a second): how the server's arrival stamps become a rate, and how the row
 * is judged.
 */
import { describe, expect, it } from 'vitest';
import { SPIN_LIMIT, spinTable, spinTarget } from '../../bench/report';
import { arrivalGaps, arrivalRate, peakInWindow, type SpinResult } from '../../bench/spin';

/** Stamps `gap` ms apart, starting at `from`. */
const every = (gap: number, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => from + i * gap);

const KIT = 'kit longPoll (defaults)';
const BARE = 'axios loop (reference)';

function result(kitRates: number[], failures: string[] = []): SpinResult {
  return {
    windowMs: 3000,
    rounds: kitRates.length,
    kit: KIT,
    reference: BARE,
    requests: { [KIT]: kitRates.map((r) => Math.round(r * 3)), [BARE]: kitRates.map(() => 6000) },
    rate: { [KIT]: kitRates, [BARE]: kitRates.map(() => 2000) },
    peak: { [KIT]: kitRates.map(() => 10), [BARE]: kitRates.map(() => 2100) },
    gapMedian: { [KIT]: kitRates.map(() => 101), [BARE]: kitRates.map(() => 0.5) },
    gapMin: { [KIT]: kitRates.map(() => 99), [BARE]: kitRates.map(() => 0.3) },
    failures: { [KIT]: failures, [BARE]: [] },
  };
}

describe('arrivalRate', () => {
  it('is intervals over the span: a request every 100 ms is 10/s whatever the window', () => {
    expect(arrivalRate(every(100, 31))).toBeCloseTo(10, 10);
    expect(arrivalRate(every(100, 11))).toBeCloseTo(10, 10);
  });

  it('counts an extra early request against the guard', () => {
    // The first answer followed at once, then every 100 ms: 31 requests over 2.9 s.
    expect(arrivalRate([0, 5, ...every(100, 29, 100)])).toBeCloseTo(30 / 2.9, 10);
    expect(arrivalRate([0, 5, ...every(100, 29, 100)])).toBeGreaterThan(SPIN_LIMIT);
  });

  it('does not depend on the order stamps come in, and is NaN with fewer than two', () => {
    expect(arrivalRate([200, 0, 100])).toBeCloseTo(10, 10);
    expect(arrivalRate([5])).toBeNaN();
    expect(arrivalRate([])).toBeNaN();
  });
});

describe('peakInWindow', () => {
  it('counts the most arrivals inside any half-open 1 s window', () => {
    expect(peakInWindow(every(100, 31))).toBe(10);
    expect(peakInWindow([0, 5, ...every(100, 10, 100)])).toBe(11);
    expect(peakInWindow([])).toBe(0);
  });
});

describe('arrivalGaps', () => {
  it('gives the median and the shortest gap', () => {
    expect(arrivalGaps([0, 5, 105, 205, 305])).toEqual({ median: 100, min: 5 });
  });
});

describe('spinTarget', () => {
  it('is met when the median round is at most 10 requests/s', () => {
    const [row] = spinTarget(result([9.8, 9.9, 10]));
    expect(row?.met).toBe(true);
    expect(row?.measured).toContain('9.90 req/s (range 9.80–10.00)');
    expect(row?.measured).toContain(`${BARE} 2,000.00 req/s`);
  });

  it('is missed when the median round goes over, and shows the range either way', () => {
    const [missed] = spinTarget(result([10.04, 10.12, 10.19]));
    expect(missed?.met).toBe(false);
    expect(missed?.measured).toContain('10.12 req/s (range 10.04–10.19)');
    // One round's end requests delayed in transit: the range shows it, the median judges.
    expect(spinTarget(result([9.8, 9.9, 10.3]))[0]?.met).toBe(true);
  });

  it('is missed when a request failed (a failing poll backs off, which would pass for a guard)', () => {
    const [row] = spinTarget(result([1, 1, 1], ['ApiError: network']));
    expect(row?.met).toBe(false);
    expect(row?.measured).toContain('1 failed: ApiError: network');
  });

  it('is not judged without a rate, and absent when the scenario did not run', () => {
    expect(spinTarget(result([Number.NaN]))[0]?.met).toBeUndefined();
    expect(spinTarget(result([]))[0]?.met).toBeUndefined();
    expect(spinTarget(undefined)).toEqual([]);
  });
});

describe('spinTable', () => {
  it('has a row per consumer, the kit first', () => {
    const lines = spinTable(result([9.9])).split('\n');
    expect(lines[0]).toBe('### Long-poll against a server answering an empty 200 at once');
    const rows = lines.filter((l) => l.startsWith(`| ${KIT}`) || l.startsWith(`| ${BARE}`));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([`| ${KIT}`, `| ${BARE}`]);
    expect(rows[0]).toContain('9.90 req/s');
    expect(spinTable(undefined)).toBe('');
  });
});

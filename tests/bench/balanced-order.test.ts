/**
 * The benchmarks' slice order: a client must not always run right after the same neighbour (it
 * would inherit that neighbour's garbage and timers in every round), nor always in one position.
 */
import { describe, expect, it } from 'vitest';
import { balancedOrder } from '../../bench/stats';

/** How often each (previous, next) pair and each (item, position) occur over `rounds` rounds. */
function tally(n: number, rounds: number) {
  const items = Array.from({ length: n }, (_, i) => `c${i}`);
  const follows = new Map<string, number>();
  const positions = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const order = balancedOrder(items, round);
    expect([...order].sort()).toEqual([...items].sort());
    order.forEach((item, position) => {
      positions.set(`${item}@${position}`, (positions.get(`${item}@${position}`) ?? 0) + 1);
      if (position > 0) {
        const pair = `${order[position - 1]}>${item}`;
        follows.set(pair, (follows.get(pair) ?? 0) + 1);
      }
    });
  }
  return { follows, positions };
}

describe('balancedOrder', () => {
  it.each([2, 3, 4, 5, 8, 9])(
    'with %i clients, every client follows every other one equally often over a cycle',
    (n) => {
      const cycle = n % 2 === 0 ? n : 2 * n;
      const { follows, positions } = tally(n, cycle);
      expect(follows.size).toBe(n * (n - 1));
      expect(new Set(follows.values())).toEqual(new Set([cycle / n]));
      expect(positions.size).toBe(n * n);
      expect(new Set(positions.values())).toEqual(new Set([cycle / n]));
    },
  );

  it('repeats its cycle and accepts any round number', () => {
    const items = ['a', 'b', 'c'];
    expect(balancedOrder(items, 7)).toEqual(balancedOrder(items, 1));
    expect(balancedOrder(items, -5)).toEqual(balancedOrder(items, 1));
    expect(balancedOrder(['only'], 3)).toEqual(['only']);
  });
});

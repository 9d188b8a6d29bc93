import { describe, expect, it } from 'vitest';
import { sortSmall } from './sort-small';

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('sortSmall', () => {
  it('orders like Array.prototype.sort, equal items kept in their order, at every length around the switch to it', () => {
    const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const length = Math.floor(next() * 40);
      // Few distinct keys, so that equal keys are common and stability shows.
      const items = Array.from({ length }, (_, at) => ({ key: Math.floor(next() * 5), at }));
      const expected = [...items].sort(byKey);
      const sorted = sortSmall(items, byKey);
      expect(sorted, `seed ${seed}`).toBe(items);
      expect(sorted.map((x) => x.at), `seed ${seed}`).toEqual(expected.map((x) => x.at));
    }
  });

  it('sorts strings by the comparator given', () => {
    expect(sortSmall(['2026-03-01', '2025-12-31', '2026-01-15'], (a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(['2025-12-31', '2026-01-15', '2026-03-01']);
    expect(sortSmall([], (a: number, b: number) => a - b)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, seededRandom } from './backoff';

describe('backoff while HQ is unreachable', () => {
  it('doubles from 5 s up to 5 minutes, each delay between half and all of its step (seeded jitter)', () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, random));
    const steps = [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(d).toBeLessThanOrEqual(steps[i]!);
    });
    // The same seed gives the same schedule; another seed another one (desks do not retry in step).
    expect(Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, seededRandom(42)))[0]).toBe(delays[0]);
    const a = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, seededRandom(1)));
    const b = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, seededRandom(2)));
    expect(a).not.toEqual(b);
    expect(delays).toMatchInlineSnapshot(`
      [
        4003,
        7241,
        18525,
        33395,
        46993,
        122127,
        190984,
        243712,
        279821,
        220848,
      ]
    `);
  });

  it('no failure, no wait; the extremes of the jitter are the half step and the step', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(0);
    expect(backoffDelay(3, () => 0)).toBe(10_000);
    expect(backoffDelay(3, () => 1)).toBe(20_000);
    expect(backoffDelay(1_000, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('jitter spreads 1,000 desks that lost HQ together over the whole window', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(4, random));
    const buckets = new Array(4).fill(0);
    for (const d of delays) buckets[Math.min(3, Math.floor((d - 20_000) / 5_000))]++;
    for (const n of buckets) expect(n).toBeGreaterThan(180);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { earnedTier } from './tier';

describe('earnedTier (DOMAIN.md tier table, thresholds are "at least", spend OR visits)', () => {
  it.each([
    [0, 0, 'normal'],
    [299_999, 2, 'normal'],
    [300_000, 0, 'silver'],
    [0, 3, 'silver'],
    [799_999, 5, 'silver'],
    [800_000, 0, 'gold'],
    [0, 6, 'gold'],
    [1_499_999, 9, 'gold'],
    [1_500_000, 0, 'diamond'],
    [100, 10, 'diamond'],
  ] as const)('spend %i fen, %i visits -> %s', (spendFen, visits, tier) => {
    expect(earnedTier({ spendFen, visits }, DEFAULT_RULES)).toBe(tier);
  });
});

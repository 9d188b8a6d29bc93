import { describe, expect, it } from 'vitest';
import { campaignWarnings, HIGHER_TIERS_WARNING, LOYAL_WARNING } from './campaigns';
import type { Tier } from './types';

describe('the loyal-customer guard (DOMAIN.md pitfall 1)', () => {
  const tiers = (list: Tier[]) => campaignWarnings({ kind: 'offer', audience: 'tiers', tiers: list });

  it('warns for new customers only', () => {
    expect(campaignWarnings({ kind: 'offer', audience: 'new_customers', tiers: [] })).toEqual([LOYAL_WARNING]);
    expect(campaignWarnings({ kind: 'offer', audience: 'everyone', tiers: [] })).toEqual([]);
    expect(campaignWarnings({ kind: 'offer', audience: 'existing_customers', tiers: [] })).toEqual([]);
  });

  it.each([
    [['normal'], [HIGHER_TIERS_WARNING]],
    [['normal', 'silver'], [HIGHER_TIERS_WARNING]],
    [['silver', 'diamond'], [HIGHER_TIERS_WARNING]],
    [['gold', 'diamond'], []],
    [['diamond'], []],
    [['normal', 'silver', 'gold', 'diamond'], []],
  ] as [Tier[], string[]][])('a campaign for %j: %j', (list, warnings) => {
    expect(tiers(list)).toEqual(warnings);
  });
});

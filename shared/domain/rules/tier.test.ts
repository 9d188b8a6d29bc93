import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { earnedTier, evaluateTier, lastMembershipAnniversary, nextMembershipAnniversary, tierPath } from './tier';

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

describe('tierPath ("1,200 CNY or 2 visits to Gold")', () => {
  it.each([
    [0, 0, 'normal', { next: 'silver', spendFenMissing: 300_000, visitsMissing: 3 }],
    [680_000, 4, 'normal', { next: 'gold', spendFenMissing: 120_000, visitsMissing: 2 }], // the DOMAIN.md example
    [799_999, 5, 'normal', { next: 'gold', spendFenMissing: 1, visitsMissing: 1 }],
    [800_000, 0, 'normal', { next: 'diamond', spendFenMissing: 700_000, visitsMissing: 10 }],
    [0, 12, 'normal', null], // diamond by visits
    [100_000, 1, 'gold', { next: 'diamond', spendFenMissing: 1_400_000, visitsMissing: 9 }], // a held Gold leads to Diamond
    [0, 0, 'diamond', null],
  ] as const)('spend %i fen, %i visits, current %s -> %j', (spendFen, visits, current, path) => {
    expect(tierPath({ spendFen, visits }, DEFAULT_RULES, current)).toEqual(path);
  });

  it('counts what is missing from the trailing activity, not from the held tier', () => {
    expect(tierPath({ spendFen: 900_000, visits: 2 }, DEFAULT_RULES, 'silver')).toEqual({ next: 'diamond', spendFenMissing: 600_000, visitsMissing: 8 });
  });
});

describe('membership anniversary', () => {
  it.each([
    ['2023-05-10', '2026-05-10', '2026-05-10'],
    ['2023-05-10', '2026-05-11', '2026-05-10'],
    ['2023-05-10', '2026-05-09', '2025-05-10'],
    ['2023-05-10', '2024-05-09', null], // before the first anniversary
    ['2026-05-10', '2026-05-10', null], // the day of joining is not an anniversary
    ['2025-05-10', '2026-01-01', null],
    ['2024-02-29', '2025-02-28', '2025-02-28'], // Feb 29 member, non-leap year
    ['2024-02-29', '2025-02-27', null],
    ['2024-02-29', '2028-02-29', '2028-02-29'],
    ['2024-02-29', '2028-02-28', '2027-02-28'], // leap year: the anniversary is Feb 29
  ] as const)('member since %s, today %s -> latest anniversary %s', (since, today, expected) => {
    expect(lastMembershipAnniversary(since, today)).toBe(expected);
  });

  it('names the next anniversary', () => {
    expect(nextMembershipAnniversary('2023-05-10', '2026-05-10')).toBe('2027-05-10');
    expect(nextMembershipAnniversary('2023-05-10', '2026-01-01')).toBe('2026-05-10');
    expect(nextMembershipAnniversary('2026-03-01', '2026-03-01')).toBe('2027-03-01');
    expect(nextMembershipAnniversary('2024-02-29', '2024-12-01')).toBe('2025-02-28');
  });
});

describe('evaluateTier (upgrade at once; downgrade at the anniversary, one level)', () => {
  const SINCE = '2022-09-15';
  const ANNIVERSARY = '2026-09-15';
  const OTHER_DAY = '2026-09-16';
  const BEFORE = '2026-09-14';
  /** Set before the 2026 anniversary: reviewed at it. */
  const SET_EARLIER = '2025-10-01';
  const silverActivity = { spendFen: 300_000, visits: 0 };
  const noActivity = { spendFen: 0, visits: 0 };
  const diamondActivity = { spendFen: 0, visits: 10 };

  it.each([
    ['normal', diamondActivity, OTHER_DAY, 'diamond', 'upgrade', 'upgrade'], // several levels at once, any day
    ['silver', { spendFen: 800_000, visits: 0 }, ANNIVERSARY, 'gold', 'upgrade', 'upgrade'],
    ['gold', { spendFen: 800_000, visits: 6 }, OTHER_DAY, 'gold', 'none', 'unchanged'],
    ['gold', silverActivity, BEFORE, 'gold', 'none', 'held_until_anniversary'],
    ['gold', silverActivity, ANNIVERSARY, 'silver', 'downgrade', 'anniversary_downgrade'],
    ['gold', silverActivity, OTHER_DAY, 'gold', 'none', 'held_until_anniversary'], // reviewed on the day (kept or not)
    ['diamond', noActivity, ANNIVERSARY, 'gold', 'downgrade', 'anniversary_downgrade'], // at most one level
    ['silver', noActivity, ANNIVERSARY, 'normal', 'downgrade', 'anniversary_downgrade'],
    ['normal', noActivity, ANNIVERSARY, 'normal', 'none', 'unchanged'],
  ] as const)('%s (set 2025-10-01) with %j on %s -> %s (%s)', (currentTier, activity, today, tier, change, code) => {
    const decision = evaluateTier({ currentTier, memberSince: SINCE, tierSince: SET_EARLIER, activity }, today, DEFAULT_RULES);
    expect(decision).toMatchObject({ tier, change, reason: { code } });
  });

  it('makes the reviews a run after days nobody planned missed (reviewFrom), with today\'s activity, once', () => {
    const input = { currentTier: 'gold' as const, memberSince: SINCE, tierSince: SET_EARLIER, activity: silverActivity };
    // The desk was off from 2026-09-13 to 2026-11-30: the run of 2026-12-01 reviews from 2026-09-13 on.
    expect(evaluateTier(input, '2026-12-01', DEFAULT_RULES, '2026-09-13')).toEqual({
      tier: 'silver', change: 'downgrade', reason: { code: 'anniversary_downgrade', from: 'gold', to: 'silver', earned: 'silver', anniversary: ANNIVERSARY },
    });
    expect(evaluateTier(input, '2026-12-01', DEFAULT_RULES, '2026-09-16')).toMatchObject({ change: 'none' }); // the anniversary was planned
    expect(evaluateTier({ ...input, tierSince: '2026-09-20' }, '2026-12-01', DEFAULT_RULES, '2026-09-13')).toMatchObject({ change: 'none' }); // set since
    expect(evaluateTier({ ...input, tierSince: null }, '2026-12-01', DEFAULT_RULES, '2026-09-13')).toMatchObject({ change: 'downgrade' });
    expect(evaluateTier({ ...input, activity: { spendFen: 800_000, visits: 0 } }, '2026-12-01', DEFAULT_RULES, '2026-09-13')).toMatchObject({ change: 'none' });
  });

  it('does not review a tier set on the anniversary or after it', () => {
    const input = { currentTier: 'gold' as const, memberSince: SINCE, activity: noActivity };
    expect(evaluateTier({ ...input, tierSince: ANNIVERSARY }, ANNIVERSARY, DEFAULT_RULES)).toMatchObject({ change: 'none' });
    expect(evaluateTier({ ...input, tierSince: ANNIVERSARY }, '2027-09-15', DEFAULT_RULES)).toMatchObject({ tier: 'silver', change: 'downgrade' });
    expect(evaluateTier({ ...input, tierSince: null }, ANNIVERSARY, DEFAULT_RULES)).toMatchObject({ tier: 'silver', change: 'downgrade' });
  });

  it('says when a held tier will be reviewed', () => {
    const decision = evaluateTier({ currentTier: 'gold', memberSince: SINCE, tierSince: ANNIVERSARY, activity: silverActivity }, OTHER_DAY, DEFAULT_RULES);
    expect(decision.reason).toEqual({ code: 'held_until_anniversary', earned: 'silver', anniversary: '2027-09-15' });
  });

  it('downgrades a Feb 29 member on Feb 28 of a non-leap year', () => {
    const input = { currentTier: 'gold' as const, memberSince: '2024-02-29', tierSince: '2026-06-01', activity: noActivity };
    expect(evaluateTier(input, '2027-02-27', DEFAULT_RULES)).toMatchObject({ tier: 'gold', change: 'none' });
    expect(evaluateTier(input, '2027-02-28', DEFAULT_RULES)).toMatchObject({ tier: 'silver', change: 'downgrade' });
  });

  it('never downgrades without a membership date', () => {
    const decision = evaluateTier({ currentTier: 'gold', memberSince: null, tierSince: SET_EARLIER, activity: noActivity }, ANNIVERSARY, DEFAULT_RULES);
    expect(decision).toEqual({ tier: 'gold', change: 'none', reason: { code: 'held_until_anniversary', earned: 'normal', anniversary: null } });
  });

  it('records the activity that earned an upgrade', () => {
    const decision = evaluateTier({ currentTier: 'normal', memberSince: SINCE, tierSince: null, activity: { spendFen: 310_000, visits: 1 } }, OTHER_DAY, DEFAULT_RULES);
    expect(decision.reason).toEqual({ code: 'upgrade', from: 'normal', to: 'silver', spendFen: 310_000, visits: 1 });
  });
});

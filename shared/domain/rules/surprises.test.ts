import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FestivalKind } from '../calendar/festivals';
import { DEFAULT_RULES, type FestivalKey, type RulesConfig } from './config';
import { festivalVisit, koiDraw, membershipYear, mileageMilestones, nthVisitor, rainyDayUmbrella, topReferrer, unitHash } from './surprises';

const withKoi = (koiProbability: number): RulesConfig => ({ ...DEFAULT_RULES, surprises: { ...DEFAULT_RULES.surprises, koiProbability } });

describe('random koi: seeded, reproducible draw per visit', () => {
  it('hashes deterministically into [0, 1), spread evenly', () => {
    expect(unitHash('seed\u0000visit-1')).toBe(unitHash('seed\u0000visit-1'));
    expect(unitHash('seed\u0000visit-1')).not.toBe(unitHash('seed\u0000visit-2'));
    let sum = 0;
    let wins = 0;
    for (let i = 0; i < 20_000; i++) {
      const h = unitHash(`store-42\u0000visit-${i}`);
      expect(h >= 0 && h < 1).toBe(true);
      sum += h;
      if (koiDraw({ id: `visit-${i}`, amountFen: 100 }, 'store-42', DEFAULT_RULES)) wins++;
    }
    expect(sum / 20_000).toBeGreaterThan(0.49);
    expect(sum / 20_000).toBeLessThan(0.51);
    expect(wins / 20_000).toBeGreaterThan(0.016); // configured 2%
    expect(wins / 20_000).toBeLessThan(0.024);
  });

  it('gives the same answer for the same (visit, seed), and the visit id as occurrence', () => {
    const visit = { id: 'v-7', amountFen: 30_000 };
    expect(koiDraw(visit, 's', withKoi(1))).toEqual({
      kind: 'koi', occurrence: 'v-7', reason: { code: 'koi', visitId: 'v-7', draw: unitHash('s\u0000v-7'), probability: 1 },
    });
    expect(koiDraw(visit, 's', withKoi(0))).toBeNull();
    expect(koiDraw(visit, 's', DEFAULT_RULES)).toEqual(koiDraw(visit, 's', DEFAULT_RULES));
  });

  it('a free visit cannot win a free service (koiPaidVisitsOnly)', () => {
    expect(koiDraw({ id: 'v-8', amountFen: 0 }, 's', withKoi(1))).toBeNull();
    const anyVisit: RulesConfig = { ...DEFAULT_RULES, surprises: { ...DEFAULT_RULES.surprises, koiProbability: 1, koiPaidVisitsOnly: false } };
    expect(koiDraw({ id: 'v-8', amountFen: 0 }, 's', anyVisit)?.kind).toBe('koi');
  });
});

describe('Nth visitor: the store count crosses a multiple of 1,000', () => {
  it.each([
    [999, 1000, [1000]],
    [998, 999, []],
    [1000, 1001, []],
    [1500, 3200, [2000, 3000]],
    [0, 0, []],
  ])('%i -> %i: %j', (from, to, ns) => {
    expect(nthVisitor(from, to, DEFAULT_RULES).map((s) => s.occurrence)).toEqual(ns.map(String));
  });
});

describe('mileage milestone: each 10,000 km crossed between two readings of a vehicle', () => {
  it.each([
    [9_500, 10_200, ['car:10000']],
    [9_999, 10_000, ['car:10000']],
    [10_000, 10_500, []], // reached at the previous reading already
    [8_000, 31_000, ['car:10000', 'car:20000', 'car:30000']],
    [null, 12_000, []], // no previous reading: may have crossed long ago
    [12_000, 9_000, []],
  ] as const)('%j -> %j km: %j', (previousKm, currentKm, occurrences) => {
    const found = mileageMilestones({ vehicleId: 'car', previousKm, currentKm }, DEFAULT_RULES);
    expect(found.map((s) => s.occurrence)).toEqual(occurrences);
  });
});

describe('membership year: the first membership anniversary', () => {
  it.each([
    ['2025-05-10', '2026-05-02', null],
    ['2025-05-10', '2026-05-03', '2026-05-10'], // 7 days ahead: prepare the gift box
    ['2025-05-10', '2026-05-10', '2026-05-10'],
    ['2025-05-10', '2026-06-09', '2026-05-10'], // 30 days of grace
    ['2025-05-10', '2026-06-10', null],
    ['2025-05-10', '2027-05-10', null], // the second anniversary is not a membership-year surprise
    ['2024-02-29', '2025-02-28', '2025-02-28'],
    [null, '2026-05-10', null],
  ] as const)('member since %s, today %s -> %s', (since, today, occurrence) => {
    expect(membershipYear(since, today, DEFAULT_RULES)?.occurrence ?? null).toBe(occurrence);
  });
});

describe('top referrer: 5 successful referrals', () => {
  it.each([
    [4, null],
    [5, '5'],
    [9, '5'], // the same occurrence: re-runs never duplicate
  ] as const)('%i referrals -> %s', (count, occurrence) => {
    expect(topReferrer(count, '2026-05-01', '2026-05-01', DEFAULT_RULES)?.occurrence ?? null).toBe(occurrence);
  });

  it('is a candidate until graceDays (30) after the latest referral, or without its day', () => {
    expect(topReferrer(5, '2026-05-01', '2026-05-31', DEFAULT_RULES)).not.toBeNull();
    expect(topReferrer(5, '2026-05-01', '2026-06-01', DEFAULT_RULES)).toBeNull();
    expect(topReferrer(5, null, '2030-01-01', DEFAULT_RULES)).not.toBeNull();
  });
});

describe('festival visit', () => {
  const festivalOn = (date: string) => ({ '2026-02-17': 'spring_festival', '2026-09-25': 'mid_autumn', '2026-06-19': 'dragon_boat' })[date] ?? null;

  it.each([
    ['2026-02-17', 'spring_festival:2026-02-17'],
    ['2026-09-25', 'mid_autumn:2026-09-25'],
    ['2026-06-19', null], // a festival without a configured surprise
    ['2026-03-01', null],
  ])('a visit on %s -> %s', (date, occurrence) => {
    expect(festivalVisit({ id: 'v1', date }, festivalOn, DEFAULT_RULES)?.occurrence ?? null).toBe(occurrence);
  });

  it('uses the same festival keys as the calendar module (whose festivalOn is the one to pass)', () => {
    expectTypeOf<FestivalKey>().toEqualTypeOf<FestivalKind>();
  });

  it('carries the visit and the festival', () => {
    expect(festivalVisit({ id: 'v1', date: '2026-02-17' }, festivalOn, DEFAULT_RULES)?.reason).toEqual({
      code: 'festival_visit', festival: 'spring_festival', visitId: 'v1', date: '2026-02-17',
    });
  });
});

describe('weather: a day marked rainy gives every visitor an umbrella', () => {
  it.each([
    ['marked rainy today', { date: '2026-11-24', rainy: true }, '2026-11-24', true],
    ['not marked', null, '2026-11-24', false],
    ['marked, then cleared', { date: '2026-11-24', rainy: false }, '2026-11-24', false],
    ["yesterday's mark", { date: '2026-11-23', rainy: true }, '2026-11-24', false],
    ['a mark across the year end', { date: '2026-12-31', rainy: true }, '2027-01-01', false],
  ] as const)('%s', (_name, mark, today, umbrella) => {
    const got = rainyDayUmbrella(mark, today);
    expect(got !== null).toBe(umbrella);
    if (got) expect(got).toEqual({ gift: 'umbrella', reason: { code: 'rainy_day', date: today } });
  });
});

import { describe, expect, it } from 'vitest';
import { festivalOn, festivalsInYear } from './festivals';

// Published dates in China. 2027 and 2030 are close calls: the new moon of 2027-02-06 is at
// 23:56 Beijing time (an annular eclipse peaks 15:59 UTC), so ICU's chinese calendar,
// with a coarser moon, puts them a day off; the library matches the Chinese calendar.
describe('festivalsInYear', () => {
  it.each([
    [2023, '2023-01-22', '2023-09-29', '2023-12-22'],
    [2024, '2024-02-10', '2024-09-17', '2024-12-21'],
    [2025, '2025-01-29', '2025-10-06', '2025-12-21'],
    [2026, '2026-02-17', '2026-09-25', '2026-12-22'],
    [2027, '2027-02-06', '2027-09-15', '2027-12-22'],
    [2030, '2030-02-03', '2030-09-12', '2030-12-22'],
  ] as const)('%i', (year, spring, midAutumn, solstice) => {
    expect(festivalsInYear(year)).toEqual([
      { festival: 'spring_festival', date: spring },
      { festival: 'mid_autumn', date: midAutumn },
      { festival: 'winter_solstice', date: solstice },
    ]);
  });

  it('stays in the solar year and in calendar order, 1950-2100', () => {
    for (let year = 1950; year <= 2100; year++) {
      const [spring, midAutumn, solstice] = festivalsInYear(year).map((f) => f.date);
      expect(spring! >= `${year}-01-21` && spring! <= `${year}-02-20`).toBe(true);
      expect(midAutumn! >= `${year}-09-07` && midAutumn! <= `${year}-10-08`).toBe(true);
      expect(solstice! >= `${year}-12-21` && solstice! <= `${year}-12-23`).toBe(true);
    }
  });

  it.each([1500, 2026.5, 10_000])('rejects year %s', (year) => {
    expect(() => festivalsInYear(year)).toThrow(RangeError);
  });
});

describe('festivalOn', () => {
  it.each([
    ['2026-02-17', 'spring_festival'],
    ['2027-02-06', 'spring_festival'],
    ['2026-09-25', 'mid_autumn'],
    ['2026-12-22', 'winter_solstice'],
    ['2025-12-21', 'winter_solstice'],
    ['2026-02-16', null], // 除夕
    ['2027-02-07', null],
    ['2026-09-24', null],
    ['2026-12-21', null],
    ['2026-12-23', null],
    ['2025-07-25', null], // a leap month's first day
    ['2026-01-01', null],
  ] as const)('%s -> %s', (date, festival) => {
    expect(festivalOn(date)).toBe(festival);
  });

  it('rejects an invalid date', () => {
    expect(() => festivalOn('2026-02-30')).toThrow(RangeError);
  });
});

import { SolarDay } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { hasLeapMonth, lunarBirthYear, lunarLabel, lunarToSolar, solarToLunar } from './lunar';

// Known dates (published calendars): Spring Festival 2026-02-17 and 2025-01-29 (both without
// a 年三十: 除夕 is 腊月廿九); 2025 has a leap 6th month from 2025-07-25, 2023 a leap 2nd month
// from 2023-03-22, 2020 a leap 4th month from 2020-05-23, 2033 a leap 11th month.
describe('solarToLunar', () => {
  it.each([
    ['2026-02-17', 2026, 1, 1, false, '农历正月初一'],
    ['2026-02-16', 2025, 12, 29, false, '农历腊月廿九'],
    ['2025-01-28', 2024, 12, 29, false, '农历腊月廿九'],
    ['2026-01-01', 2025, 11, 13, false, '农历冬月十三'],
    ['2026-09-25', 2026, 8, 15, false, '农历八月十五'],
    ['2025-06-25', 2025, 6, 1, false, '农历六月初一'],
    ['2025-07-24', 2025, 6, 30, false, '农历六月三十'],
    ['2025-07-25', 2025, 6, 1, true, '农历闰六月初一'],
    ['2025-08-22', 2025, 6, 29, true, '农历闰六月廿九'],
    ['2023-02-20', 2023, 2, 1, false, '农历二月初一'],
    ['2023-03-22', 2023, 2, 1, true, '农历闰二月初一'],
    ['2020-05-23', 2020, 4, 1, true, '农历闰四月初一'],
    ['2033-12-22', 2033, 11, 1, true, '农历闰冬月初一'],
  ] as const)('%s -> %s', (date, year, month, day, leap, label) => {
    expect(solarToLunar(date)).toEqual({ year, month, day, leap, label });
  });

  it("agrees with tyme4ts's own conversion of each day, every 3rd day from 1901 to 2100 and every day of 2025-2026", () => {
    const days: string[] = [];
    for (let d = '1901-01-01'; d < '2101-01-01'; d = addDays(d, 3)) days.push(d);
    for (let d = '2025-01-01'; d < '2027-01-01'; d = addDays(d, 1)) days.push(d);
    const wrong = days.filter((date) => {
      const [y, m, dd] = date.split('-').map(Number) as [number, number, number];
      const lunar = SolarDay.fromYmd(y, m, dd).getLunarDay();
      const got = solarToLunar(date);
      return got.year !== lunar.getYear() || got.month !== lunar.getLunarMonth().getMonth() || got.day !== lunar.getDay() || got.leap !== lunar.getLunarMonth().isLeap();
    });
    expect(wrong).toEqual([]);
  });

  it('rejects invalid and out-of-range dates', () => {
    expect(() => solarToLunar('2026-02-30')).toThrow(RangeError);
    expect(() => solarToLunar('1500-01-01')).toThrow(RangeError);
  });
});

describe('lunarToSolar', () => {
  it.each([
    // plain dates
    [2026, 1, 1, false, '2026-02-17'],
    [2026, 8, 15, false, '2026-09-25'],
    [2025, 6, 30, false, '2025-07-24'],
    // leap month asked for and present: the leap month
    [2025, 6, 1, true, '2025-07-25'],
    [2023, 2, 1, true, '2023-03-22'],
    [2020, 4, 1, true, '2020-05-23'],
    // not a leap date: always the ordinary month, even in a year that has the leap month
    [2025, 6, 1, false, '2025-06-25'],
    [2023, 2, 1, false, '2023-02-20'],
    // leap month asked for, this year has none (or another one): the ordinary month
    [2026, 6, 1, true, '2026-07-14'],
    [2025, 4, 1, true, lunarToSolar(2025, 4, 1, false)],
    // day 30 of a 29-day month: the month's last day (29)
    [2025, 12, 30, false, '2026-02-16'],
    [2024, 12, 30, false, '2025-01-28'],
    [2025, 6, 30, true, '2025-08-22'],
    [2020, 4, 30, true, '2020-06-20'],
    [2020, 4, 30, false, '2020-05-22'],
  ] as const)('lunar %i-%i-%i leap=%s -> %s', (year, month, day, leap, expected) => {
    expect(lunarToSolar(year, month, day, leap)).toBe(expected);
  });

  it.each([
    [2026, 0, 1],
    [2026, 13, 1],
    [2026, 1, 0],
    [2026, 1, 31],
    [2026, 1.5, 1],
    [1500, 1, 1],
  ] as const)('rejects lunar %i-%i-%i', (year, month, day) => {
    expect(() => lunarToSolar(year, month, day, false)).toThrow(RangeError);
  });

  it('round-trips every day of 2020-2034 (leap months 2020/4, 2023/2, 2025/6, 2028/5, 2031/3, 2033/11)', () => {
    for (let date = '2020-01-01'; date <= '2034-12-31'; date = addDays(date, 1)) {
      const lunar = solarToLunar(date);
      expect(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap)).toBe(date);
    }
  });
});

describe('hasLeapMonth', () => {
  it.each([
    [2025, 6, true],
    [2025, 5, false],
    [2023, 2, true],
    [2024, 1, false],
    [2026, 6, false],
  ] as const)('%i month %i -> %s', (year, month, leap) => {
    expect(hasLeapMonth(year, month)).toBe(leap);
  });
});

describe('lunarLabel', () => {
  it.each([
    [1, 1, false, '农历正月初一'],
    [4, 1, true, '农历闰四月初一'],
    [10, 10, false, '农历十月初十'],
    [11, 20, false, '农历冬月二十'],
    [12, 29, false, '农历腊月廿九'],
    [12, 30, false, '农历腊月三十'],
  ] as const)('%i/%i leap=%s -> %s', (month, day, leap, label) => {
    expect(lunarLabel(month, day, leap)).toBe(label);
  });
});

describe('lunarBirthYear', () => {
  it.each([
    ['1990-01-20', 1989], // lunar 1989 腊月廿四: before the 1990 Spring Festival (01-27)
    ['1990-01-27', 1990], // the Spring Festival itself
    ['1990-06-01', 1990],
    ['2026-01-20', 2025], // lunar 2025 腊月初二 (Spring Festival 2026 is 02-17)
    ['2026-02-17', 2026],
  ])('%s is born in lunar year %i, as the library converts it', (date, year) => {
    expect(lunarBirthYear(date)).toBe(year);
    expect(solarToLunar(date).year).toBe(year);
  });

  it('gives null for a date the calendar cannot place', () => {
    expect(lunarBirthYear('1990-02-30')).toBeNull();
    expect(lunarBirthYear('1200-05-01')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  dayOf,
  daysBetween,
  daysInMonth,
  isLeapYear,
  isValidIsoDate,
  monthOf,
  parseIsoDate,
  sameDayInYear,
  toEpochDayOrNull,
  toIsoDate,
  yearOf,
} from './dates';

describe('isValidIsoDate', () => {
  it.each([
    ['2026-01-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-1', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['', false],
    // A character that is not a digit in each place a digit goes (just below '0', just above '9').
    ['/026-01-01', false],
    ['2:26-01-01', false],
    ['20/6-01-01', false],
    ['202:-01-01', false],
    ['2026-/1-01', false],
    ['2026-0:-01', false],
    ['2026-01-/1', false],
    ['2026-01-0:', false],
    ['2026/01/01', false],
    ['２０２６-01-01', false],
  ] as const)('%j -> %s', (date, valid) => {
    expect(isValidIsoDate(date)).toBe(valid);
    expect(toEpochDayOrNull(date) === null).toBe(!valid);
  });
});

describe('parts', () => {
  it.each([
    ['2026-12-28', 2026, 12, 28],
    ['0099-03-09', 99, 3, 9],
  ] as const)('%s', (date, year, month, day) => {
    expect(parseIsoDate(date)).toEqual({ year, month, day });
    expect([yearOf(date), monthOf(date), dayOf(date)]).toEqual([year, month, day]);
  });

  it('throws on an invalid date', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
    expect(() => yearOf('soon')).toThrow(RangeError);
  });
});

describe('toIsoDate', () => {
  it.each([
    [2026, 1, 5, '2026-01-05'],
    [99, 12, 31, '0099-12-31'],
  ] as const)('%i-%i-%i -> %s', (y, m, d, iso) => {
    expect(toIsoDate(y, m, d)).toBe(iso);
  });

  it.each([
    [2026, 2, 29],
    [2026, 1, 1.5],
    [10_000, 1, 1],
  ] as const)('rejects %i-%i-%i', (y, m, d) => {
    expect(() => toIsoDate(y, m, d)).toThrow(RangeError);
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-12-28', 6, '2027-01-03'],
    ['2027-01-03', -6, '2026-12-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1969-12-31', 1, '1970-01-01'],
    ['0050-01-01', 365, '0051-01-01'],
    ['1999-12-31', 1, '2000-01-01'],
  ] as const)('%s %+i days -> %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
    expect(daysBetween(expected, date)).toBe(-days || 0); // not -0
  });

  it('rejects fractional days and invalid dates', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-01-01', 'x')).toThrow(RangeError);
  });
});

describe('compareIsoDates', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-05-05', '2026-05-05', 0],
    ['2026-12-31', '2027-01-01', -1],
  ] as const)('%s vs %s -> %i', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  it('sorts', () => {
    expect(['2027-01-03', '2026-12-28', '2026-12-31'].sort(compareIsoDates)).toEqual(['2026-12-28', '2026-12-31', '2027-01-03']);
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
  ] as const)('isLeapYear(%i) -> %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2024, 2, 29],
    [2026, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ] as const)('daysInMonth(%i, %i) -> %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('sameDayInYear (Feb 29 falls on Feb 28 in common years)', () => {
  it.each([
    ['1990-06-15', 2026, '2026-06-15'],
    ['2024-02-29', 2026, '2026-02-28'],
    ['2024-02-29', 2028, '2028-02-29'],
    ['2024-02-29', 2100, '2100-02-28'],
    ['2023-02-28', 2024, '2024-02-28'],
  ] as const)('%s in %i -> %s', (date, year, expected) => {
    expect(sameDayInYear(date, year)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, addMonths, anniversaryIn, daysBetween, isIsoDate, quarterOf } from './days';

// addDays / daysBetween / anniversaryIn come from shared/domain/calendar/dates (tested there);
// these cases pin the behaviour the rules rely on.
describe('days (date arithmetic of the rules)', () => {
  it.each([
    ['2026-01-01', 364, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-06-30', -365, '2025-06-30'],
    ['1999-12-31', 1, '2000-01-01'],
  ])('%s + %i days = %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -1, '2025-12-15'],
  ])('%s + %i months = %s (clamped)', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it('puts a Feb 29 anniversary on Feb 28 in non-leap years', () => {
    expect(anniversaryIn('2024-02-29', 2025)).toBe('2025-02-28');
    expect(anniversaryIn('2024-02-29', 2028)).toBe('2028-02-29');
    expect(anniversaryIn('2021-06-15', 2026)).toBe('2026-06-15');
  });

  it('names calendar quarters', () => {
    expect(quarterOf('2026-11-05')).toEqual({ key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(quarterOf('2024-02-29')).toEqual({ key: '2024-Q1', start: '2024-01-01', end: '2024-03-31' });
    expect(quarterOf('2026-06-30')).toEqual({ key: '2026-Q2', start: '2026-04-01', end: '2026-06-30' });
  });

  it('validates ISO dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(() => addDays('yesterday', 1)).toThrow(RangeError);
  });
});

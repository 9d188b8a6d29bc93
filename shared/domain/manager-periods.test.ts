import { describe, expect, it } from 'vitest';
import { dayStartInstant, periodOf, trendMonths } from './manager-periods';

describe('manager periods', () => {
  it('the week runs Monday to Sunday around today', () => {
    // 2026-11-24 is a Tuesday.
    expect(periodOf('2026-11-24', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodOf('2026-11-23', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodOf('2026-11-29', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    // Across a year end: 2027-01-01 is a Friday.
    expect(periodOf('2027-01-01', 'week')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('the month is the calendar month', () => {
    expect(periodOf('2026-11-24', 'month')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodOf('2028-02-10', 'month')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('12 trend months end with the current month as of today', () => {
    const months = trendMonths('2026-11-24');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-12', asOf: '2025-12-31' });
    expect(months[2]).toEqual({ month: '2026-02', asOf: '2026-02-28' });
    expect(months[11]).toEqual({ month: '2026-11', asOf: '2026-11-24' });
  });
});

describe('dayStartInstant', () => {
  it('local midnight in UTC', () => {
    expect(dayStartInstant('2026-11-24', 'Asia/Shanghai')).toBe('2026-11-23T16:00:00.000Z');
    expect(dayStartInstant('2026-11-24', 'UTC')).toBe('2026-11-24T00:00:00.000Z');
    // New York in summer time (UTC-4) and in winter (UTC-5).
    expect(dayStartInstant('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    expect(dayStartInstant('2026-12-01', 'America/New_York')).toBe('2026-12-01T05:00:00.000Z');
  });
});

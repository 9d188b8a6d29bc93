import { describe, expect, it } from 'vitest';
import { addMonths } from '../../../shared/domain/rules/days';
import { lastSixMonths, sixMonthsAround } from './periods';

describe('program-effect periods', () => {
  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -6)).toBe('2025-09-15');
    expect(addMonths('2024-08-29', -6)).toBe('2024-02-29');
  });

  it('splits six months before and after a campaign start, the after period ending by today', () => {
    expect(sixMonthsAround('2026-03-01', '2026-11-24')).toEqual({ a: { from: '2025-09-01', to: '2026-02-28' }, b: { from: '2026-03-01', to: '2026-08-31' } });
    expect(sixMonthsAround('2026-09-01', '2026-11-24').b).toEqual({ from: '2026-09-01', to: '2026-11-24' });
  });

  it('defaults to the last six months against the six before them, back to back', () => {
    const { a, b } = lastSixMonths('2026-11-24');
    expect(b).toEqual({ from: '2026-05-25', to: '2026-11-24' });
    expect(a).toEqual({ from: '2025-11-25', to: '2026-05-24' });
  });
});

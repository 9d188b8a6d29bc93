import { describe, expect, it } from 'vitest';
import { nextBirthday } from '../../../shared/domain/calendar/occasions';
import { birthdayOf } from './planner-inputs-types';

describe('birthdayOf (the columns of customers and family_members)', () => {
  it('counts a lunar birthday from the lunar year of the solar day of birth', () => {
    // Born solar 2026-01-20 = lunar 2025 腊月初二: the first birthday is lunar 2026 腊月初二, solar 2027-01-09.
    const child = birthdayOf('lunar', '2026-01-20', 12, 2, 0);
    expect(child).toEqual({ calendar: 'lunar', year: 2025, month: 12, day: 2, leap: false });
    expect(nextBirthday(child!, '2026-06-01')).toMatchObject({ date: '2027-01-09', nth: 1 });
    // Born solar 1990-01-20 = lunar 1989 腊月廿四: 36 at the lunar birthday of early 2026.
    expect(nextBirthday(birthdayOf('lunar', '1990-01-20', 12, 24, 0)!, '2026-01-10')).toMatchObject({ date: '2026-02-11', nth: 36 });
  });

  it('keeps a solar birthday and a lunar one without a year as they are', () => {
    expect(birthdayOf('solar', '1990-01-20', null, null, 0)).toEqual({ calendar: 'solar', date: '1990-01-20' });
    expect(birthdayOf('lunar', null, 8, 15, 0)).toEqual({ calendar: 'lunar', year: null, month: 8, day: 15, leap: false });
    expect(birthdayOf('lunar', 'not a date', 8, 15, 0)).toMatchObject({ year: null });
  });
});

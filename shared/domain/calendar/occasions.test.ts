import { describe, expect, it } from 'vitest';
import type { Birthday } from '../types';
import { nextAnniversary, nextBirthday, upcomingOccasions, type Occasion, type OccasionDates } from './occasions';

const solar = (date: string): Birthday => ({ calendar: 'solar', date });
const lunar = (year: number | null, month: number, day: number, leap = false): Birthday => ({ calendar: 'lunar', year, month, day, leap });

describe('nextAnniversary', () => {
  it.each([
    ['2023-01-03', '2026-12-28', '2027-01-03', 4], // across the year end
    ['2023-12-28', '2026-12-28', '2026-12-28', 3], // today is the anniversary
    ['2020-12-31', '2026-12-31', '2026-12-31', 6],
    ['2020-12-31', '2027-01-01', '2027-12-31', 7],
    ['2026-05-01', '2026-05-01', '2027-05-01', 1], // the origin day itself is not an anniversary
    ['2026-05-01', '2026-01-01', '2027-05-01', 1], // origin still ahead
    // Feb 29 falls on Feb 28 in common years
    ['2024-02-29', '2026-02-01', '2026-02-28', 2],
    ['2024-02-29', '2026-02-28', '2026-02-28', 2],
    ['2024-02-29', '2025-03-01', '2026-02-28', 2],
    ['2024-02-29', '2027-03-01', '2028-02-29', 4],
    ['2024-02-29', '2028-02-29', '2028-02-29', 4],
    ['2024-02-29', '2028-02-28', '2028-02-29', 4], // leap year: not Feb 28
  ] as const)('origin %s, today %s -> %s (nth %i)', (origin, today, date, nth) => {
    expect(nextAnniversary(origin, today)).toEqual({ date, nth });
  });

  it('rejects invalid dates', () => {
    expect(() => nextAnniversary('2023-02-29', '2026-01-01')).toThrow(RangeError);
    expect(() => nextAnniversary('2023-02-28', '2026-1-1')).toThrow(RangeError);
  });
});

describe('nextBirthday', () => {
  it.each([
    // solar
    [solar('1990-06-15'), '2026-06-01', '2026-06-15', null, 36],
    [solar('1990-06-15'), '2026-06-15', '2026-06-15', null, 36], // today
    [solar('1990-06-15'), '2026-06-16', '2027-06-15', null, 37],
    [solar('1990-01-03'), '2026-12-28', '2027-01-03', null, 37], // year end
    [solar('1996-02-29'), '2026-01-10', '2026-02-28', null, 30], // common year: Feb 28
    [solar('1996-02-29'), '2026-03-01', '2027-02-28', null, 31],
    [solar('1996-02-29'), '2028-02-01', '2028-02-29', null, 32], // leap year: Feb 29
    // lunar, plain
    [lunar(1985, 8, 15), '2026-09-01', '2026-09-25', '农历八月十五', 41],
    [lunar(1985, 8, 15), '2026-09-25', '2026-09-25', '农历八月十五', 41], // today
    [lunar(1985, 8, 15), '2026-09-26', '2027-09-15', '农历八月十五', 42],
    // lunar year differs from the solar year: 2026-01-01 is lunar 2025 冬月十三
    [lunar(1970, 11, 20), '2026-01-01', '2026-01-08', '农历冬月二十', 55],
    [lunar(1970, 11, 20), '2025-12-28', '2026-01-08', '农历冬月二十', 55],
    // lunar year known: the day of birth itself is not a birthday
    [lunar(2026, 1, 1), '2026-02-17', '2027-02-06', '农历正月初一', 1],
    [lunar(null, 1, 1), '2026-02-17', '2026-02-17', '农历正月初一', null],
    // day 30 in a month of 29 days: the last day (29)
    [lunar(null, 12, 30), '2026-01-01', '2026-02-16', '农历腊月廿九', null],
    [lunar(null, 12, 30), '2024-01-01', '2024-02-09', '农历腊月三十', null], // 30-day month that year
    [lunar(null, 2, 30, true), '2023-03-01', '2023-04-19', '农历闰二月廿九', null],
    [lunar(null, 2, 30), '2023-03-01', '2023-03-21', '农历二月三十', null],
    // leap-month birthday: the leap month in a year that has it, the ordinary month otherwise
    [lunar(null, 6, 1, true), '2025-06-01', '2025-07-25', '农历闰六月初一', null],
    [lunar(null, 6, 1, true), '2025-07-26', '2026-07-14', '农历六月初一', null],
    [lunar(null, 2, 1, true), '2023-02-01', '2023-03-22', '农历闰二月初一', null],
    // ordinary-month birthday in a year with that leap month: always the ordinary month
    [lunar(null, 6, 1), '2025-06-01', '2025-06-25', '农历六月初一', null],
    [lunar(null, 6, 1), '2025-06-26', '2026-07-14', '农历六月初一', null],
  ] as const)('%j, today %s -> %s', (birthday, today, date, lunarLabel, nth) => {
    expect(nextBirthday(birthday, today)).toEqual({ date, lunarLabel, nth });
  });

  it('rejects invalid birthdays and today', () => {
    expect(() => nextBirthday(lunar(null, 13, 1), '2026-01-01')).toThrow(RangeError);
    expect(() => nextBirthday(lunar(null, 1, 31), '2026-01-01')).toThrow(RangeError);
    expect(() => nextBirthday(solar('1990-02-30'), '2026-01-01')).toThrow(RangeError);
    expect(() => nextBirthday(lunar(null, 1, 1), 'today')).toThrow(RangeError);
  });
});

describe('upcomingOccasions', () => {
  const customer: OccasionDates = {
    birthday: lunar(1980, 12, 30),
    deliveryDates: [
      { vehicleId: 'v2', date: '2024-01-03' },
      { vehicleId: 'v1', date: '2024-01-03' },
      { vehicleId: 'v3', date: '2025-06-01' },
    ],
    weddingDate: '2010-12-31',
    memberSince: '2023-12-28',
    children: [
      { id: 'c1', name: '小明', birthday: solar('2020-02-29') },
      { id: 'c2', name: '小红', birthday: null },
      { id: 'c3', name: '小刚', birthday: lunar(2019, 1, 1) },
    ],
  };

  const occ = (occasion: Occasion['occasion'], subjectId: string | null, date: string, nth: number | null, lunarLabel: string | null = null): Occasion => ({
    occasion,
    subjectId,
    date,
    lunarLabel,
    nth,
  });

  it.each([
    [
      'year end: today 2026-12-28, 39 days (to 2027-02-05, inclusive)',
      '2026-12-28',
      39,
      [
        occ('membership_anniversary', null, '2026-12-28', 3),
        occ('wedding_anniversary', null, '2026-12-31', 16),
        occ('purchase_anniversary', 'v1', '2027-01-03', 3),
        occ('purchase_anniversary', 'v2', '2027-01-03', 3),
        occ('birthday', null, '2027-02-05', 46, '农历腊月廿九'),
      ],
    ],
    ['horizon 0: today only', '2026-12-28', 0, [occ('membership_anniversary', null, '2026-12-28', 3)]],
    [
      'horizon end is inclusive',
      '2026-12-28',
      6,
      [
        occ('membership_anniversary', null, '2026-12-28', 3),
        occ('wedding_anniversary', null, '2026-12-31', 16),
        occ('purchase_anniversary', 'v1', '2027-01-03', 3),
        occ('purchase_anniversary', 'v2', '2027-01-03', 3),
      ],
    ],
    ['day after the horizon is out', '2026-12-28', 5, [occ('membership_anniversary', null, '2026-12-28', 3), occ('wedding_anniversary', null, '2026-12-31', 16)]],
    [
      'same day: birthday before child_birthday, Feb 29 child on Feb 28',
      '2027-02-01',
      30,
      [
        occ('birthday', null, '2027-02-05', 46, '农历腊月廿九'),
        occ('child_birthday', 'c3', '2027-02-06', 8, '农历正月初一'),
        occ('child_birthday', 'c1', '2027-02-28', 7),
      ],
    ],
    ['nothing in the window', '2026-03-01', 30, []],
  ] as const)('%s', (_name, today, horizon, expected) => {
    expect(upcomingOccasions(customer, today, horizon)).toEqual(expected);
  });

  it('lists every occurrence when the horizon spans more than a year', () => {
    const result = upcomingOccasions({ weddingDate: '2010-06-01' }, '2026-05-01', 400);
    expect(result).toEqual([occ('wedding_anniversary', null, '2026-06-01', 16), occ('wedding_anniversary', null, '2027-06-01', 17)]);
  });

  it('orders occasions of one day as OCCASIONS, then by subjectId', () => {
    const result = upcomingOccasions(
      {
        memberSince: '2020-03-10',
        birthday: solar('1990-03-10'),
        weddingDate: '2015-03-10',
        deliveryDates: [{ vehicleId: 'b', date: '2021-03-10' }, { vehicleId: 'a', date: '2022-03-10' }],
        children: [{ id: 'k', name: 'k', birthday: solar('2018-03-10') }],
      },
      '2026-03-10',
      0,
    );
    expect(result.map((o) => `${o.occasion}:${o.subjectId ?? '-'}`)).toEqual([
      'birthday:-',
      'purchase_anniversary:a',
      'purchase_anniversary:b',
      'wedding_anniversary:-',
      'child_birthday:k',
      'membership_anniversary:-',
    ]);
  });

  it('returns nothing for a customer without dates', () => {
    expect(upcomingOccasions({}, '2026-01-01', 365)).toEqual([]);
    expect(upcomingOccasions({ birthday: null, weddingDate: null, memberSince: null, deliveryDates: [], children: [] }, '2026-01-01', 30)).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN])('rejects horizon %s', (horizon) => {
    expect(() => upcomingOccasions(customer, '2026-01-01', horizon)).toThrow(RangeError);
  });
});

describe('upcomingOccasions: lunar birthdays (cached per month, day and leap)', () => {
  // What the cache must give: nextBirthday from today, then from the day after each one found.
  const byNextBirthday = (birthday: Birthday, today: string, end: string) => {
    const out: { date: string; lunarLabel: string | null; nth: number | null }[] = [];
    for (let o = nextBirthday(birthday, today); o.date <= end; o = nextBirthday(birthday, addDay(o.date))) out.push(o);
    return out;
  };
  const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it('lists what repeated nextBirthday calls list, for leap months, day 30 and any year of birth', () => {
    // 2025 has a leap 6th month, 2028 a leap 5th; 2033 a leap 11th.
    for (const today of ['2025-01-20', '2025-07-26', '2026-02-16', '2027-12-31', '2033-12-20']) {
      for (const year of [null, 1970, 2000, 2024, 2025, 2026, 2027]) {
        for (const month of [1, 5, 6, 11, 12]) {
          for (const day of [1, 29, 30]) {
            for (const leap of [false, true]) {
              const birthday: Birthday = { calendar: 'lunar', year, month, day, leap };
              const listed = upcomingOccasions({ birthday }, today, 430).map(({ date, lunarLabel, nth }) => ({ date, lunarLabel, nth }));
              const end = new Date(Date.parse(`${today}T00:00:00Z`) + 430 * 86_400_000).toISOString().slice(0, 10);
              expect(listed, JSON.stringify({ today, birthday })).toEqual(byNextBirthday(birthday, today, end));
            }
          }
        }
      }
    }
  });
});

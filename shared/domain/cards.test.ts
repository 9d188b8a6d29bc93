import { describe, expect, it } from 'vitest';
import { CARD_STATUSES, canMoveCard, cardPrompts, lunarOf, type CardStatus } from './cards';
import { DEFAULT_RULES } from './rules/config';

describe('card status only moves forward', () => {
  const allowed: [CardStatus, CardStatus][] = [
    ['to_write', 'written'], ['to_write', 'skipped'],
    ['written', 'mailed'], ['written', 'handed_over'], ['written', 'skipped'],
  ];
  it.each(CARD_STATUSES.flatMap((from) => CARD_STATUSES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    expect(canMoveCard(from, to)).toBe(allowed.some(([a, b]) => a === from && b === to));
  });
});

describe('lunarOf', () => {
  it('keeps the planner’s label, else computes the lunar form of the solar date', () => {
    expect(lunarOf('2026-09-25', '农历八月十五')).toBe('农历八月十五');
    expect(lunarOf('2026-09-25', null)).toBe('农历八月十五'); // Mid-Autumn 2026
    expect(lunarOf('2026-02-17', null)).toBe('农历正月初一'); // Spring Festival 2026
  });
});

describe('cardPrompts: facts to mention, never a drafted greeting', () => {
  const input = {
    vehicles: [{ id: 'v1', plate: '粤A12345', brand: '大众', model: '帕萨特', deliveryDate: '2021-12-01', mileageKm: 15_000 }],
    visits: [
      { id: 'a', vehicleId: 'v1', date: '2025-03-01', amountFen: 1, mileageKm: 8_000, type: 'maintenance', plate: '粤A12345' },
      { id: 'b', vehicleId: 'v1', date: '2025-11-01', amountFen: 1, mileageKm: 19_500, type: 'repair', plate: '粤A12345' },
      { id: 'c', vehicleId: 'v1', date: '2026-06-01', amountFen: 1, mileageKm: 30_100, type: 'maintenance', plate: '粤A12345' },
      { id: 'd', vehicleId: 'v1', date: '2026-12-30', amountFen: 1, mileageKm: 41_000, type: 'maintenance', plate: '粤A12345' }, // after the occasion: ignored
    ],
    preferences: [{ category: 'drink', value: '美式' }],
    family: [{ relation: 'child' as const, name: '小宝', note: null }],
  };
  it('lists milestones crossed between readings (latest first), the latest reading, years owned and recent services', () => {
    const p = cardPrompts(input, '2026-11-24', '2026-11-26', DEFAULT_RULES);
    expect(p.vehicles[0]).toMatchObject({ yearsOwned: 4, mileageKm: 30_100, milestones: [{ km: 30_000, date: '2026-06-01' }, { km: 20_000, date: '2026-06-01' }, { km: 10_000, date: '2025-11-01' }] });
    expect(p.recentServices.map((s) => s.date)).toEqual(['2026-06-01', '2025-11-01', '2025-03-01']);
    expect(p.preferences).toEqual(input.preferences);
    expect(p.family).toEqual(input.family);
    expect(JSON.stringify(p)).not.toMatch(/亲爱的|尊敬的|Dear/);
  });
  it('a car delivered within the year is 0 years owned; no readings, no milestones', () => {
    const p = cardPrompts({ ...input, vehicles: [{ ...input.vehicles[0]!, deliveryDate: '2026-03-01', mileageKm: null }], visits: [] }, '2026-11-24', '2026-11-26', DEFAULT_RULES);
    expect(p.vehicles[0]).toMatchObject({ yearsOwned: 0, mileageKm: null, milestones: [] });
  });
  it.each([
    ['the card due a week before the 5th anniversary', '2021-12-01', '2026-11-24', '2026-12-01', 5],
    ['an overdue card, the anniversary passed', '2021-12-01', '2026-12-05', '2026-12-01', 5],
    ['a birthday the day before the car turns 5', '2021-12-01', '2026-11-24', '2026-11-30', 4],
    ['delivered on Feb 29: its anniversary is Feb 28 in other years', '2024-02-29', '2025-02-21', '2025-02-28', 1],
    ['delivered on Feb 29, the day before', '2024-02-29', '2025-02-20', '2025-02-27', 0],
    ['delivered on Feb 29, a leap year again', '2024-02-29', '2028-02-22', '2028-02-29', 4],
  ] as const)('years owned as of the occasion: %s', (_name, deliveryDate, today, occasion, years) => {
    const p = cardPrompts({ ...input, vehicles: [{ ...input.vehicles[0]!, deliveryDate }], visits: [] }, today, occasion, DEFAULT_RULES);
    expect(p.vehicles[0]!.yearsOwned).toBe(years);
  });
});

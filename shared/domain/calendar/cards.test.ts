import { describe, expect, it } from 'vitest';
import { cardReminderKey, cardReminders, isCardDue, sameOccasionSpan, type CardReminder } from './cards';
import { DEFAULT_CALENDAR_RULES } from './config';
import { upcomingOccasions, type Occasion } from './occasions';

const occasion = (o: Partial<Occasion> & Pick<Occasion, 'occasion' | 'date'>): Occasion => ({ subjectId: null, lunarLabel: null, nth: null, ...o });

describe('cardReminders', () => {
  it.each([
    [occasion({ occasion: 'birthday', date: '2026-09-25', lunarLabel: '农历八月十五', nth: 41 }), 7, 'birthday:-:2026-09-25', '2026-09-18'],
    [occasion({ occasion: 'purchase_anniversary', subjectId: 'v1', date: '2027-01-03', nth: 3 }), 7, 'purchase_anniversary:v1:2027-01-03', '2026-12-27'],
    [occasion({ occasion: 'child_birthday', subjectId: 'c1', date: '2026-03-01' }), 7, 'child_birthday:c1:2026-03-01', '2026-02-22'],
    [occasion({ occasion: 'wedding_anniversary', date: '2028-03-06' }), 7, 'wedding_anniversary:-:2028-03-06', '2028-02-28'],
    [occasion({ occasion: 'membership_anniversary', date: '2026-12-28' }), 0, 'membership_anniversary:-:2026-12-28', '2026-12-28'],
  ] as const)('%j, lead %i -> %s due %s', (o, leadDays, key, dueDate) => {
    expect(cardReminders([o], leadDays)).toEqual([
      { key, occasion: o.occasion, subjectId: o.subjectId, occasionDate: o.date, dueDate, lunarLabel: o.lunarLabel, nth: o.nth },
    ]);
  });

  it('keeps the order of the occasions', () => {
    const reminders = cardReminders(
      [occasion({ occasion: 'birthday', date: '2026-01-02' }), occasion({ occasion: 'wedding_anniversary', date: '2026-01-01' })],
      7,
    );
    expect(reminders.map((r) => r.key)).toEqual(['birthday:-:2026-01-02', 'wedding_anniversary:-:2026-01-01']);
  });

  it('writes one card, the car\'s, when the membership anniversary falls on a purchase anniversary', () => {
    const occasions = upcomingOccasions(
      { memberSince: '2023-05-10', deliveryDates: [{ vehicleId: 'v1', date: '2023-05-10' }, { vehicleId: 'v2', date: '2025-06-01' }] },
      '2026-05-01',
      400,
    );
    expect(occasions.filter((o) => o.date === '2026-05-10').map((o) => o.occasion)).toEqual(['purchase_anniversary', 'membership_anniversary']);
    expect(cardReminders(occasions, 7).map((r) => r.key)).toEqual([
      'purchase_anniversary:v1:2026-05-10',
      'purchase_anniversary:v2:2026-06-01',
      'purchase_anniversary:v1:2027-05-10',
      'purchase_anniversary:v2:2027-06-01',
    ]);
    // On another day, the membership keeps its own card.
    expect(cardReminders([occasion({ occasion: 'membership_anniversary', date: '2026-05-11' }), occasion({ occasion: 'purchase_anniversary', subjectId: 'v1', date: '2026-05-10' })], 7).map((r) => r.occasion)).toEqual([
      'membership_anniversary',
      'purchase_anniversary',
    ]);
  });

  it.each([-1, 2.5])('rejects lead %s', (leadDays) => {
    expect(() => cardReminders([], leadDays)).toThrow(RangeError);
  });
});

describe('cardReminderKey', () => {
  it('is deterministic and tells occurrences and subjects apart', () => {
    const a = cardReminderKey({ occasion: 'purchase_anniversary', subjectId: 'v1', occasionDate: '2027-01-03' });
    expect(a).toBe(cardReminderKey({ occasion: 'purchase_anniversary', subjectId: 'v1', occasionDate: '2027-01-03' }));
    expect(a).not.toBe(cardReminderKey({ occasion: 'purchase_anniversary', subjectId: 'v2', occasionDate: '2027-01-03' }));
    expect(a).not.toBe(cardReminderKey({ occasion: 'purchase_anniversary', subjectId: 'v1', occasionDate: '2028-01-03' }));
  });
});

describe('isCardDue (from dueDate through the occasion day)', () => {
  const reminder: Pick<CardReminder, 'dueDate' | 'occasionDate'> = { dueDate: '2026-12-27', occasionDate: '2027-01-03' };
  it.each([
    ['2026-12-26', false],
    ['2026-12-27', true],
    ['2026-12-31', true],
    ['2027-01-03', true], // the occasion day itself
    ['2027-01-04', false], // lapsed
  ] as const)('today %s -> %s', (today, due) => {
    expect(isCardDue(reminder, today)).toBe(due);
  });
});

describe('occasions -> cards with the default rules', () => {
  it('a card is due for every occasion within the lead days, none beyond', () => {
    const today = '2026-12-28';
    const occasions = upcomingOccasions(
      { memberSince: '2023-12-28', weddingDate: '2010-12-31', deliveryDates: [{ vehicleId: 'v1', date: '2024-01-04' }, { vehicleId: 'v2', date: '2024-01-05' }] },
      today,
      DEFAULT_CALENDAR_RULES.occasionHorizonDays,
    );
    const due = cardReminders(occasions, DEFAULT_CALENDAR_RULES.cardLeadDays).filter((r) => isCardDue(r, today));
    expect(due.map((r) => [r.key, r.dueDate])).toEqual([
      ['membership_anniversary:-:2026-12-28', '2026-12-21'],
      ['wedding_anniversary:-:2026-12-31', '2026-12-24'],
      ['purchase_anniversary:v1:2027-01-04', '2026-12-28'],
    ]);
  });
});

describe('sameOccasionSpan (a corrected date is the same occasion)', () => {
  it('reaches half a year either side, so next year\'s occasion is another one', () => {
    expect(sameOccasionSpan('2026-03-20')).toEqual({ from: '2025-09-19', to: '2026-09-18' });
    const span = sameOccasionSpan('2026-12-05');
    expect(span.from <= '2026-12-10' && '2026-12-10' <= span.to).toBe(true);
    expect(span.from <= '2025-12-05' || '2027-12-05' <= span.to).toBe(false);
  });
});

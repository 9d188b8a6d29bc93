import { describe, expect, it } from 'vitest';
import { calendarDays, dayView, decideBooking, latestBookableDate } from './booking';
import { DEFAULT_RULES } from './rules/config';
import type { Tier } from './types';

const rules = DEFAULT_RULES; // open 7 days ahead; silver +3, gold +7, diamond +14; reserved from gold
const today = '2026-11-24';

describe('decideBooking (table from DOMAIN.md: silver 3, gold 7, diamond 14 days ahead)', () => {
  it.each<[Tier, string, boolean, string]>([
    ['normal', '2026-11-24', false, 'ok'], // today
    ['normal', '2026-12-01', false, 'ok'], // last day of the open window (today + 7)
    ['normal', '2026-12-02', false, 'beyond_window'],
    ['silver', '2026-12-04', false, 'ok'], // 7 + 3
    ['silver', '2026-12-05', false, 'beyond_window'],
    ['gold', '2026-12-08', false, 'ok'], // 7 + 7
    ['gold', '2026-12-09', false, 'beyond_window'],
    ['diamond', '2026-12-15', false, 'ok'], // 7 + 14
    ['diamond', '2026-12-16', false, 'beyond_window'],
    ['normal', '2026-11-23', false, 'past'],
    ['diamond', '2026-11-23', true, 'past'],
    ['normal', '2026-11-25', true, 'reserved'],
    ['silver', '2026-11-25', true, 'reserved'],
    ['gold', '2026-11-25', true, 'ok'],
    ['diamond', '2026-11-25', true, 'ok'],
    ['silver', '2026-12-10', true, 'beyond_window'], // the window is checked before the reservation
  ])('%s booking %s (reserved %s): %s', (tier, slotDate, reserved, expected) => {
    const d = decideBooking({ today, tier, slotDate, reserved, rules });
    expect(d.ok ? 'ok' : d.reason).toBe(expected);
  });

  it('a refusal carries what the advisor tells the customer', () => {
    expect(decideBooking({ today, tier: 'silver', slotDate: '2026-12-20', reserved: false, rules })).toEqual({
      ok: false, reason: 'beyond_window', tier: 'silver', extraDays: 3, openDaysAhead: 7, latest: '2026-12-04',
    });
    expect(decideBooking({ today, tier: 'silver', slotDate: '2026-11-26', reserved: true, rules })).toEqual({ ok: false, reason: 'reserved', tier: 'silver', minTier: 'gold' });
  });

  it('reads every number from the rules config', () => {
    const custom = { ...rules, booking: { openDaysAhead: 2, reservedMinTier: 'diamond' as const } };
    expect(latestBookableDate(today, 'normal', custom)).toBe('2026-11-26');
    expect(decideBooking({ today, tier: 'gold', slotDate: '2026-11-25', reserved: true, rules: custom })).toMatchObject({ ok: false, reason: 'reserved', minTier: 'diamond' });
  });
});

describe('calendar view', () => {
  it('lists today through the longest window of any tier', () => {
    const days = calendarDays(today, rules);
    expect(days[0]).toBe(today);
    expect(days[days.length - 1]).toBe('2026-12-15');
  });

  it('counts bookings per slot; a full slot is refused as full', () => {
    const view = dayView('2026-11-25', { today, tier: 'gold', rules, booked: new Map([['10:00', 3], ['11:00', 1]]) });
    const by = Object.fromEntries(view.slots.map((s) => [s.time, s]));
    expect(by['10:00']).toMatchObject({ available: 0, refusal: { reason: 'full' } });
    expect(by['11:00']).toMatchObject({ booked: 1, available: 2, refusal: null });
    expect(by['09:00']).toMatchObject({ reserved: true, refusal: null });
    const silver = dayView('2026-11-25', { today, tier: 'silver', rules, booked: new Map() });
    expect(silver.slots.find((s) => s.time === '09:00')?.refusal).toMatchObject({ reason: 'reserved' });
  });
});

describe("today's slots that are over", () => {
  it('refuses a slot of today once it has ended, keeps the ones still to come and every later day', () => {
    const at = (time: string, slotDate = today) => decideBooking({ today, tier: 'gold', slotDate, reserved: false, rules, time, now: '11:30' });
    expect(at('09:00')).toEqual({ ok: false, reason: 'past_slot', time: '09:00' });
    expect(at('10:00')).toEqual({ ok: false, reason: 'past_slot', time: '10:00' }); // ended at 11:00
    expect(at('11:00')).toEqual({ ok: true }); // under way: a late customer still fits
    expect(at('13:30')).toEqual({ ok: true });
    expect(at('09:00', '2026-11-25')).toEqual({ ok: true });
    // Without the time now (a clock that pins the day only): the day decides, as before.
    expect(decideBooking({ today, tier: 'gold', slotDate: today, reserved: false, rules, time: '09:00' })).toEqual({ ok: true });
    const view = dayView(today, { today, now: '11:30', tier: 'gold', rules, booked: new Map() });
    expect(view.slots.filter((s) => s.refusal?.reason === 'past_slot').map((s) => s.time)).toEqual(['09:00', '10:00']);
  });
});

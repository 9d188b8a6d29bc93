import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { addDays } from './days';
import type { CustomerFacts, FactVisit } from './facts';
import { automaticMessagesDue, formerOccurrence, isTouchpointVoid, lifecycleTouchpoints, touchpointStatus, type Touchpoint } from './lifecycle';

const visit = (date: string, amountFen = 30_000): FactVisit => ({ id: `v-${date}`, vehicleId: 'car', date, amountFen, mileageKm: null });
const facts = (f: Partial<CustomerFacts>): CustomerFacts => ({
  customerId: 'c1', deliveryDates: [], visits: [], surveys: [], complaints: [], memberSince: null,
  currentTier: 'normal', tierSince: null, referralsSucceeded: 0, referralsSucceededOn: null, ...f,
});
const plan = (f: CustomerFacts, today: string) => lifecycleTouchpoints(f, today, DEFAULT_RULES);
const brief = (tps: Touchpoint[]) => tps.map((t) => `${t.rule}@${t.occurrence} due ${t.dueDate}`);
const find = (tps: Touchpoint[], rule: Touchpoint['rule']) => tps.find((t) => t.rule === rule);

describe('new owner (D3 call, D7 guide, D15 meetup, D30 first-service reminder)', () => {
  const f = facts({ deliveryDates: ['2026-06-01'] });

  it('lists the four steps on delivery day, keyed by the delivery date', () => {
    expect(brief(plan(f, '2026-06-01'))).toEqual([
      'd3_call@2026-06-01 due 2026-06-04',
      'd7_guide@2026-06-01 due 2026-06-08',
      'd15_meetup@2026-06-01 due 2026-06-16',
      'd30_first_service@2026-06-01 due 2026-07-01',
    ]);
    expect(plan(f, '2026-06-01').map((t) => [t.kind, t.automatic])).toEqual([['call', false], ['message', true], ['invite', false], ['message', false]]);
  });

  it('keeps an overdue step until the end of the New stage (day 30), then drops it', () => {
    expect(find(plan(f, '2026-07-01'), 'd3_call')?.validUntil).toBe('2026-07-01');
    expect(find(plan(f, '2026-07-02'), 'd3_call')).toBeUndefined();
    expect(find(plan(f, '2026-08-29'), 'd30_first_service')?.dueDate).toBe('2026-07-01'); // valid to day 89
    expect(find(plan(f, '2026-08-30'), 'd30_first_service')).toBeUndefined();
  });

  it('drops the first-service reminder once the car came in, and asks for the survey 7 days after', () => {
    const served = facts({ deliveryDates: ['2026-06-01'], visits: [visit('2026-06-20', 0)] });
    const tps = plan(served, '2026-06-22');
    expect(find(tps, 'd30_first_service')).toBeUndefined();
    expect(find(tps, 'first_service_survey')).toMatchObject({ occurrence: '2026-06-20', dueDate: '2026-06-27', kind: 'survey', reason: { code: 'first_service', servicedOn: '2026-06-20' } });
    const surveyed = { ...served, surveys: [{ date: '2026-06-28', score0to10: 9 }] };
    expect(find(plan(surveyed, '2026-06-29'), 'first_service_survey')).toBeUndefined();
  });

  it('runs per vehicle; the same delivery date twice is one occurrence', () => {
    const two = facts({ deliveryDates: ['2026-06-01', '2026-06-20', '2026-06-20'] });
    expect(plan(two, '2026-06-25').filter((t) => t.rule === 'd3_call').map((t) => t.occurrence)).toEqual(['2026-06-01', '2026-06-20']);
  });

  it('keeps the first recorded delivery date as the occurrence when the dealer system corrects it (earlier or later)', () => {
    for (const corrected of ['2026-06-03', '2026-05-30']) {
      const car = { id: 'car', deliveryDate: corrected, firstVisitOn: null, firstDeliveryDate: '2026-06-01' };
      const d3 = find(plan(facts({ deliveryDates: [corrected], vehicles: [car] }), '2026-06-04'), 'd3_call');
      // Same occurrence (same task id: a done call stays done), due from the corrected date.
      expect(d3).toMatchObject({ occurrence: '2026-06-01', dueDate: addDays(corrected, 3), reason: { deliveredOn: corrected } });
    }
  });

  it('gives two cars the steps of their own days when one is corrected onto or away from the other one’s day', () => {
    const d3 = (cars: { id: string; deliveryDate: string; firstDeliveryDate: string | null }[]) =>
      plan(facts({ deliveryDates: cars.map((c) => c.deliveryDate), vehicles: cars.map((c) => ({ ...c, firstVisitOn: null })) }), '2026-06-05')
        .filter((t) => t.rule === 'd3_call')
        .map((t) => [t.occurrence, t.dueDate]);
    // Corrected onto the day of a car never corrected: they share that car's steps (its done call stays done).
    expect(d3([{ id: 'a', deliveryDate: '2026-06-03', firstDeliveryDate: '2026-06-02' }, { id: 'b', deliveryDate: '2026-06-03', firstDeliveryDate: null }])).toEqual([['2026-06-03', '2026-06-06']]);
    // Both corrected onto one day: the earliest first date names their steps.
    expect(d3([{ id: 'a', deliveryDate: '2026-06-03', firstDeliveryDate: '2026-06-02' }, { id: 'b', deliveryDate: '2026-06-03', firstDeliveryDate: '2026-06-01' }])).toEqual([['2026-06-01', '2026-06-06']]);
    // Corrected away from a day the other car keeps: each day its own steps, none dropped as a repeat.
    expect(d3([{ id: 'a', deliveryDate: '2026-06-03', firstDeliveryDate: '2026-06-01' }, { id: 'b', deliveryDate: '2026-06-01', firstDeliveryDate: null }])).toEqual([['2026-06-01', '2026-06-04'], ['2026-06-03', '2026-06-06']]);
  });

  it('ignores a delivery after today', () => {
    expect(plan(facts({ deliveryDates: ['2026-06-02'] }), '2026-06-01')).toEqual([]);
  });
});

describe('first service of a customer with two cars (per car)', () => {
  // Car A delivered long ago and serviced since; car B new. A's visit after B's delivery is not B's first service.
  const carA = { id: 'car-a', deliveryDate: '2024-03-01', firstVisitOn: '2024-04-02' };
  const carB = { id: 'car-b', deliveryDate: '2026-06-01', firstVisitOn: null };
  const visitA = { ...visit('2026-06-20', 50_000), vehicleId: 'car-a' };
  const twoCars = facts({ deliveryDates: ['2024-03-01', '2026-06-01'], vehicles: [carA, carB], visits: [visitA] });

  it("keeps the new car's D30 reminder and asks no survey when only the other car came in", () => {
    const tps = plan(twoCars, '2026-07-02');
    expect(find(tps, 'd30_first_service')).toMatchObject({ occurrence: '2026-06-01', dueDate: '2026-07-01' });
    expect(find(tps, 'first_service_survey')).toBeUndefined();
  });

  it("ends it when the new car itself came in, and asks the survey about that visit", () => {
    const served = { ...twoCars, vehicles: [carA, { ...carB, firstVisitOn: '2026-07-05' }], visits: [visitA, { ...visit('2026-07-05', 0), vehicleId: 'car-b' }] };
    const tps = plan(served, '2026-07-06');
    expect(find(tps, 'd30_first_service')).toBeUndefined();
    expect(find(tps, 'first_service_survey')).toMatchObject({ occurrence: '2026-07-05', dueDate: '2026-07-12' });
    // A first visit dated after today (a booking, a clock ahead) is not one yet.
    expect(find(plan(served, '2026-07-04'), 'd30_first_service')).toMatchObject({ occurrence: '2026-06-01' });
  });

  it('counts any visit after the delivery with one car, or when the cars are not known', () => {
    const oneCar = facts({ deliveryDates: ['2026-06-01'], vehicles: [carB], visits: [visitA] });
    expect(find(plan(oneCar, '2026-07-02'), 'd30_first_service')).toBeUndefined();
    const { vehicles: _unknown, ...unknownCars } = twoCars;
    expect(find(plan(unknownCars, '2026-07-02'), 'd30_first_service')).toBeUndefined();
    expect(find(plan(unknownCars, '2026-07-02'), 'first_service_survey')).toMatchObject({ occurrence: '2026-06-20' });
  });
});

describe('growth stage (days 31-180 of the latest delivery)', () => {
  it('sends a monthly tip (automatic) on the delivery day-of-month, keyed YYYY-MM', () => {
    const f = facts({ deliveryDates: ['2026-01-31'] });
    const tip = find(plan(f, '2026-03-31'), 'monthly_tip');
    expect(tip).toMatchObject({ occurrence: '2026-03', dueDate: '2026-03-31', validUntil: '2026-04-29', automatic: true, kind: 'message' });
    // Feb 28 is day 28, still the New stage: no February tip; March's is upcoming (within 30 days)
    expect(plan(f, '2026-03-01').filter((t) => t.rule === 'monthly_tip').map((t) => t.occurrence)).toEqual(['2026-03']);
  });

  it('invites once per calendar quarter overlapping Growth, keyed YYYY-Qn', () => {
    const f = facts({ deliveryDates: ['2026-06-01'] }); // Growth = 2026-07-02 .. 2026-11-28
    expect(find(plan(f, '2026-06-10'), 'quarterly_invite')).toMatchObject({ occurrence: '2026-Q3', dueDate: '2026-07-02', validUntil: '2026-09-30' });
    expect(find(plan(f, '2026-10-05'), 'quarterly_invite')).toMatchObject({ occurrence: '2026-Q4', dueDate: '2026-10-01' });
    expect(find(plan(f, '2027-01-05'), 'quarterly_invite')).toBeUndefined();
  });
});

describe('quiet spell: care call at 90 days without a visit, offer at 180, win-back on entering At risk', () => {
  // Delivered 2025-09-01, never came back: A (spell start) = delivery.
  const mature = facts({ deliveryDates: ['2025-09-01'] });

  it('care call due at A + 90, listed 30 days ahead, keyed by the spell start', () => {
    expect(find(plan(mature, '2025-10-31'), 'care_call_90')).toMatchObject({
      occurrence: '2025-09-01', dueDate: '2025-11-30', validUntil: '2026-02-27', kind: 'call', reason: { code: 'no_visit', since: '2025-09-01', quietDays: 90 },
    });
    expect(find(plan(mature, '2025-10-30'), 'care_call_90')).toBeUndefined();
  });

  it('"long time no see" offer at A + 180 inside the Mature stage, valid until the win-back', () => {
    const tps = plan(mature, '2026-03-10');
    expect(find(tps, 'care_call_90')).toBeUndefined();
    expect(find(tps, 'offer_180')).toMatchObject({ occurrence: '2025-09-01', dueDate: '2026-02-28', validUntil: '2026-09-01', kind: 'offer' });
    expect(find(tps, 'winback_plan')).toBeUndefined();
  });

  it('win-back plan on entering At risk: 366+ days since delivery AND 180+ days without a visit', () => {
    const tps = plan(mature, '2026-09-02');
    expect(find(tps, 'offer_180')).toBeUndefined();
    expect(find(tps, 'winback_plan')).toMatchObject({
      occurrence: '2025-09-01', dueDate: '2026-09-02', validUntil: null, kind: 'visit',
      reason: { code: 'at_risk', since: '2025-09-01', quietDays: 180, deliveredOn: '2025-09-01' },
    });
    expect(find(plan(mature, '2028-01-01'), 'winback_plan')?.dueDate).toBe('2026-09-02'); // stays until void
  });

  it('a customer past day 366 who keeps visiting is not at risk', () => {
    const regular = facts({ deliveryDates: ['2020-05-01'], visits: [visit('2025-11-10'), visit('2026-03-15'), visit('2026-05-20', 0)] });
    expect(plan(regular, '2026-06-01').map((t) => t.rule)).toEqual([]);
  });

  it('past the Mature stage, 180 quiet days go straight to the win-back (no offer)', () => {
    const f = facts({ deliveryDates: ['2020-05-01'], visits: [visit('2026-01-10')] });
    expect(find(plan(f, '2026-04-10'), 'care_call_90')?.dueDate).toBe('2026-04-10');
    const tps = plan(f, '2026-07-09');
    expect(find(tps, 'offer_180')).toBeUndefined();
    expect(find(tps, 'winback_plan')).toMatchObject({ occurrence: '2026-01-10', dueDate: '2026-07-09' });
    expect(find(plan(f, '2026-07-08'), 'winback_plan')?.dueDate).toBe('2026-07-09'); // upcoming
  });

  it('counts quiet days from any visit, paid or free, and voids the spell on a visit or a new delivery', () => {
    const f = facts({ deliveryDates: ['2020-05-01'], visits: [visit('2025-10-01')] });
    const winback = find(plan(f, '2026-05-01'), 'winback_plan');
    expect(winback?.occurrence).toBe('2025-10-01');
    if (!winback) throw new Error('expected a win-back plan');
    const freeVisit = { ...f, visits: [...f.visits, visit('2026-05-03', 0)] };
    expect(isTouchpointVoid(winback, freeVisit, '2026-05-02')).toBe(false);
    expect(isTouchpointVoid(winback, freeVisit, '2026-05-03')).toBe(true);
    expect(find(plan(freeVisit, '2026-05-03'), 'winback_plan')).toBeUndefined();
    expect(isTouchpointVoid(winback, { ...f, deliveryDates: ['2020-05-01', '2026-05-04'] }, '2026-05-04')).toBe(true);
  });

  it('a customer with visits but no delivered vehicle on file counts as past the Mature stage', () => {
    const f = facts({ visits: [visit('2025-10-01')] });
    expect(find(plan(f, '2026-03-30'), 'winback_plan')).toMatchObject({ dueDate: '2026-03-30', reason: { deliveredOn: null } });
  });
});

describe('delivery anniversaries: personalised gift and free deep inspection, every year, every vehicle', () => {
  it('gift due 7 days before the anniversary, inspection on it', () => {
    const tps = plan(facts({ deliveryDates: ['2025-09-01'], visits: [visit('2026-08-15')] }), '2026-08-20');
    expect(find(tps, 'purchase_anniversary_gift')).toMatchObject({ occurrence: '2026-09-01', dueDate: '2026-08-25', kind: 'gift', reason: { code: 'delivery_anniversary', years: 1 } });
    expect(find(tps, 'yearly_inspection')).toMatchObject({ occurrence: '2026-09-01', dueDate: '2026-09-01', validUntil: '2026-10-31' });
  });

  it('a Feb 29 delivery has its anniversary on Feb 28 in non-leap years', () => {
    const tps = plan(facts({ deliveryDates: ['2024-02-29'], visits: [visit('2027-01-01')] }), '2027-02-20');
    expect(find(tps, 'purchase_anniversary_gift')).toMatchObject({ occurrence: '2027-02-28', reason: { years: 3 } });
  });

  it('the inspection invite is void once the customer came in on or after its due date', () => {
    const f = facts({ deliveryDates: ['2023-09-01'], visits: [visit('2026-08-15')] });
    const invite = find(plan(f, '2026-09-01'), 'yearly_inspection');
    if (!invite) throw new Error('expected an inspection invite');
    const came = { ...f, visits: [...f.visits, visit('2026-09-05')] };
    expect(touchpointStatus(invite, came, '2026-09-04')).toBe('open');
    expect(touchpointStatus(invite, came, '2026-09-05')).toBe('void');
    expect(touchpointStatus(invite, f, '2026-11-01')).toBe('expired');
  });
});

describe('deterministic occurrences', () => {
  it('same facts and today give the same list; moving today never changes an open touchpoint', () => {
    const f = facts({
      deliveryDates: ['2024-02-29', '2025-11-15'],
      visits: [visit('2025-12-20', 0), visit('2026-02-01'), visit('2026-09-15')],
      surveys: [{ date: '2026-01-10', score0to10: 8 }],
    });
    expect(plan(f, '2026-03-01')).toEqual(plan(f, '2026-03-01'));
    const seen = new Map<string, string>();
    let day = '2025-11-01';
    for (let i = 0; i < 1200; i++, day = addDays(day, 1)) {
      for (const tp of plan(f, day)) {
        const key = `${tp.rule}|${tp.occurrence}`;
        const body = JSON.stringify(tp);
        expect(seen.get(key) ?? body, `${key} on ${day}`).toBe(body);
        seen.set(key, body);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
  });
});

describe('automatic messages due (the D7 new-owner guide, the monthly tip)', () => {
  const car = (deliveryDate: string, firstDeliveryDate: string | null = null) => ({ id: `v-${deliveryDate}`, deliveryDate, firstDeliveryDate });
  it('the guide from day 7 while the new stage lasts, then a tip a month, each its own occurrence', () => {
    expect(automaticMessagesDue([car('2026-11-20')], '2026-11-26', DEFAULT_RULES)).toEqual([]);
    expect(automaticMessagesDue([car('2026-11-20')], '2026-11-27', DEFAULT_RULES).map((t) => [t.rule, t.occurrence, t.dueDate])).toEqual([['d7_guide', '2026-11-20', '2026-11-27']]);
    // Three months on: the guide's time is over; the month's tip is due.
    expect(automaticMessagesDue([car('2026-08-20')], '2026-11-24', DEFAULT_RULES).map((t) => [t.rule, t.occurrence])).toEqual([['monthly_tip', '2026-11']]);
    // A delivery corrected later keeps the guide's occurrence (the same message, not a second one).
    expect(automaticMessagesDue([car('2026-11-21', '2026-11-20')], '2026-11-28', DEFAULT_RULES).map((t) => t.occurrence)).toEqual(['2026-11-20']);
    // Long after the growth stage: nothing.
    expect(automaticMessagesDue([car('2025-01-10')], '2026-11-24', DEFAULT_RULES)).toEqual([]);
  });
});

describe('the occurrence an anniversary had before planner 8 (the corrected delivery date)', () => {
  const reason = (deliveredOn: string, years: number) => JSON.stringify({ code: 'delivery_anniversary', deliveredOn, years });
  it.each([
    ['purchase_anniversary_gift', '2026-12-10', reason('2023-12-20', 3), '2026-12-20'],
    ['yearly_inspection', '2027-01-02', reason('2023-12-30', 4), '2027-12-30'],
    // Never corrected: the same occurrence, nothing to look for; a Feb 29 delivery too.
    ['purchase_anniversary_gift', '2026-12-20', reason('2023-12-20', 3), null],
    ['yearly_inspection', '2025-02-28', reason('2024-02-29', 1), null],
    ['care_call_90', '2026-12-10', reason('2023-12-20', 3), null],
    // A quiet spell from a corrected delivery: its reason's day, unless it is the occurrence.
    ['care_call_90', '2026-03-10', JSON.stringify({ code: 'no_visit', since: '2026-03-20', quietDays: 90 }), '2026-03-20'],
    ['winback_plan', '2026-03-10', JSON.stringify({ code: 'at_risk', since: '2026-03-20', quietDays: 180, deliveredOn: '2026-03-20' }), '2026-03-20'],
    ['offer_180', '2026-03-20', JSON.stringify({ code: 'no_visit', since: '2026-03-20', quietDays: 180 }), null],
  ])('%s %s (%s): %s', (rule, occurrence, why, former) => {
    expect(formerOccurrence(rule, occurrence, why)).toBe(former);
  });
});

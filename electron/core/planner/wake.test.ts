import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { loadPlanningInputs } from '../repos/planner-inputs';
import { loadPlannerInputs } from '../repos/planner-inputs-complete';
import { runToEnd, type PlanningCustomer } from '../repos/planner-inputs-types';
import { tempDbFile } from '../testing/fixture';
import { upcomingOccasions } from '../../../shared/domain/calendar/occasions';
import { membershipStart, type DeliveredVehicle } from '../../../shared/domain/rules/facts';
import { lifecycleTouchpoints } from '../../../shared/domain/rules/lifecycle';
import { desiredFor, planCustomer } from './desired';
import { runPlanner, runPlannerInBatches } from './run';
import { nextPlanningDay } from './wake';

const ctxOf = (today: string, rules: RulesConfig = DEFAULT_RULES) => ({ today, rules });

/**
 * Plans `c` on each day after `today` before its wake day: the answer must be the same, and no card
 * lapses. Also: what planCustomer finds within upcomingDays and the card horizon is what the rules
 * list with their own horizons.
 */
function expectStableUntilWake(c: PlanningCustomer, planned: PlanningCustomer, today: string, rules: RulesConfig, maxDays: number): void {
  const ctx = ctxOf(today, rules);
  const base = desiredFor(c, ctx);
  const plan = planCustomer(planned, ctx);
  const upcoming = addDays(today, rules.lifecycle.upcomingDays);
  expect(plan.touchpoints.filter((tp) => tp.dueDate <= upcoming)).toEqual(lifecycleTouchpoints(planned.facts, today, rules));
  const end = addDays(today, rules.calendar.occasionHorizonDays);
  const dates = { birthday: c.birthday, deliveryDates: c.vehicles.map((v) => ({ vehicleId: v.id, date: v.deliveryDate })), weddingDate: c.weddingDate, memberSince: membershipStart(c.facts, today), children: c.children };
  expect(plan.occasions.filter((o) => o.date <= end)).toEqual(upcomingOccasions(dates, today, rules.calendar.occasionHorizonDays));
  const wake = nextPlanningDay(planned, ctx, plan, []);
  expect(wake > today).toBe(true);
  for (let k = 1; k <= maxDays; k++) {
    const day = addDays(today, k);
    if (day >= wake) break;
    expect({ customer: c.facts.customerId, day, wake, plan: desiredFor(c, ctxOf(day, rules)) }).toEqual({ customer: c.facts.customerId, day, wake, plan: base });
    expect(base.cards.filter((card) => card.occasionDate < day)).toEqual([]);
  }
}

describe('planning facts and wake days on a demo store', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  let complete: Map<string, PlanningCustomer>;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 150, seed: 21, today: '2026-11-20' });
    complete = loadPlannerInputs(opened.sqlite);
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it.each(['2026-11-20', '2026-12-27', '2027-03-15'])('on %s the planner facts plan what complete facts plan, and nothing changes before the wake day', (today) => {
    const planning = runToEnd(loadPlanningInputs(opened.sqlite, today, DEFAULT_RULES));
    expect([...planning.keys()].sort()).toEqual([...complete.keys()].sort());
    for (const [id, c] of planning) {
      const full = complete.get(id)!;
      expect(desiredFor(c, ctxOf(today))).toEqual(desiredFor(full, ctxOf(today)));
      expectStableUntilWake(full, c, today, DEFAULT_RULES, 30);
    }
  });

  it('reads the same facts for some customers as for the whole store', () => {
    const today = '2026-11-20';
    const whole = runToEnd(loadPlanningInputs(opened.sqlite, today, DEFAULT_RULES));
    const ids = [...whole.keys()].filter((_, i) => i % 7 === 0);
    const some = runToEnd(loadPlanningInputs(opened.sqlite, today, DEFAULT_RULES, ids));
    for (const id of ids) expect(desiredFor(some.get(id)!, ctxOf(today))).toEqual(desiredFor(whole.get(id)!, ctxOf(today)));
  });
});

describe('wake days of made-up customers', () => {
  // A small deterministic generator: dates around `today`, leap days, lunar birthdays, odd rules.
  let seed = 20_261_124;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const near = (base: string, spread: number) => addDays(base, int(-spread, spread));
  const rulesVariant = (): RulesConfig => {
    if (rnd() < 0.5) return DEFAULT_RULES;
    const r = structuredClone(DEFAULT_RULES);
    const lc = r.lifecycle;
    lc.upcomingDays = int(0, 60);
    lc.careCallQuietDays = int(30, 120);
    lc.offerQuietDays = lc.careCallQuietDays + int(1, 120);
    lc.atRiskQuietDays = int(60, 300);
    lc.anniversaryGiftLeadDays = int(0, 30);
    lc.inspectionValidDays = int(0, 90);
    lc.surveyValidDays = int(0, 60);
    r.surprises.graceDays = int(0, 60);
    r.surprises.leadDays = int(0, 30);
    r.surprises.topReferrerCount = int(1, 6);
    r.calendar = { ...r.calendar, occasionHorizonDays: int(0, 60), cardLeadDays: int(0, 14) };
    return r;
  };

  it('plan the same answer every day before the wake day (800 customers, varied rules)', () => {
    for (let i = 0; i < 800; i++) {
      const today = addDays('2026-06-15', int(-800, 800));
      const rules = rulesVariant();
      const vehicles: DeliveredVehicle[] = Array.from({ length: int(0, 3) }, (_, k) => ({ id: `veh${k}`, deliveryDate: near(today, rnd() < 0.7 ? 500 : 3000), firstVisitOn: null }));
      const visits = Array.from({ length: int(0, 12) }, (_, k) => ({
        id: `vis${i}-${k}`, vehicleId: vehicles.length && rnd() < 0.8 ? vehicles[int(0, vehicles.length - 1)]!.id : null,
        date: near(today, rnd() < 0.7 ? 200 : 900), amountFen: rnd() < 0.3 ? 0 : int(1, 600_000), mileageKm: rnd() < 0.3 ? null : int(0, 120_000),
      }));
      // Each car's first visit after its delivery, as the readers find it (any date, after today too).
      for (const car of vehicles) for (const v of visits) if (v.vehicleId === car.id && v.date > car.deliveryDate && (car.firstVisitOn === null || v.date < car.firstVisitOn)) car.firstVisitOn = v.date;
      const surveys = Array.from({ length: int(0, 2) }, () => ({ date: near(today, 60), score0to10: int(0, 10) }));
      const c: PlanningCustomer = {
        facts: {
          customerId: `c${i}`, deliveryDates: vehicles.map((v) => v.deliveryDate), vehicles, visits, surveys, complaints: [],
          memberSince: rnd() < 0.2 ? null : near(today, 800), currentTier: (['normal', 'silver', 'gold', 'diamond'] as const)[int(0, 3)]!, tierSince: null,
          referralsSucceeded: int(0, 7), referralsSucceededOn: near(today, 300),
        },
        storeId: 's', advisorId: 'a', doNotContact: rnd() < 0.3,
        birthday: rnd() < 0.3 ? null : rnd() < 0.6 ? { calendar: 'solar', date: near('1985-06-15', 5000) } : { calendar: 'lunar', year: rnd() < 0.5 ? null : int(1950, 2010), month: int(1, 12), day: int(1, 30), leap: rnd() < 0.2 },
        weddingDate: rnd() < 0.5 ? null : near('2010-06-15', 3000),
        vehicles,
        children: rnd() < 0.7 ? [] : [{ id: 'k1', name: '小明', birthday: { calendar: 'solar', date: near(today, 3000) } }],
      };
      const later = [...visits.map((v) => v.date), ...surveys.map((s) => s.date)].filter((d) => d > today).sort()[0] ?? null;
      expectStableUntilWake(c, { ...c, laterFactOn: later }, today, rules, 45);
    }
  });

  const customer = (facts: Partial<PlanningCustomer['facts']>, extra: Partial<PlanningCustomer> = {}): PlanningCustomer => ({
    facts: { customerId: 'c', deliveryDates: [], visits: [], surveys: [], complaints: [], memberSince: null, currentTier: 'normal', tierSince: null, referralsSucceeded: 0, referralsSucceededOn: null, ...facts },
    storeId: 's', advisorId: 'a', doNotContact: true, birthday: null, weddingDate: null, vehicles: [], children: [], ...extra,
  });
  const wakeOf = (c: PlanningCustomer, today: string) => nextPlanningDay(c, ctxOf(today), planCustomer(c, ctxOf(today)), []);

  it('wakes for the membership-year surprise leadDays before the anniversary', () => {
    expect(wakeOf(customer({ memberSince: '2025-05-11' }), '2026-05-01')).toBe('2026-05-04');
  });

  it('wakes on the membership anniversary, the only day a held tier drops', () => {
    const held = customer({ memberSince: '2020-03-10', currentTier: 'gold' });
    expect(desiredFor(held, ctxOf('2026-03-09')).tier).toBeNull();
    expect(wakeOf(held, '2026-03-09')).toBe('2026-03-10');
    expect(desiredFor(held, ctxOf('2026-03-10')).tier).toMatchObject({ tier: 'silver' });
  });

  it('wakes the day after planning a tier, and a top referrer once, when the latest referral leaves the grace window (due on a fixed day)', () => {
    const referrer = customer({ referralsSucceeded: 5, referralsSucceededOn: '2026-04-20' });
    expect(desiredFor(referrer, ctxOf('2026-05-01')).tasks).toContainEqual(expect.objectContaining({ rule: 'surprise_top_referrer', dueDate: '2026-04-20' }));
    expect(desiredFor(referrer, ctxOf('2026-05-02')).tasks).toEqual(desiredFor(referrer, ctxOf('2026-05-01')).tasks);
    expect(wakeOf(referrer, '2026-05-01')).toBe('2026-05-21');
    expect(desiredFor(referrer, ctxOf('2026-05-21')).tasks).toEqual([]);
    expect(wakeOf(referrer, '2026-05-21')).toBe('2027-01-01');
    const upgraded = customer({ visits: [1, 2, 3].map((k) => ({ id: `v${k}`, vehicleId: null, date: `2026-0${k}-01`, amountFen: 0, mileageKm: null })) });
    expect(desiredFor(upgraded, ctxOf('2026-05-01')).tier).toMatchObject({ tier: 'silver' });
    expect(wakeOf(upgraded, '2026-05-01')).toBe('2026-05-02');
  });

  it('wakes when a visit dated after today comes due, and when a recent visit leaves the grace window', () => {
    const booked = customer({}, { laterFactOn: '2026-05-20' });
    expect(wakeOf(booked, '2026-05-01')).toBe('2026-05-20');
    const recent = customer({ visits: [{ id: 'v', vehicleId: null, date: '2026-04-25', amountFen: 100, mileageKm: null }] });
    expect(wakeOf(recent, '2026-05-01') <= '2026-05-26').toBe(true);
  });

  it('wakes when an unwritten card lapses, and when an occasion comes within the horizon', () => {
    const c = customer({}, { doNotContact: false, birthday: { calendar: 'solar', date: '1990-07-15' } });
    expect(wakeOf(c, '2026-05-01')).toBe('2026-06-15');
    expect(nextPlanningDay(customer({}), ctxOf('2026-05-01'), { cards: [], tier: null, touchpoints: [], occasions: [] }, ['2026-05-09'])).toBe('2026-05-10');
  });

  it('wakes on January 1 at the latest', () => {
    expect(wakeOf(customer({}), '2026-05-01')).toBe('2027-01-01');
  });
});

describe('daily runs plan only the customers due, with the same result as planning all of them', () => {
  const dump = (sqlite: BetterSqlite3.Database) => ({
    tasks: sqlite.prepare('SELECT * FROM tasks ORDER BY id').all(),
    cards: sqlite.prepare('SELECT * FROM card_reminders ORDER BY id').all(),
    tiers: sqlite.prepare('SELECT id, tier, tier_since, updated_at FROM customers ORDER BY id').all(),
  });

  it('over seven weeks across a year end, with visits arriving', async () => {
    const desks = [tempDbFile(), tempDbFile()];
    const opened = desks.map((d) => openDatabase(d.file));
    try {
      for (const o of opened) generateDemoStore(o, { customers: 120, seed: 12, today: '2026-11-20' });
      const [daily, full] = opened.map((o) => o.sqlite) as [BetterSqlite3.Database, BetterSqlite3.Database];
      const ids = daily.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
      let planned = 0;
      for (let k = 0; k < 49; k++) {
        const today = addDays('2026-11-20', k);
        const ctx = { ...ctxOf(today), now: `${today}T00:30:00.000Z` };
        if (k % 5 === 2) {
          // A visit arrives for one customer (the triggers mark them due on the daily desk).
          for (const sqlite of [daily, full]) {
            sqlite
              .prepare(
                `INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, created_at, updated_at)
                 SELECT ?, c.store_id, c.id, v.id, ?, 'maintenance', 350000, 200000, ?, ? FROM customers c JOIN vehicles v ON v.customer_id = c.id WHERE c.id = ? LIMIT 1`,
              )
              .run(`visit-${k}`, today, ctx.now, ctx.now, ids[(k * 37) % ids.length]);
          }
        }
        planned += (await runPlannerInBatches(daily, ctx, { fullRunEveryDays: 1_000 })).customers;
        runPlanner(full, ctx);
        expect(dump(daily)).toEqual(dump(full));
      }
      // Most days most customers were skipped.
      expect(planned).toBeLessThan(49 * ids.length * 0.5);
    } finally {
      for (const o of opened) await o.close();
      desks.forEach((d) => d.cleanup());
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { runPlanner } from '../planner/run';
import { tempDbFile } from '../testing/fixture';
import { decodeFacts, encodeFacts } from './planner-facts-codec';
import { factsKey, loadPlanningInputsKept, readRangeFacts } from './planner-inputs-cached';
import { loadPlanningInputs } from './planner-inputs';
import { NONE, runToEnd, type PlanningCustomer } from './planner-inputs-types';

const TODAY = '2026-11-20';
const noIntern = <T extends string | null>(v: T): T => v;
/** A customer's facts without the reader's bookkeeping (how long they stay true). */
const factsOnly = (c: PlanningCustomer) => ({ ...c, factsUntil: undefined });

/** Rules whose windows differ from the defaults, so each boundary of the readers moves. */
function windows(grace: number, trailing: number, delay: number, valid: number): RulesConfig {
  const r = structuredClone(DEFAULT_RULES);
  r.surprises.graceDays = grace;
  r.trailingDays = trailing;
  r.lifecycle.firstServiceSurveyDelayDays = delay;
  r.lifecycle.surveyValidDays = valid;
  return r;
}

describe('planning facts kept between runs', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 250, seed: 33, today: TODAY });
    // Rows near the boundaries and after today: a booking, a survey and a delivery still to come, free visits.
    opened.sqlite.exec(`
      INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, created_at, updated_at)
        SELECT 'later-' || c.id, c.store_id, c.id, NULL, date('${TODAY}', '+' || (abs(unicode(substr(c.id, -1))) % 40 + 1) || ' days'), 'maintenance', 0, NULL, 'x', 'x'
        FROM customers c ORDER BY c.id LIMIT 30;
      INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, created_at, updated_at)
        SELECT 'free-' || c.id, c.store_id, c.id, NULL, date('${TODAY}', '-' || (abs(unicode(substr(c.id, -2, 1))) % 400) || ' days'), 'maintenance', 0, NULL, 'x', 'x'
        FROM customers c ORDER BY c.id DESC LIMIT 60;
      INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at)
        SELECT 'later-survey-' || c.id, c.store_id, c.id, date('${TODAY}', '+9 days'), 6, 'x', 'x' FROM customers c ORDER BY c.id LIMIT 5 OFFSET 40;
      UPDATE vehicles SET delivery_date = date('${TODAY}', '+12 days') WHERE id IN (SELECT id FROM vehicles ORDER BY id LIMIT 4);
      UPDATE vehicles SET first_delivery_date = delivery_date, delivery_date = date(delivery_date, '-1 day') WHERE id IN (SELECT id FROM vehicles ORDER BY id LIMIT 5 OFFSET 30);
    `);
    // First services long after their delivery: the delivery leaves the window while the first-service survey still counts.
    const single = opened.sqlite.prepare('SELECT customer_id FROM vehicles GROUP BY customer_id HAVING count(*) = 1 ORDER BY customer_id LIMIT 3 OFFSET 20').pluck().all() as string[];
    single.forEach((id, k) => {
      const delivered = addDays(TODAY, -360 + k * 20);
      opened.sqlite.prepare('UPDATE vehicles SET delivery_date = ? WHERE customer_id = ?').run(delivered, id);
      opened.sqlite.prepare("UPDATE visits SET deleted_at = 'x' WHERE customer_id = ? AND visit_date > ?").run(id, delivered);
      opened.sqlite
        .prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) SELECT ?, store_id, id, ?, 'maintenance', 50000, 'x', 'x' FROM customers WHERE id = ?`)
        .run(`first-service-${k}`, addDays(TODAY, -3 - k), id);
    });
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('decode what they encode, customer for customer', () => {
    const read = runToEnd(loadPlanningInputs(opened.sqlite, TODAY, DEFAULT_RULES));
    const lunar: PlanningCustomer = {
      facts: {
        customerId: 'x', deliveryDates: NONE, vehicles: NONE, visits: [{ id: 'v', vehicleId: null, date: '2026-11-01', amountFen: 0, mileageKm: null }], surveys: NONE, complaints: NONE,
        memberSince: null, currentTier: 'gold', tierSince: null, referralsSucceeded: 7, referralsSucceededOn: '2026-03-01',
      },
      storeId: 's', advisorId: null, doNotContact: true, birthday: { calendar: 'lunar', year: null, month: 8, day: 30, leap: true }, weddingDate: '2000-02-29',
      vehicles: NONE, children: [{ id: 'k', name: '"小明"\\', birthday: null }], laterFactOn: '2027-01-01', activity: { spendFen: 0, visits: 0 },
    };
    for (const c of [...read.values(), lunar]) expect(decodeFacts(c.facts.customerId, encodeFacts(c), noIntern)).toEqual(factsOnly(c));
  });

  // What the readers give on a later day, for every customer whose facts read today say they are still true then.
  it.each([
    ['the default rules', DEFAULT_RULES],
    ['a short year and a long grace', windows(60, 200, 3, 10)],
    ['a survey window past the year', windows(0, 365, 30, 400)],
  ])('stay what the tables say until their last day, with %s', (_, rules) => {
    const read = runToEnd(loadPlanningInputs(opened.sqlite, TODAY, rules));
    const kept = new Map([...read].map(([id, c]) => [id, { text: encodeFacts(c), until: c.factsUntil! }]));
    let checked = 0;
    const lasting: number[] = [];
    for (const { until } of kept.values()) lasting.push(Math.min(70, Math.round((Date.parse(until) - Date.parse(TODAY)) / 86_400_000)));
    for (let k = 1; k <= 70; k++) {
      const day = addDays(TODAY, k);
      const now = runToEnd(loadPlanningInputs(opened.sqlite, day, rules));
      for (const [id, { text, until }] of kept) {
        if (until < day) continue;
        expect({ id, day, facts: decodeFacts(id, text, noIntern) }).toEqual({ id, day, facts: factsOnly(now.get(id)!) });
        checked++;
      }
    }
    // Some facts last a day, most last weeks: the check above covers both.
    expect(lasting.filter((d) => d === 0).length).toBeGreaterThan(0);
    expect(lasting.filter((d) => d >= 20).length).toBeGreaterThan(kept.size / 3);
    expect(checked).toBeGreaterThan(kept.size * 10);
  });

  it('are kept by a run, read back while valid, and dropped by any write the planner reads (a visit) or its tasks (a task done)', () => {
    const sqlite = opened.sqlite;
    const ctx = { today: TODAY, rules: DEFAULT_RULES, now: `${TODAY}T08:00:00.000Z` };
    runPlanner(sqlite, ctx);
    const row = (id: string) => sqlite.prepare('SELECT facts IS NOT NULL AS facts, facts_key, tasks_digest IS NOT NULL AS digest FROM planner_wake WHERE customer_id = ?').get(id);
    const ids = sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
    expect(sqlite.prepare('SELECT count(*) FROM planner_wake WHERE facts IS NOT NULL AND tasks_digest IS NOT NULL').pluck().get()).toBeGreaterThan(ids.length * 0.95);

    // Read back: the same plans as reading the tables.
    const day = addDays(TODAY, 3);
    const kept = loadPlanningInputsKept(sqlite, day, DEFAULT_RULES);
    const live = runToEnd(loadPlanningInputs(sqlite, day, DEFAULT_RULES));
    expect([...kept.keys()].sort()).toEqual([...live.keys()].sort());
    expect([...kept.values()].filter((c) => c.factsUntil === undefined).length).toBeGreaterThan(ids.length * 0.7);
    for (const [id, c] of kept) expect(factsOnly(c)).toEqual(factsOnly(live.get(id)!));
    // A whole-store run's list: every customer once, those read from the tables spread among the kept ones (interleave).
    const listed = readRangeFacts(sqlite, day, DEFAULT_RULES, undefined).customers.map((c) => ('kept' in c ? c.customerId : c.facts.customerId));
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...live.keys()].sort());

    const [a, b] = [ids[3]!, ids[4]!];
    expect(row(a)).toEqual({ facts: 1, facts_key: factsKey(DEFAULT_RULES), digest: 1 });
    sqlite.prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) SELECT 'new-visit', store_id, id, ?, 'maintenance', 100, 'x', 'x' FROM customers WHERE id = ?`).run(TODAY, a);
    expect(row(a)).toEqual({ facts: 0, facts_key: null, digest: 0 });
    sqlite.prepare(`INSERT INTO tasks (id, store_id, customer_id, rule, occurrence, kind, due_date, reason, created_at, updated_at) SELECT 'own-task', store_id, id, 'manual', 'x', 'call', ?, 'x', 'x', 'x' FROM customers WHERE id = ?`).run(TODAY, b);
    expect(row(b)).toEqual({ facts: 1, facts_key: factsKey(DEFAULT_RULES), digest: 0 });
    // Planned again: kept again (facts read in a run that changes the customer's tier are not kept: the next run keeps them).
    const tierBefore = sqlite.prepare('SELECT tier FROM customers WHERE id = ?').pluck();
    const before = tierBefore.get(a);
    runPlanner(sqlite, { ...ctx, customerIds: [a, b] });
    if (tierBefore.get(a) !== before) {
      expect(row(a)).toMatchObject({ facts: 0 });
      runPlanner(sqlite, { ...ctx, customerIds: [a] });
    }
    expect([row(a), row(b)]).toEqual([{ facts: 1, facts_key: factsKey(DEFAULT_RULES), digest: 1 }, { facts: 1, facts_key: factsKey(DEFAULT_RULES), digest: 1 }]);
    // The delivery date first recorded, changed alone (migration 0023's trigger), drops them too.
    const car = sqlite.prepare('SELECT customer_id FROM vehicles WHERE deleted_at IS NULL AND customer_id = (SELECT customer_id FROM planner_wake WHERE facts IS NOT NULL LIMIT 1 OFFSET 9)').pluck().get() as string;
    expect(row(car)).toMatchObject({ facts: 1 });
    sqlite.prepare("UPDATE vehicles SET first_delivery_date = '2020-01-01' WHERE customer_id = ?").run(car);
    expect(row(car)).toMatchObject({ facts: 0 });
    // Other rules: nothing kept is valid, so every customer is read from the tables.
    const other = loadPlanningInputsKept(sqlite, day, windows(10, 365, 7, 30));
    expect([...other.values()].every((c) => c.factsUntil !== undefined)).toBe(true);
  });
});

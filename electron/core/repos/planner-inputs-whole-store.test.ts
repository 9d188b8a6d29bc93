import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { planCustomer } from '../planner/desired';
import { nextPlanningDay } from '../planner/wake';
import { tempDbFile } from '../testing/fixture';
import { NONE, runToEnd, type PlanningCustomer } from './planner-inputs-types';
import { readWholeStore } from './planner-inputs-whole-store';
import { loadPlanningInputs } from './planner-inputs';
import { loadPlannerInputs } from './planner-inputs-complete';
import { PACKED_VEHICLES, VEHICLE_COLUMNS } from './planner-inputs-window';

/** What the planner makes of each customer's facts: its rows and its wake day. */
function plans(inputs: Map<string, PlanningCustomer>, today: string) {
  const ctx = { today, rules: DEFAULT_RULES };
  return [...inputs.values()].map((c) => {
    const plan = planCustomer(c, ctx);
    return { id: c.facts.customerId, tasks: plan.tasks, cards: plan.cards, tier: plan.tier, wake: nextPlanningDay(c, ctx, plan, []), activity: c.activity };
  });
}

describe('whole-store reader: earlier visits summed by SQLite', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 120, seed: 5, today: '2026-11-20' });
    // Deleted visits and customers, and free visits, which the summing leaves out or counts apart.
    const at = '2026-11-01T00:00:00.000Z';
    opened.sqlite.exec(`
      UPDATE visits SET deleted_at = '${at}' WHERE id IN (SELECT id FROM visits ORDER BY id LIMIT 40 OFFSET 100);
      UPDATE visits SET amount_fen = 0 WHERE id IN (SELECT id FROM visits ORDER BY id LIMIT 80 OFFSET 300);
      UPDATE customers SET deleted_at = '${at}' WHERE id IN (SELECT id FROM customers ORDER BY id LIMIT 3 OFFSET 10);
    `);
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it.each(['2026-11-20', '2027-02-10'])('on %s plans what reading every visit of the window plans, in slices of any size', (today) => {
    const rows = runToEnd(readWholeStore(opened.sqlite, today, DEFAULT_RULES, { sumEarlier: false }));
    expect(rows.size).toBeGreaterThan(100);
    const expected = plans(rows, today);
    for (const customersPerSlice of [1, 7, 10_000]) {
      const summed = runToEnd(readWholeStore(opened.sqlite, today, DEFAULT_RULES, { customersPerSlice }));
      expect([...summed.keys()]).toEqual([...rows.keys()]);
      expect(plans(summed, today)).toEqual(expected);
    }
  });

  it('leaves the shared empty list empty (it is not frozen: planner-inputs-types.ts NONE)', () => {
    const rows = runToEnd(readWholeStore(opened.sqlite, '2026-11-20', DEFAULT_RULES, { customersPerSlice: 7 }));
    plans(rows, '2026-11-20');
    const sharing = [...rows.values()].filter((c) => c.children === NONE || c.facts.surveys === NONE || c.vehicles === NONE);
    expect(sharing.length).toBeGreaterThan(0);
    expect(NONE).toHaveLength(0);
  });
});

describe('whole-store reader: vehicles packed into the customer rows', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 80, seed: 11, today: '2026-11-20' });
    const at = '2026-11-01T00:00:00.000Z';
    // A deleted vehicle, and a second vehicle whose id sorts before the first one's (rowid order is kept, not id order).
    opened.sqlite.exec(`
      UPDATE vehicles SET deleted_at = '${at}' WHERE id IN (SELECT id FROM vehicles ORDER BY id LIMIT 5 OFFSET 20);
      INSERT INTO vehicles (id, store_id, customer_id, plate, vin, brand, model, delivery_date, created_at, updated_at)
        SELECT '00000000-0000-7000-8000-000000000001', store_id, id, '沪A00001', 'VINPACKED00000001', 'Brand', 'Model', '2025-03-04', '${at}', '${at}'
        FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1;
      -- Delivery dates HQ corrected (the first recorded kept), and one corrected back (the same date twice reads as not corrected).
      UPDATE vehicles SET first_delivery_date = delivery_date, delivery_date = date(delivery_date, '+2 days') WHERE id IN (SELECT id FROM vehicles ORDER BY id LIMIT 6 OFFSET 40);
      UPDATE vehicles SET first_delivery_date = delivery_date WHERE id IN (SELECT id FROM vehicles ORDER BY id LIMIT 1 OFFSET 50);
    `);
    // A car sold on: its earlier owner's visit the day after its delivery is not the new owner's first service.
    const car = opened.sqlite
      .prepare(`SELECT v.id, v.customer_id, v.delivery_date FROM vehicles v WHERE v.deleted_at IS NULL AND NOT EXISTS
        (SELECT 1 FROM visits x WHERE x.vehicle_id = v.id AND x.visit_date <= date(v.delivery_date, '+1 day')) ORDER BY v.id LIMIT 1`)
      .get() as { id: string; customer_id: string; delivery_date: string };
    opened.sqlite
      .prepare(`INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at)
        SELECT 'sold-on', store_id, id, ?, date(?, '+1 day'), 'maintenance', 1000, '${at}', '${at}' FROM customers WHERE id <> ? AND deleted_at IS NULL ORDER BY id LIMIT 1`)
      .run(car.id, car.delivery_date, car.customer_id);
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('reads exactly the vehicles, in the order, that scanning the vehicles apart reads', () => {
    const packed = runToEnd(readWholeStore(opened.sqlite, '2026-11-20', DEFAULT_RULES));
    // Without the vehicles' customer index (as during a bulk load) they are scanned apart.
    opened.sqlite.exec('BEGIN; DROP INDEX vehicles_customer');
    let apart: Map<string, PlanningCustomer>;
    try {
      apart = runToEnd(readWholeStore(opened.sqlite, '2026-11-20', DEFAULT_RULES));
    } finally {
      opened.sqlite.exec('ROLLBACK');
    }
    const vehicles = (m: Map<string, PlanningCustomer>) => [...m.values()].map((c) => ({ id: c.facts.customerId, vehicles: c.vehicles, deliveries: c.facts.deliveryDates }));
    expect(vehicles(packed)).toEqual(vehicles(apart));
    expect(vehicles(packed).filter((c) => c.vehicles.length > 1).length).toBeGreaterThan(5);
    const first = vehicles(packed).find((c) => c.vehicles.some((v) => v.id === '00000000-0000-7000-8000-000000000001'))!;
    expect(first.vehicles.at(-1)!.id).toBe('00000000-0000-7000-8000-000000000001');
    expect(plans(packed, '2026-11-20')).toEqual(plans(apart, '2026-11-20'));
  });

  it("gives each vehicle its first visit after its delivery, as all the visits say, seeking it among the owner's visits by date", () => {
    const cars = (m: Map<string, PlanningCustomer>) => [...m.values()].flatMap((c) => c.vehicles.map((v) => `${v.id} ${v.deliveryDate} ${v.firstDeliveryDate} ${v.firstVisitOn}`)).sort();
    const packed = runToEnd(readWholeStore(opened.sqlite, '2026-11-20', DEFAULT_RULES));
    const byId = runToEnd(loadPlanningInputs(opened.sqlite, '2026-11-20', DEFAULT_RULES, [...packed.keys()]));
    const complete = loadPlannerInputs(opened.sqlite);
    expect(cars(packed)).toEqual(cars(complete));
    expect(cars(byId)).toEqual(cars(complete));
    expect(cars(packed).filter((c) => !c.endsWith('null')).length).toBeGreaterThan(20);
    expect([...packed.values()].flatMap((c) => c.vehicles).filter((v) => v.firstDeliveryDate !== null)).toHaveLength(6);
    for (const c of packed.values()) expect(c.facts.vehicles).toBe(c.vehicles);
    for (const sql of [`SELECT ${PACKED_VEHICLES} FROM customers c`, `SELECT ${VEHICLE_COLUMNS} FROM vehicles v`]) {
      const plan = (opened.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail);
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH x USING INDEX visits_customer_date \(customer_id=\? AND visit_date>\?\)/));
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/calendar/dates';
import { DEFAULT_RULES, type RulesConfig } from '../../../shared/domain/rules/config';
import { computeMetrics } from '../../../shared/domain/rules/metrics';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { tempDbFile } from '../testing/fixture';
import { ensureMetricAggregates, warmMetricAggregates } from './metric-aggregates';
import { loadMetricCustomers } from './metric-inputs';
import { storeMetrics } from './store-metrics';
import { beginBootstrap, finishBootstrap } from './bulk-load';
import { insertPulledRow, upsertRow } from './sync-apply';

/**
 * The maintained aggregates against a full recompute (computeMetrics over every row, the reference)
 * after random writes of every kind the metrics read, written the ways they arrive: plain SQL (a
 * person's write, the planner), sync apply (pulled rows, deletions as tombstones), a bulk initial sync.
 */

const TODAY = '2026-11-20';
const DAYS = [TODAY, '2026-10-31', '2026-06-30', '2025-12-31', addDays(TODAY, 200)];

/** mulberry32: the same writes every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const opened: { o: OpenedDatabase; cleanup(): void }[] = [];
afterEach(() => {
  for (const x of opened.splice(0)) {
    x.o.sqlite.close();
    x.cleanup();
  }
});
function demo(seed: number, customers = 200): OpenedDatabase {
  const tmp = tempDbFile();
  const o = openDatabase(tmp.file);
  if (customers > 0) generateDemoStore(o, { customers, seed, today: TODAY });
  opened.push({ o, cleanup: tmp.cleanup });
  return o;
}

function expectEqualsReference(o: OpenedDatabase, rules: RulesConfig = DEFAULT_RULES, label = ''): void {
  const customers = loadMetricCustomers(o.sqlite);
  for (const day of DAYS) expect([label, day, storeMetrics(o.sqlite, day, rules)]).toEqual([label, day, computeMetrics(customers, day, rules)]);
  expect(o.sqlite.prepare('SELECT count(*) FROM metric_agg_dirty').pluck().get()).toBe(0);
}

/** One random write of a kind the metrics read. */
function randomWrite(o: OpenedDatabase, next: () => number, n: number): string {
  const sql = o.sqlite;
  const pick = <T>(rows: T[]): T | undefined => rows[Math.floor(next() * rows.length)];
  const customer = () => pick(sql.prepare('SELECT id FROM customers').pluck().all() as string[])!;
  const store = sql.prepare('SELECT id FROM stores LIMIT 1').pluck().get() as string;
  const day = () => addDays(TODAY, -Math.floor(next() * 1100) + 30);
  const at = '2026-11-20T08:00:00.000Z';
  const kind = Math.floor(next() * 12);
  switch (kind) {
    case 0: // a visit (paid or free), some on the same day as another
      sql.prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES (?, ?, ?, ?, 'maintenance', ?, ?, ?)`)
        .run(`rv-${n}`, store, customer(), day(), next() < 0.3 ? 0 : Math.floor(next() * 200_000), at, at);
      return 'visit added';
    case 1: { // a visit changes day, amount or customer
      const v = pick(sql.prepare('SELECT id FROM visits WHERE deleted_at IS NULL').pluck().all() as string[]);
      if (!v) return 'none';
      const column = pick(['visit_date', 'amount_fen', 'customer_id'])!;
      const value = column === 'visit_date' ? day() : column === 'amount_fen' ? Math.floor(next() * 3) * 40_000 : customer();
      sql.prepare(`UPDATE visits SET ${column} = ? WHERE id = ?`).run(value, v);
      return `visit ${column} changed`;
    }
    case 2: { // a visit tombstoned by a pull (sync apply), or brought back
      const v = pick(sql.prepare('SELECT id, deleted_at FROM visits').all() as { id: string; deleted_at: string | null }[]);
      if (!v) return 'none';
      upsertRow(sql, 'visits', { id: v.id, deleted_at: v.deleted_at === null ? at : null, updated_at: at });
      return 'visit tombstoned or restored by sync';
    }
    case 3: { // a visit this test added is deleted outright
      const v = pick(sql.prepare("SELECT id FROM visits WHERE id LIKE 'rv-%'").pluck().all() as string[]);
      if (!v) return 'none';
      sql.prepare('DELETE FROM visits WHERE id = ?').run(v);
      return 'visit deleted';
    }
    case 4:
      sql.prepare('INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(`rs-${n}`, store, customer(), day(), Math.floor(next() * 11), at, at);
      return 'survey added';
    case 5: { // a survey's score or day changes, or it is tombstoned
      const s = pick(sql.prepare('SELECT id FROM surveys WHERE deleted_at IS NULL').pluck().all() as string[]);
      if (!s) return 'none';
      const change = Math.floor(next() * 3);
      if (change === 0) sql.prepare('UPDATE surveys SET score = ? WHERE id = ?').run(Math.floor(next() * 11), s);
      else if (change === 1) sql.prepare('UPDATE surveys SET surveyed_on = ? WHERE id = ?').run(day(), s);
      else upsertRow(sql, 'surveys', { id: s, deleted_at: at, updated_at: at });
      return 'survey changed';
    }
    case 6:
      sql.prepare(`INSERT INTO vehicles (id, store_id, customer_id, plate, vin, brand, model, delivery_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '测试', 'X', ?, ?, ?)`)
        .run(`rh-${n}`, store, customer(), `粤Z${n}`, `VIN-RANDOM-${n}`, day(), at, at);
      return 'vehicle added';
    case 7: { // a delivery date moves, or a vehicle is tombstoned
      const h = pick(sql.prepare('SELECT id FROM vehicles WHERE deleted_at IS NULL').pluck().all() as string[]);
      if (!h) return 'none';
      if (next() < 0.5) sql.prepare('UPDATE vehicles SET delivery_date = ? WHERE id = ?').run(day(), h);
      else upsertRow(sql, 'vehicles', { id: h, deleted_at: at, updated_at: at });
      return 'vehicle changed';
    }
    case 8: { // a new customer, with a visit
      const id = `rc-${n}`;
      sql.prepare(`INSERT INTO customers (id, store_id, name, phone, created_at, updated_at) VALUES (?, ?, '新客户', '13800000000', ?, ?)`).run(id, store, at, at);
      sql.prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES (?, ?, ?, ?, 'repair', 30000, ?, ?)`).run(`rcv-${n}`, store, id, day(), at, at);
      return 'customer added';
    }
    case 9: { // a customer tombstoned by a pull, or brought back
      const c = pick(sql.prepare('SELECT id, deleted_at FROM customers').all() as { id: string; deleted_at: string | null }[])!;
      upsertRow(sql, 'customers', { id: c.id, deleted_at: c.deleted_at === null ? at : null, updated_at: at });
      return 'customer tombstoned or restored';
    }
    case 10: // a referral
      sql.prepare('UPDATE customers SET referred_by_id = ? WHERE id = ?').run(next() < 0.2 ? null : customer(), customer());
      return 'referrer changed';
    default: { // several writes in one transaction, as a sync page applies them
      sql.transaction(() => {
        for (let i = 0; i < 5; i++) randomWrite(o, next, n * 10 + i + 100_000);
      })();
      return 'a page of writes';
    }
  }
}

describe('metric aggregates', () => {
  it.each([1, 2, 3])('after random writes (seed %i), the incremental totals equal a full recompute', (seed) => {
    const o = demo(seed);
    const next = random(seed);
    ensureMetricAggregates(o.sqlite, DEFAULT_RULES);
    expectEqualsReference(o, DEFAULT_RULES, 'built');
    for (let round = 0; round < 25; round++) {
      const writes = 1 + Math.floor(next() * 4);
      const done: string[] = [];
      for (let i = 0; i < writes; i++) done.push(randomWrite(o, next, round * 10 + i));
      expectEqualsReference(o, DEFAULT_RULES, `round ${round}: ${done.join(', ')}`);
    }
  });

  it('a build in slices with writes between the slices ends equal to a full recompute', async () => {
    const o = demo(4);
    const next = random(4);
    let n = 0;
    const steps = await warmMetricAggregates(o.sqlite, DEFAULT_RULES, {
      slice: 30,
      pause: async () => {
        for (let i = 0; i < 3; i++) randomWrite(o, next, 1000 + n++);
      },
    });
    expect(steps).toBeGreaterThan(200 / 30);
    expect(o.sqlite.prepare('SELECT cursor FROM metric_agg_state').pluck().get()).toBeNull();
    expectEqualsReference(o);
  });

  it('a build stopped half-way resumes where it was (a restart), and other windows in the rules rebuild', async () => {
    const o = demo(5);
    const added = () => o.sqlite.prepare('SELECT count(*) FROM metric_agg_facts').pluck().get() as number;
    await warmMetricAggregates(o.sqlite, DEFAULT_RULES, { slice: 40, pause: () => Promise.resolve(), stopped: () => added() >= 80 });
    const cursor = o.sqlite.prepare('SELECT cursor FROM metric_agg_state').pluck().get() as string;
    expect(cursor > '').toBe(true);
    expect(added()).toBeLessThan(200);
    expectEqualsReference(o);
    const odd: RulesConfig = { ...DEFAULT_RULES, trailingDays: 200, radar: { ...DEFAULT_RULES.radar, yellowMinDays: 45, redAfterDays: 500 } };
    expectEqualsReference(o, odd, 'other windows');
    expect(JSON.parse(o.sqlite.prepare('SELECT rules FROM metric_agg_state').pluck().get() as string)).toMatchObject({ trailingDays: 200 });
  });

  it('after a bulk initial sync (indexes dropped, rows inserted as pulled), built before or not', () => {
    for (const builtBefore of [true, false]) {
      const source = demo(6);
      const desk = demo(0, 0);
      if (builtBefore) ensureMetricAggregates(desk.sqlite, DEFAULT_RULES); // an empty desk whose dashboard was opened
      beginBootstrap(desk.sqlite);
      desk.sqlite.transaction(() => {
        for (const table of ['stores', 'staff', 'customers', 'vehicles', 'visits', 'surveys']) {
          for (const row of source.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
            insertPulledRow(desk.sqlite, table, table === 'customers' ? { ...row, referred_by_id: null } : row);
          }
        }
        for (const row of source.sqlite.prepare('SELECT id, referred_by_id FROM customers WHERE referred_by_id IS NOT NULL').all() as Record<string, unknown>[]) {
          upsertRow(desk.sqlite, 'customers', row);
        }
      })();
      finishBootstrap(desk.sqlite);
      expect(desk.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThan(0);
      expectEqualsReference(desk, DEFAULT_RULES, builtBefore ? 'built before' : 'not built before');
    }
  });

  it('a desk that never built them lists no dirty customers (writes pay nothing)', () => {
    const o = demo(7);
    randomWrite(o, random(7), 1);
    expect(o.sqlite.prepare('SELECT count(*) FROM metric_agg_dirty').pluck().get()).toBe(0);
    expect(o.sqlite.prepare('SELECT count(*) FROM metric_agg_state').pluck().get()).toBe(0);
  });
});

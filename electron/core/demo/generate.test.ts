import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMobile } from '../../../shared/domain/phone';
import { isValidPlate } from '../../../shared/domain/plate';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { earnedTier } from '../../../shared/domain/rules/tier';
import { carMileagePoints, type CarVisitState } from '../../../shared/domain/rules/points';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { namePinyin, searchKeysFor } from '../search/keys';
import { generateDemoStore, type DemoSummary } from './generate';
import { vinCheckDigit } from './plates';

const TODAY = '2025-06-30';
const CUSTOMERS = 300;
let dir: string;
const opened: OpenedDatabase[] = [];

function fresh(name: string): OpenedDatabase {
  const db = openDatabase(join(dir, `${name}.db`));
  opened.push(db);
  return db;
}

type Row = Record<string, unknown>;
const all = (db: OpenedDatabase, sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as Row[];
const one = (db: OpenedDatabase, sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).get(...params) as Row;

function tables(db: OpenedDatabase): string[] {
  return all(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).map((r) => String(r.name));
}

/** Every table, every row, in a total order: equal dumps mean identical contents. */
function dump(db: OpenedDatabase): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of tables(db)) {
    const columns = all(db, `SELECT count(*) AS n FROM pragma_table_info(?)`, table)[0]!.n as number;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    const rows = db.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().all();
    out[table] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
  return out;
}

let db: OpenedDatabase;
let summary: DemoSummary;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-store-'));
  db = fresh('a');
  summary = generateDemoStore(db, { customers: CUSTOMERS, seed: 7, today: TODAY });
});

afterAll(async () => {
  for (const d of opened) await d.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('generateDemoStore: determinism', () => {
  it('writes identical tables for the same options, different ones for another seed', () => {
    const again = fresh('b');
    generateDemoStore(again, { customers: CUSTOMERS, seed: 7, today: TODAY });
    expect(dump(again)).toEqual(dump(db));
    const other = fresh('c');
    generateDemoStore(other, { customers: CUSTOMERS, seed: 8, today: TODAY });
    const [mine, theirs] = [dump(db), dump(other)];
    for (const table of ['customers', 'vehicles', 'visits', 'points_ledger', 'search_keys']) expect(theirs[table]).not.toBe(mine[table]);
  });

  it('reports what it wrote', () => {
    expect(summary.customers).toBe(CUSTOMERS);
    expect(summary.staff).toBe(9);
    expect(one(db, 'SELECT count(*) AS n FROM vehicles').n).toBe(summary.vehicles);
    expect(one(db, 'SELECT count(*) AS n FROM visits').n).toBe(summary.visits);
    expect(one(db, 'SELECT id FROM stores').id).toBe(summary.storeId);
  });
});

describe('generateDemoStore: refusal and atomicity', () => {
  it('refuses a database that already has a store and leaves it unchanged', () => {
    const before = dump(db);
    expect(() => generateDemoStore(db, { customers: 10, seed: 1, today: TODAY })).toThrow(/already has a store/);
    expect(dump(db)).toEqual(before);
  });

  it('writes nothing when it fails half-way, and restores the connection settings', () => {
    const target = fresh('fail');
    const schema = all(target, `SELECT type, name, sql FROM sqlite_master ORDER BY name`);
    target.sqlite.exec(`CREATE TEMP TRIGGER boom AFTER INSERT ON main.points_ledger
      WHEN (SELECT count(*) FROM main.points_ledger) > 500 BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expect(() => generateDemoStore(target, { customers: 100, seed: 3, today: TODAY })).toThrow(/boom/);
    for (const table of tables(target)) expect(one(target, `SELECT count(*) AS n FROM "${table}"`).n, table).toBe(0);
    expect(all(target, `SELECT type, name, sql FROM sqlite_master ORDER BY name`)).toEqual(schema);
    expect(target.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(target.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(target.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL, as opened
    target.sqlite.exec('DROP TRIGGER temp.boom');
    expect(generateDemoStore(target, { customers: 20, seed: 3, today: TODAY }).customers).toBe(20);
  });

  it('puts back every index and trigger it set aside for the load, and keeps the tier history the load triggers', () => {
    const schema = (d: OpenedDatabase) => all(d, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name`);
    expect(schema(db)).toEqual(schema(fresh('schema')));
    expect(schema(db).filter((o) => o.type === 'trigger').length).toBeGreaterThan(50);
    // The one insert trigger not switched off by an empty table stays through the load.
    expect(one(db, `SELECT count(*) AS n FROM tier_changes`).n).toBe(one(db, `SELECT count(*) AS n FROM customers WHERE tier <> 'normal' AND tier_since IS NOT NULL`).n);
  });

  it('writes nothing when the load switches on a trigger it set aside', () => {
    const target = fresh('woken');
    target.sqlite.exec(`CREATE TEMP TRIGGER wake_capture AFTER INSERT ON main.points_ledger
      WHEN (SELECT count(*) FROM main.points_ledger) = 300 BEGIN INSERT INTO sync_capture_switch (id) VALUES (1); END`);
    expect(() => generateDemoStore(target, { customers: 100, seed: 3, today: TODAY })).toThrow(/switched on triggers it had set aside \(.*sync_capture_points_ledger_insert/);
    for (const table of tables(target)) expect(one(target, `SELECT count(*) AS n FROM "${table}"`).n, table).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => generateDemoStore(fresh('bad'), { customers: 5, seed: 1, today: '2025-02-30' })).toThrow(/date/);
    expect(() => generateDemoStore(fresh('bad2'), { customers: -1, seed: 1, today: TODAY })).toThrow(/customers/);
  });
});

describe('generateDemoStore: data quality', () => {
  it('keeps referential integrity and a sound file', () => {
    expect(all(db, 'PRAGMA foreign_key_check')).toEqual([]);
    expect(one(db, 'PRAGMA integrity_check').integrity_check).toBe('ok');
  });

  it('makes valid, unique plates, VINs and phones', () => {
    const vehicles = all(db, 'SELECT plate, vin, is_new_energy FROM vehicles');
    for (const v of vehicles) {
      expect(isValidPlate(String(v.plate)), String(v.plate)).toBe(true);
      expect(v.is_new_energy).toBe(String(v.plate).length === 8 ? 1 : 0);
      expect(String(v.vin)).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      expect(String(v.vin)[8]).toBe(vinCheckDigit(String(v.vin)));
    }
    expect(new Set(vehicles.map((v) => v.plate)).size).toBe(vehicles.length);
    expect(new Set(vehicles.map((v) => v.vin)).size).toBe(vehicles.length);
    const phones = all(db, 'SELECT phone AS p FROM customers UNION ALL SELECT phone2 FROM customers WHERE phone2 IS NOT NULL');
    for (const p of phones) expect(isValidMobile(String(p.p)), String(p.p)).toBe(true);
    expect(new Set(phones.map((p) => p.p)).size).toBe(phones.length);
  });

  it('has sane counts and proportions', () => {
    const share = (where: string) => (one(db, `SELECT count(*) AS n FROM customers WHERE ${where}`).n as number) / CUSTOMERS;
    expect(summary.vehicles / CUSTOMERS).toBeGreaterThan(1.25);
    expect(summary.vehicles / CUSTOMERS).toBeLessThan(1.75);
    expect(summary.visits / CUSTOMERS).toBeGreaterThan(10);
    expect(summary.visits / CUSTOMERS).toBeLessThan(20);
    expect(share(`birthday_calendar = 'lunar'`)).toBeGreaterThan(0.1);
    expect(share(`birthday_calendar = 'lunar'`)).toBeLessThan(0.3);
    expect(share('do_not_contact = 1')).toBeLessThan(0.08);
    expect(share('marketing_consent = 1')).toBeGreaterThan(0.7);
    expect(share('wedding_date IS NOT NULL')).toBeGreaterThan(0.15);
    expect(share('referred_by_id IS NOT NULL')).toBeGreaterThan(0.03);
    expect(share('id IN (SELECT customer_id FROM preferences)')).toBeGreaterThan(0.45);
    expect(share('id IN (SELECT customer_id FROM preferences)')).toBeLessThan(0.75);
    expect(share('id IN (SELECT customer_id FROM complaints)')).toBeLessThan(0.1);
    const nev = one(db, 'SELECT avg(is_new_energy) AS r FROM vehicles').r as number;
    expect(nev).toBeGreaterThan(0.06);
    expect(nev).toBeLessThan(0.3);
    expect(one(db, `SELECT count(*) AS n FROM customers WHERE length(name) = 2`).n).toBeGreaterThan(30);
    // Rarer shapes the app must handle: Feb 29 and leap-month lunar birthdays, lunar dates without a solar one.
    expect(share(`birth_date LIKE '%-02-29'`)).toBeGreaterThan(0);
    expect(share('birthday_lunar_leap = 1')).toBeGreaterThan(0);
    expect(share(`birthday_calendar = 'lunar' AND birth_date IS NULL`)).toBeGreaterThan(0.03);
    expect(all(db, 'SELECT DISTINCT status FROM referrals ORDER BY 1').map((r) => r.status)).toEqual(expect.arrayContaining(['pending', 'success']));
    expect(one(db, 'SELECT count(*) AS n FROM complaints WHERE resolved_on IS NULL').n).toBeGreaterThan(0);
    expect(one(db, `SELECT count(*) AS n FROM family_members WHERE relation = 'child' AND birthday_calendar = 'lunar'`).n).toBeGreaterThan(0);
    expect(one(db, `SELECT count(*) AS n FROM staff WHERE role = 'advisor'`).n).toBe(8);
    const types = all(db, 'SELECT DISTINCT type FROM visits').map((r) => r.type);
    for (const type of ['maintenance', 'repair', 'warranty', 'free_check']) expect(types).toContain(type);
  });

  it('prices visits by type and keeps odometers rising', () => {
    const range = (type: string) => one(db, `SELECT min(amount_fen) AS lo, max(amount_fen) AS hi FROM visits WHERE type = ?`, type);
    expect(range('maintenance')).toMatchObject({ lo: expect.any(Number), hi: expect.any(Number) });
    expect(range('maintenance').lo as number).toBeGreaterThanOrEqual(50_000);
    expect(range('maintenance').hi as number).toBeLessThanOrEqual(250_000);
    for (const type of ['warranty', 'free_check']) expect(range(type).hi ?? 0).toBe(0);
    const backwards = one(db, `SELECT count(*) AS n FROM visits a JOIN visits b ON a.vehicle_id = b.vehicle_id
      AND a.visit_date < b.visit_date AND a.mileage_km >= b.mileage_km`).n;
    expect(backwards).toBe(0);
  });

  it('derives pinyin, member_since and search keys from the data', () => {
    for (const c of all(db, 'SELECT id, name, name_pinyin, name_initials, phone, phone2, member_since FROM customers LIMIT 50')) {
      const py = namePinyin(String(c.name));
      expect([c.name_pinyin, c.name_initials]).toEqual([py.full, py.initials]);
      expect(c.member_since).toBe(one(db, 'SELECT min(delivery_date) AS d FROM vehicles WHERE customer_id = ?', c.id).d);
      const plates = all(db, 'SELECT plate FROM vehicles WHERE customer_id = ?', c.id).map((r) => String(r.plate));
      const phones = [String(c.phone), ...(c.phone2 ? [String(c.phone2)] : [])];
      const expected = searchKeysFor({ name: String(c.name), phones, plates }).map((k) => `${k.kind}:${k.key}`);
      const stored = all(db, 'SELECT kind, key FROM search_keys WHERE customer_id = ?', c.id).map((k) => `${k.kind}:${k.key}`);
      expect(stored.sort()).toEqual(expected.sort());
    }
  });

  it('dates nothing after today', () => {
    const endOfToday = '2025-06-30T16:00:00.000Z'; // midnight in Asia/Shanghai
    for (const table of tables(db)) {
      for (const col of all(db, 'SELECT name FROM pragma_table_info(?)', table).map((r) => String(r.name))) {
        if (!/(_date|_on|_at|_since)$/.test(col)) continue;
        const max = one(db, `SELECT max("${col}") AS m FROM "${table}"`).m as string | null;
        if (max === null) continue;
        expect(max <= (max.length > 10 ? endOfToday : TODAY), `${table}.${col} = ${max}`).toBe(true);
      }
    }
  });

  it('uses UUIDv7 ids whose time is the row creation time', () => {
    for (const v of all(db, 'SELECT id, created_at FROM visits ORDER BY id LIMIT 200')) {
      const id = String(v.id);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse(String(v.created_at)));
    }
  });

  it('sets tiers from the trailing 12 months with earnedTier', () => {
    const rows = all(db, `SELECT c.id, c.tier, c.tier_since, count(v.id) AS visits, coalesce(sum(v.amount_fen), 0) AS spend
      FROM customers c LEFT JOIN visits v ON v.customer_id = c.id AND v.visit_date > date(?, '-365 days') AND v.visit_date <= ?
      GROUP BY c.id`, TODAY, TODAY);
    for (const r of rows) {
      expect(r.tier).toBe(earnedTier({ spendFen: r.spend as number, visits: r.visits as number }, DEFAULT_RULES));
      expect(String(r.tier_since) <= TODAY).toBe(true);
    }
    expect(new Set(rows.map((r) => r.tier)).size).toBeGreaterThanOrEqual(3);
  });

  it('never lets a points balance go negative', () => {
    const entries = all(db, 'SELECT customer_id, points, kind FROM points_ledger ORDER BY customer_id, entry_date, created_at');
    const balance = new Map<unknown, number>();
    for (const e of entries) {
      balance.set(e.customer_id, (balance.get(e.customer_id) ?? 0) + (e.points as number));
      expect(balance.get(e.customer_id)!).toBeGreaterThanOrEqual(0);
    }
    expect(entries.some((e) => e.kind === 'redeem')).toBe(true);
    const paid = one(db, 'SELECT count(*) AS n FROM visits WHERE amount_fen > 0').n;
    expect(one(db, `SELECT count(*) AS n FROM points_ledger WHERE kind = 'earn_visit'`).n).toBe(paid);
  });

  it("pays each car's kilometres as the desks count them: nothing for HQ to adjust, nothing offered again", () => {
    const visits = all(db, `SELECT v.id, v.customer_id, v.vehicle_id, v.visit_date, v.mileage_km,
        EXISTS (SELECT 1 FROM points_ledger l WHERE l.visit_id = v.id AND l.kind IN ('earn_visit', 'mileage')) AS earned FROM visits v`);
    const held = new Map(all(db, `SELECT v.customer_id || '/' || v.vehicle_id AS car, sum(l.points) AS points FROM points_ledger l JOIN visits v ON v.id = l.visit_id
        WHERE l.kind = 'mileage' GROUP BY 1`).map((r) => [r.car, r.points as number]));
    const cars = new Map<string, CarVisitState[]>();
    for (const v of visits) {
      const car = `${String(v.customer_id)}/${String(v.vehicle_id)}`;
      cars.set(car, [...(cars.get(car) ?? []), { id: String(v.id), date: String(v.visit_date), km: v.mileage_km as number | null, deleted: false, earned: v.earned === 1 }]);
    }
    let paidCars = 0;
    for (const [car, states] of cars) {
      expect(held.get(car) ?? 0).toBe(carMileagePoints(states, DEFAULT_RULES, null));
      if ((held.get(car) ?? 0) > 0) paidCars++;
    }
    expect(paidCars).toBeGreaterThan(cars.size / 2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterView } from '../../../shared/domain/roster';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { riskFlag } from '../../../shared/domain/rules/radar';
import { statusRisk } from '../../../shared/domain/status';
import type { Clock } from '../clock';
import { createCore, type Core } from '../core';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { allStatusFacts, ensureStatus, refreshAllStatus, refreshAllStatusInSlices, storedRisk } from '../repos/customer-status';
import { deskClient } from '../testing/client';
import { freshStatus } from './refresh';
import { addCustomer, addVisit, createTestStore, tempDbFile } from '../testing/fixture';
import type BetterSqlite3 from 'better-sqlite3';
import { nextTurn } from '../next-turn';

/** The radar from every raw row of one customer, as the pure rules define it. */
function rawRisk(sqlite: BetterSqlite3.Database, customerId: string, today: string) {
  const visits = (sqlite.prepare('SELECT id, vehicle_id, visit_date, amount_fen, mileage_km FROM visits WHERE customer_id = ? AND deleted_at IS NULL').all(customerId) as {
    id: string; vehicle_id: string | null; visit_date: string; amount_fen: number; mileage_km: number | null;
  }[]).map((v) => ({ id: v.id, vehicleId: v.vehicle_id, date: v.visit_date, amountFen: v.amount_fen, mileageKm: v.mileage_km }));
  const deliveryDates = sqlite.prepare('SELECT delivery_date FROM vehicles WHERE customer_id = ? AND deleted_at IS NULL').pluck().all(customerId) as string[];
  const surveys = (sqlite.prepare('SELECT surveyed_on, score FROM surveys WHERE customer_id = ? AND deleted_at IS NULL').all(customerId) as { surveyed_on: string; score: number }[]).map((s) => ({
    date: s.surveyed_on, score0to10: s.score,
  }));
  const complaints = (sqlite.prepare('SELECT opened_on, resolved_on FROM complaints WHERE customer_id = ? AND deleted_at IS NULL').all(customerId) as { opened_on: string; resolved_on: string | null }[]).map(
    (c) => ({ openedOn: c.opened_on, resolvedOn: c.resolved_on }),
  );
  return riskFlag({ visits, deliveryDates, surveys, complaints }, today, DEFAULT_RULES);
}

/** A demo store of `customers` generated for 2026-11-24 in a real SQLite file, given to `use`, closed and removed after. */
async function withGeneratedStore(customers: number, seed: number, use: (sqlite: BetterSqlite3.Database, today: string) => unknown): Promise<void> {
  const tmp = tempDbFile();
  const opened = openDatabase(tmp.file);
  try {
    const today = '2026-11-24';
    generateDemoStore(opened, { customers, seed, today });
    await use(opened.sqlite, today);
  } finally {
    await opened.close();
    tmp.cleanup();
  }
}

describe('customer status: stored facts give the radar the pure rules give from raw data', () => {
  for (const seed of [1, 5, 11]) {
    it(`agrees customer by customer on a generated store (seed ${seed}), today and on later days`, async () => {
      await withGeneratedStore(400, seed, async (sqlite, today) => {
        // Complaints make the complaint reasons count too (the generator may write few).
        const ids = sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
        const at = '2026-01-01T00:00:00.000Z';
        const addComplaint = sqlite.prepare(`INSERT INTO complaints (id, store_id, customer_id, opened_on, resolved_on, summary, created_at, updated_at) VALUES (?, (SELECT store_id FROM customers WHERE id = ?), ?, ?, ?, '等待时间过长', ?, ?)`);
        ids.forEach((id, i) => {
          if (i % 9 === 0) addComplaint.run(`k-${i}`, id, id, addDays(today, -((i * 37) % 400)), i % 2 === 0 ? null : addDays(today, -((i * 37) % 400) + 3), at, at);
        });
        // In slices (as after the daily plan) and in one go, the stored rows are the same.
        expect(await refreshAllStatusInSlices(sqlite, today, DEFAULT_RULES, { sliceSize: 97, pause: async () => {} })).toBe(ids.length);
        const sliced = sqlite.prepare('SELECT * FROM customer_status ORDER BY customer_id').all();
        expect(refreshAllStatus(sqlite, today, DEFAULT_RULES)).toBe(ids.length);
        expect(sqlite.prepare('SELECT * FROM customer_status ORDER BY customer_id').all()).toEqual(sliced);
        const stored = allStatusFacts(sqlite);
        expect(stored).toHaveLength(ids.length);
        // The flag stored for the day is the pure radar's answer from the raw rows.
        const flagged = storedRisk(sqlite, ids);
        for (const id of ids) expect(flagged.get(id), id).toEqual(rawRisk(sqlite, id, today));
        const flags = { red: 0, yellow: 0, green: 0 };
        for (const later of [0, 1, 45, 200]) {
          const day = addDays(today, later);
          for (const s of stored) {
            const expected = rawRisk(sqlite, s.customerId, day);
            expect(statusRisk(s, day, DEFAULT_RULES), `${s.customerId} on ${day}`).toEqual(expected);
            if (later === 0) flags[expected.flag] += 1;
          }
        }
        // The sample covers every flag, so the comparison means something.
        expect(flags.red).toBeGreaterThan(0);
        expect(flags.yellow).toBeGreaterThan(0);
        expect(flags.green).toBeGreaterThan(0);
      });
    });
  }
});

describe('customer status follows every write', () => {
  let core: Core;
  let day = '2026-11-24';
  const clock: Clock = { now: () => new Date(), today: () => day };

  beforeAll(async () => {
    const f = await createTestStore();
    await addCustomer(f.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], deliveryDate: '2024-01-10' });
    await addCustomer(f.opened, { id: 'c-2', name: '李娜', phone: '13900001111', plates: ['粤B22222'], deliveryDate: '2024-01-10' });
    await addVisit(f.opened, { id: 'v-1', customerId: 'c-1', date: '2026-04-01', amountFen: 80_000 });
    await addVisit(f.opened, { id: 'v-2', customerId: 'c-2', date: '2026-11-01', amountFen: 50_000 });
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock, autoPlan: false });
  });
  afterAll(async () => {
    await core.close();
  });

  async function flagOf(id: string) {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const r = await c.call('roster', 'list', {});
    expect(r.ok).toBe(true);
    return (r.value as RosterView).rows.find((x) => x.id === id)!;
  }

  it('a new visit turns a red customer green', async () => {
    expect(await flagOf('c-1')).toMatchObject({ flag: 'red', lastVisitOn: '2026-04-01' });
    const sqlite = core.context.database.sqlite;
    const at = '2026-11-24T02:00:00.000Z';
    sqlite.prepare(`INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('v-3', 'store-1', 'c-1', 'c-1-v0', '2026-11-24', 'maintenance', 60000, ?, ?)`).run(at, at);
    expect(await flagOf('c-1')).toMatchObject({ flag: 'green', lastVisitOn: '2026-11-24' });
  });

  it('a poor survey turns a green customer red, and a complaint does too until it is old', async () => {
    const sqlite = core.context.database.sqlite;
    expect((await flagOf('c-2')).flag).toBe('green');
    sqlite.prepare(`INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at) VALUES ('s-1', 'store-1', 'c-2', '2026-11-20', 4, 'x', 'x')`).run();
    expect(await flagOf('c-2')).toMatchObject({ flag: 'red', reasons: [{ code: 'satisfaction', score: 40, surveyedOn: '2026-11-20' }] });
    sqlite.prepare(`INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at) VALUES ('s-2', 'store-1', 'c-2', '2026-11-22', 9, 'x', 'x')`).run();
    expect((await flagOf('c-2')).flag).toBe('green');
    sqlite.prepare(`INSERT INTO complaints (id, store_id, customer_id, opened_on, resolved_on, summary, created_at, updated_at) VALUES ('k-1', 'store-1', 'c-2', '2026-11-23', NULL, '洗车不干净', 'x', 'x')`).run();
    expect(await flagOf('c-2')).toMatchObject({ flag: 'red', reasons: [{ code: 'complaint_open', openedOn: '2026-11-23' }] });
    sqlite.prepare(`UPDATE complaints SET resolved_on = '2026-11-24' WHERE id = 'k-1'`).run();
    expect(await flagOf('c-2')).toMatchObject({ flag: 'red', reasons: [{ code: 'complaint_recent', openedOn: '2026-11-23', resolvedOn: '2026-11-24' }] });
    // 181 days later the resolved complaint no longer counts; by then the last purchase is old too.
    day = addDays('2026-11-23', 181);
    try {
      const later = await flagOf('c-2');
      expect(later.reasons.map((r) => r.code)).not.toContain('complaint_recent');
    } finally {
      day = '2026-11-24';
    }
  });

  it('refreshes only the customers marked dirty on an ordinary read', async () => {
    const sqlite = core.context.database.sqlite;
    ensureStatus(sqlite, day, DEFAULT_RULES);
    expect(sqlite.prepare('SELECT count(*) FROM customer_status_dirty').pluck().get()).toBe(0);
    sqlite.prepare(`INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at) VALUES ('s-9', 'store-1', 'c-1', '2026-11-24', 10, 'x', 'x')`).run();
    expect(sqlite.prepare('SELECT customer_id FROM customer_status_dirty').pluck().all()).toEqual(['c-1']);
    expect(ensureStatus(sqlite, day, DEFAULT_RULES)).toBe(1);
    expect(sqlite.prepare('SELECT count(*) FROM customer_status_dirty').pluck().get()).toBe(0);
  });
});


describe('a new day', () => {
  it("refreshes the advisor being read when the daily whole-store refresh has not run yet, and everyone after the daily plan", async () => {
    const f = await createTestStore();
    const at = '2026-01-01T00:00:00.000Z';
    await f.opened.db.insertInto('staff').values({ id: 'adv-3', store_id: 'store-1', name: '张顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null }).execute();
    await addCustomer(f.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], deliveryDate: '2024-01-10' });
    await addCustomer(f.opened, { id: 'c-4', name: '孙丽', phone: '13600003333', plates: ['粤D44444'], deliveryDate: '2024-01-10', advisorId: 'adv-3' });
    await addVisit(f.opened, { id: 'v-1', customerId: 'c-1', date: '2026-08-27', amountFen: 80_000 }); // 89 days before 11-24: green, yellow from 11-25
    await addVisit(f.opened, { id: 'v-4', customerId: 'c-4', date: '2026-08-27', amountFen: 80_000 });
    await f.opened.close();
    let day = '2026-11-24';
    const core = createCore({ dbFile: f.file, clock: { now: () => new Date(), today: () => day }, autoPlan: false });
    const sqlite = core.context.database.sqlite;
    const refreshedOn = (id: string) => sqlite.prepare('SELECT refreshed_on FROM customer_status WHERE customer_id = ?').pluck().get(id);
    try {
      const c = deskClient(core);
      await c.signIn('adv-1');
      const flag = async () => ((await c.call('roster', 'list', {})).value as RosterView).rows[0]!.flag;
      expect(await flag()).toBe('green');
      expect(refreshedOn('c-4')).toBeUndefined(); // nothing was stored: the first read takes its advisor's customers only
      day = '2026-11-25';
      expect(await flag()).toBe('yellow');
      expect(refreshedOn('c-1')).toBe('2026-11-25');
      expect(refreshedOn('c-4')).toBeUndefined(); // another advisor's customers wait for their read or the daily refresh
      const m = deskClient(core);
      await m.signIn('mgr-1');
      const r = await m.call('today', 'get', { advisorId: 'adv-3' });
      expect(r.value.risk).toMatchObject({ red: 0, yellow: 1 });
      expect(refreshedOn('c-4')).toBe('2026-11-25');
      day = '2026-11-26';
      await core.context.planner.runAll(); // the daily plan, then everyone's status for the day, in slices
      await expect.poll(() => sqlite.prepare("SELECT value FROM settings WHERE key = 'customer_status_day'").pluck().get()).toMatch(/^2026-11-26\|/);
      expect([refreshedOn('c-1'), refreshedOn('c-4')]).toEqual(['2026-11-26', '2026-11-26']);
    } finally {
      await core.close();
    }
  });
});

describe("a read of everyone (a manager's) before the daily refresh", () => {
  it('takes the store to the day in slices, the core answering between them, and stores what one whole-store refresh stores', async () => {
    // More customers than one slice (2,000) holds.
    await withGeneratedStore(2_300, 7, async (sqlite, today) => {
      const customers = sqlite.prepare('SELECT count(*) FROM customers WHERE deleted_at IS NULL').pluck().get() as number;
      const takenOn = (day: string) => sqlite.prepare('SELECT count(*) FROM customer_status WHERE refreshed_on = ?').pluck().get(day) as number;
      for (const day of [today, addDays(today, 1)]) {
        // The first day nothing is stored (everyone is read from the tables); the next, the rows are rolled forward.
        const read = freshStatus(sqlite, day, null);
        await nextTurn();
        const partway = takenOn(day);
        expect(partway, `after one turn of the event loop on ${day}`).toBeGreaterThan(0);
        expect(partway).toBeLessThan(customers);
        await read;
        expect(takenOn(day)).toBe(customers);
        const byRead = sqlite.prepare('SELECT * FROM customer_status ORDER BY customer_id').all();
        refreshAllStatus(sqlite, day, DEFAULT_RULES);
        expect(byRead).toEqual(sqlite.prepare('SELECT * FROM customer_status ORDER BY customer_id').all());
      }
    });
  });
});

describe('a new day from the stored facts (no facts read again)', () => {
  it('gives every customer the pure radar of the raw rows on later days, by advisor, for everyone and in slices; rows dated ahead and the clock going back are taken again', async () => {
    await withGeneratedStore(300, 7, async (sqlite, today) => {
      const ids = sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
      const at = '2026-01-01T00:00:00.000Z';
      const storeOf = (id: string) => sqlite.prepare('SELECT store_id FROM customers WHERE id = ?').pluck().get(id) as string;
      const addComplaint = sqlite.prepare(`INSERT INTO complaints (id, store_id, customer_id, opened_on, resolved_on, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '等待时间过长', ?, ?)`);
      ids.forEach((id, i) => {
        if (i % 7 === 0) addComplaint.run(`k-${i}`, storeOf(id), id, addDays(today, -((i * 37) % 300)), i % 2 === 0 ? null : addDays(today, -((i * 37) % 300) + 3), at, at);
      });
      // Rows dated after the day the facts are taken, already there when they are: a purchase tomorrow of a red
      // customer, a poor survey and a complaint in two days, a delivery next week. No trigger will mark them.
      const red = ids.find((id) => rawRisk(sqlite, id, today).flag === 'red' && rawRisk(sqlite, id, today).reasons.every((r) => r.code === 'days_since_purchase'))!;
      const [green1, green2, green3] = ids.filter((id) => rawRisk(sqlite, id, today).flag === 'green');
      sqlite.prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('v-ahead', ?, ?, ?, 'maintenance', 90000, ?, ?)`).run(storeOf(red), red, addDays(today, 1), at, at);
      sqlite.prepare(`INSERT INTO surveys (id, store_id, customer_id, surveyed_on, score, created_at, updated_at) VALUES ('s-ahead', ?, ?, ?, 2, ?, ?)`).run(storeOf(green1!), green1, addDays(today, 2), at, at);
      addComplaint.run('k-ahead', storeOf(green2!), green2, addDays(today, 2), null, at, at);
      sqlite.prepare(`UPDATE vehicles SET delivery_date = ? WHERE customer_id = ?`).run(addDays(today, 6), green3);
      refreshAllStatus(sqlite, today, DEFAULT_RULES);
      expect(sqlite.prepare('SELECT count(*) FROM customer_status_dirty').pluck().get()).toBe(0);
      const advisors = sqlite.prepare("SELECT DISTINCT advisor_id FROM customer_status ORDER BY advisor_id").pluck().all() as string[];
      const agrees = (day: string, everyFlag = true) => {
        const stored = storedRisk(sqlite, ids);
        const flags = new Set<string>();
        for (const id of ids) {
          const expected = rawRisk(sqlite, id, day);
          expect(stored.get(id), `${id} on ${day}`).toEqual(expected);
          flags.add(expected.flag);
        }
        if (everyFlag) expect([...flags].sort()).toEqual(['green', 'red', 'yellow']); // the sample covers every flag
        expect(sqlite.prepare('SELECT DISTINCT refreshed_on FROM customer_status').pluck().all()).toEqual([day]);
      };
      // By advisor (the first read of each on a new day), for everyone (a manager's), in slices (the daily refresh).
      for (const advisor of advisors) ensureStatus(sqlite, addDays(today, 1), DEFAULT_RULES, advisor);
      agrees(addDays(today, 1));
      expect(storedRisk(sqlite, [red]).get(red)!.flag).toBe('green');
      ensureStatus(sqlite, addDays(today, 2), DEFAULT_RULES, null);
      agrees(addDays(today, 2));
      expect(await refreshAllStatusInSlices(sqlite, addDays(today, 45), DEFAULT_RULES, { sliceSize: 37, pause: async () => {} })).toBe(ids.length);
      agrees(addDays(today, 45));
      ensureStatus(sqlite, addDays(today, 200), DEFAULT_RULES, null);
      agrees(addDays(today, 200), false); // everyone is red by then
      // The rows are rolled, not read again: a change that slipped past the dirty marks (removed by hand here) is not seen...
      sqlite.prepare("UPDATE visits SET amount_fen = 0 WHERE id = 'v-ahead'").run();
      sqlite.prepare('DELETE FROM customer_status_dirty').run();
      ensureStatus(sqlite, addDays(today, 201), DEFAULT_RULES, null);
      expect(sqlite.prepare('SELECT last_purchase_on FROM customer_status WHERE customer_id = ?').pluck().get(red)).toBe(addDays(today, 1));
      // ...while the clock going back (rows taken on a later day) takes everyone again.
      ensureStatus(sqlite, addDays(today, 3), DEFAULT_RULES, null);
      expect(sqlite.prepare('SELECT last_purchase_on FROM customer_status WHERE customer_id = ?').pluck().get(red)).not.toBe(addDays(today, 1));
      agrees(addDays(today, 3));
      // Other radar settings take everyone again too.
      const stricter = { ...DEFAULT_RULES, radar: { ...DEFAULT_RULES.radar, complaintWindowDays: 30 } };
      sqlite.prepare("UPDATE visits SET amount_fen = 90000 WHERE id = 'v-ahead'").run();
      sqlite.prepare('DELETE FROM customer_status_dirty').run();
      ensureStatus(sqlite, addDays(today, 4), stricter, null);
      expect(sqlite.prepare('SELECT last_purchase_on FROM customer_status WHERE customer_id = ?').pluck().get(red)).toBe(addDays(today, 1));
      // One row taken on a later day than the read (another advisor's read took the dirty ones, then the clock went
      // back): its advisor's customers are all taken again, not rolled.
      refreshAllStatus(sqlite, addDays(today, 5), DEFAULT_RULES);
      const mine = sqlite.prepare('SELECT advisor_id FROM customer_status WHERE customer_id = ?').pluck().get(red) as string;
      sqlite.prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('v-later', ?, ?, ?, 'maintenance', 90000, ?, ?)`).run(storeOf(red), red, addDays(today, 9), at, at);
      ensureStatus(sqlite, addDays(today, 10), DEFAULT_RULES, advisors.find((a) => a !== mine)!);
      expect(sqlite.prepare('SELECT last_purchase_on FROM customer_status WHERE customer_id = ?').pluck().get(red)).toBe(addDays(today, 9));
      ensureStatus(sqlite, addDays(today, 7), DEFAULT_RULES, mine);
      expect(sqlite.prepare('SELECT last_purchase_on FROM customer_status WHERE customer_id = ?').pluck().get(red)).toBe(addDays(today, 1));
      expect(storedRisk(sqlite, [red]).get(red)).toEqual(rawRisk(sqlite, red, addDays(today, 7)));
    });
  });
});

describe('customer status on a new desk (nothing stored yet)', () => {
  it("takes only the reading advisor's customers, not the whole store at once; each read after is as complete as a whole-store refresh", async () => {
    await withGeneratedStore(400, 3, async (sqlite, today) => {
      const advisors = sqlite.prepare('SELECT advisor_id, count(*) AS n FROM customers WHERE deleted_at IS NULL AND advisor_id IS NOT NULL GROUP BY advisor_id ORDER BY advisor_id').all() as { advisor_id: string; n: number }[];
      expect(advisors.length).toBeGreaterThan(2);
      const rows = () => sqlite.prepare('SELECT * FROM customer_status ORDER BY customer_id').all() as { advisor_id: string }[];
      const [a, b] = advisors;
      expect(ensureStatus(sqlite, today, DEFAULT_RULES, a!.advisor_id)).toBe(a!.n);
      expect(rows().length).toBe(a!.n);
      // A visit of another advisor's customer meanwhile (the triggers are on now that rows exist).
      const other = sqlite.prepare('SELECT id, store_id FROM customers WHERE advisor_id = ? LIMIT 1').get(b!.advisor_id) as { id: string; store_id: string };
      sqlite
        .prepare("INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('v-new', ?, ?, ?, 'maintenance', 50000, ?, ?)")
        .run(other.store_id, other.id, today, `${today}T09:00:00.000Z`, `${today}T09:00:00.000Z`);
      ensureStatus(sqlite, today, DEFAULT_RULES, b!.advisor_id);
      const mine = (id: string) => rows().filter((r) => r.advisor_id === id);
      expect(mine(b!.advisor_id).length).toBe(b!.n);
      // The manager's read (everyone) takes the rest; then it is what one whole-store refresh stores.
      ensureStatus(sqlite, today, DEFAULT_RULES, null);
      const byReads = rows();
      refreshAllStatus(sqlite, today, DEFAULT_RULES);
      expect(byReads).toEqual(rows());
    });
  });
});

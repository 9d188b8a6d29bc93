import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { customerRanges } from '../repos/planner-inputs';
import { tempDbFile } from '../testing/fixture';
import { runPlannerInBatches } from './run';
import { planInWorkers } from './workers';

const TODAY = '2026-11-20';
/** Every 7th visit of the store a surprise, so the store-wide Nth-visitor tasks (counted by the writing thread, sent to the workers) are many. */
const RULES = { ...DEFAULT_RULES, surprises: { ...DEFAULT_RULES.surprises, nthVisitorEvery: 7 } };
const ctxOn = (today: string) => ({ today, rules: RULES, now: `${today}T08:00:00.000Z` });

/** Every column of what the planner writes (tasks, cards, tiers, wake days), in id order; not the facts kept (read on different days by the two ways). */
function dump(opened: OpenedDatabase) {
  const all = (sql: string) => opened.sqlite.prepare(sql).all();
  return {
    tasks: all('SELECT * FROM tasks ORDER BY id'),
    cards: all('SELECT * FROM card_reminders ORDER BY id'),
    tiers: all('SELECT id, tier, tier_since, updated_at FROM customers ORDER BY id'),
    wake: all('SELECT customer_id, wake_on FROM planner_wake ORDER BY customer_id'),
  };
}

/** The same edits on a desk: visits, tasks done, an open task moved and one deleted by hand (the planner puts them back), a customer deleted. */
function edit(opened: OpenedDatabase, today: string): void {
  const at = `${today}T09:00:00.000Z`;
  opened.sqlite.exec(`
    INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at)
      SELECT 'w-visit-' || c.id, c.store_id, c.id, (SELECT v.id FROM vehicles v WHERE v.customer_id = c.id LIMIT 1), '${today}', 'maintenance', 45600, '${at}', '${at}'
      FROM customers c ORDER BY c.id LIMIT 25;
    UPDATE tasks SET status = 'done', updated_at = '${at}' WHERE id IN (SELECT id FROM tasks WHERE status = 'open' ORDER BY id LIMIT 15);
    UPDATE tasks SET due_date = '2031-01-01', updated_at = '${at}' WHERE id IN (SELECT id FROM tasks WHERE status = 'open' ORDER BY id DESC LIMIT 4);
    DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE status = 'open' ORDER BY id DESC LIMIT 3 OFFSET 10);
    UPDATE customers SET deleted_at = '${at}' WHERE id IN (SELECT id FROM customers ORDER BY id DESC LIMIT 3);
  `);
}

describe('planning the whole store in worker threads', () => {
  const files = { inThread: tempDbFile(), workers: tempDbFile() };
  const opened: Partial<Record<keyof typeof files, OpenedDatabase>> = {};
  beforeAll(() => {
    const seed = openDatabase(files.inThread.file);
    generateDemoStore(seed, { customers: 400, seed: 41, today: TODAY });
    // main only: right after the demo load's journal switch, SQLite reports the temp database (its staged search keys) locked to a checkpoint of all databases, once.
    seed.sqlite.pragma('main.wal_checkpoint(TRUNCATE)');
    seed.sqlite.close();
    copyFileSync(files.inThread.file, files.workers.file);
    opened.inThread = openDatabase(files.inThread.file);
    opened.workers = openDatabase(files.workers.file);
  });
  afterAll(async () => {
    for (const o of Object.values(opened)) await o?.close();
    for (const f of Object.values(files)) f.cleanup();
  });

  it('cuts the customers into ranges that hold each id exactly once', () => {
    const sqlite = opened.inThread!.sqlite;
    const ids = sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
    for (const n of [1, 2, 3, 7]) {
      const ranges = customerRanges(sqlite, n);
      expect(ranges).toHaveLength(n);
      const count = (r: (typeof ranges)[number]) =>
        sqlite.prepare('SELECT count(*) FROM customers WHERE (? IS NULL OR id > ?) AND (? IS NULL OR id <= ?)').pluck().get(r.after, r.after, r.upTo, r.upTo) as number;
      const sizes = ranges.map(count);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(ids.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(Math.ceil(ids.length / n));
      expect(ranges[0]!.after).toBeNull();
      expect(ranges[n - 1]!.upTo).toBeNull();
    }
  });

  it('writes exactly what planning in one thread writes: the first plan, a recompute, and a full run a week later over edited work', async () => {
    // A worker that fails is replaced by planning in this thread, with a warning: none may be seen here.
    const warn = vi.spyOn(console, 'warn');
    const run = (key: keyof typeof files, today: string, fullRunEveryDays?: number) =>
      runPlannerInBatches(opened[key]!.sqlite, ctxOn(today), { workers: key === 'workers' ? 3 : 0, batchSize: 50, fullRunEveryDays });

    const first = [await run('inThread', TODAY), await run('workers', TODAY)];
    expect(first[0]!.tasksCreated).toBeGreaterThan(100);
    const nthVisitor = opened.workers!.sqlite.prepare("SELECT count(*) FROM tasks WHERE rule = 'surprise_nth_visitor'").pluck();
    expect(nthVisitor.get()).toBeGreaterThan(3);
    expect(first[1]).toEqual(first[0]);
    expect(dump(opened.workers!)).toEqual(dump(opened.inThread!));

    // A recompute of every customer on the planned store writes nothing.
    const again = await run('workers', TODAY, 0);
    expect(again.customers).toBe(400);
    expect({ ...again, customers: 0 }).toEqual({ customers: 0, tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, cardsLapsed: 0, tierChanges: 0 });

    const later = addDays(TODAY, 7);
    edit(opened.inThread!, later);
    edit(opened.workers!, later);
    // The workers plan most customers from the facts kept on the first day (still valid), the thread reads every one.
    const keptFromFirstDay = () => opened.workers!.sqlite.prepare('SELECT count(*) FROM planner_wake WHERE facts_on = ?').pluck().get(TODAY) as number;
    expect(keptFromFirstDay()).toBeGreaterThan(200);
    const week = [await run('inThread', later, 0), await run('workers', later, 0)];
    expect(keptFromFirstDay()).toBeGreaterThan(100);
    expect(week[0]!.tasksVoided + week[0]!.tasksUpdated + week[0]!.cardsLapsed + week[0]!.tasksCreated).toBeGreaterThan(0);
    expect(week[1]).toEqual(week[0]);
    expect(dump(opened.workers!)).toEqual(dump(opened.inThread!));
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reports a worker that cannot open the database instead of planning nothing', async () => {
    const job = { file: `${files.workers.dir}/missing.sqlite`, ctx: ctxOn(TODAY), wake: true, batchSize: 50 };
    const drain = async () => {
      for await (const batch of planInWorkers(job, [{ after: null, upTo: null }], () => [])) void batch;
    };
    await expect(drain()).rejects.toThrow(/planning worker failed/);
  });
});

import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../electron/core/db/open';
import { runPlanner, runPlannerInBatches } from '../electron/core/planner/run';
import { holdPulledRows } from '../electron/core/sync/planner-align';
import { DEFAULT_RULES } from '../shared/domain/rules/config';
import { addDays } from '../shared/domain/rules/days';
import { BENCH_TODAY, benchDatabase, copyDatabase, percentile, plannedDatabase, removeDatabase, report } from './support';

/**
 * What pushing the planner's changes to rows HQ holds costs the planner (migration 0014):
 * - the first plan queues nothing;
 * - one customer re-planned after a visit that voids its open work: customers whose open tasks HQ
 *   holds (the run queues a 'planner.align' entry) next to customers whose tasks HQ does not hold,
 *   taken in turn, each median next to the incremental planner's 10 ms target;
 * - the whole store planned a month later with 5% of the open tasks held, on copies with the align
 *   triggers and without them (dropped), alternately;
 * - the first plan of a store whose tiers HQ never set (BENCH_FIRST_PLAN=0 skips it): the tier
 *   changes queued, with the tier trigger and without it, alternately.
 * BENCH_CUSTOMERS=20000 npx tsx bench/planner-align.bench.ts   (BENCH_DB keeps the demo store)
 */
const ctx = { today: BENCH_TODAY, rules: DEFAULT_RULES, now: `${BENCH_TODAY}T01:00:00.000Z` };
const count = (db: BetterSqlite3.Database, sql: string) => Number(db.prepare(sql).pluck().get());
const holdTasks = (db: BetterSqlite3.Database, ids: string[]) =>
  holdPulledRows(db, ids.map((id, i) => ({ seq: i + 1, table: 'tasks', pk: id, op: 'upsert' as const, row: { id, status: 'open' } })));

function incremental(sqlite: BetterSqlite3.Database): void {
  console.log(`outbox entries after the first plan of ${count(sqlite, 'SELECT count(*) FROM customers')} customers: ${count(sqlite, 'SELECT count(*) FROM outbox')}`);
  const customers = sqlite
    .prepare("SELECT c.id, min(v.id) AS vehicle FROM customers c JOIN vehicles v ON v.customer_id = c.id WHERE c.id IN (SELECT customer_id FROM tasks WHERE status = 'open' AND rule IN ('care_call_90', 'winback_plan')) GROUP BY c.id LIMIT 41")
    .all() as { id: string; vehicle: string }[];
  const visit = sqlite.prepare(`INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at) SELECT ?, store_id, id, ?, ?, 'maintenance', 88800, ?, ? FROM customers WHERE id = ?`);
  for (const c of customers) visit.run(`bench-visit-${c.id}`, c.vehicle, BENCH_TODAY, ctx.now, ctx.now, c.id);
  runPlanner(sqlite, { ...ctx, customerIds: [customers[0]!.id] }); // statements prepared
  const held: number[] = [];
  const local: number[] = [];
  let voided = 0;
  for (let i = 1; i < customers.length; i++) {
    const c = customers[i]!;
    const isHeld = i % 2 === 1;
    if (isHeld) holdTasks(sqlite, sqlite.prepare("SELECT id FROM tasks WHERE customer_id = ? AND status = 'open'").pluck().all(c.id) as string[]);
    const t = performance.now();
    voided += runPlanner(sqlite, { ...ctx, customerIds: [c.id] }).tasksVoided;
    (isHeld ? held : local).push(performance.now() - t);
  }
  const ops = count(sqlite, "SELECT coalesce(sum(json_array_length(ops)), 0) FROM outbox WHERE name = 'planner.align'");
  report('planner incremental after a visit, open work held at HQ (queues planner.align; median)', percentile(held, 50), 'ms', 10, `(${held.length} customers, p95 ${percentile(held, 95).toFixed(2)} ms; ${count(sqlite, "SELECT count(*) FROM outbox WHERE name = 'planner.align'")} entries, ${ops} ops)`);
  report('planner incremental after a visit, open work not held (median)', percentile(local, 50), 'ms', 10, `(${local.length} customers, p95 ${percentile(local, 95).toFixed(2)} ms; ${voided} tasks voided in all)`);
}

function wholeStore(db: BetterSqlite3.Database, name: string): void {
  const later = addDays(BENCH_TODAY, 30);
  const cpu = process.cpuUsage();
  const t = performance.now();
  const r = runPlanner(db, { ...ctx, today: later, now: `${later}T00:00:00.000Z` });
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const ops = count(db, "SELECT coalesce(sum(json_array_length(ops)), 0) FROM outbox WHERE name = 'planner.align'");
  console.log(
    `whole-store plan a month later, ${name}: ${s.toFixed(2)} s wall, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s (${r.customers} customers, ${r.tasksVoided} voided, ${r.tasksUpdated} updated; ` +
      `${count(db, 'SELECT count(*) FROM sync_held')} held; ${count(db, "SELECT count(*) FROM outbox WHERE name = 'planner.align'")} planner.align entries, ${ops} ops)`,
  );
}

/** The first plan of a store HQ loaded without tiers (all 'normal'): every tier the planner sets is queued for HQ. */
async function firstPlanTiers(file: string, copy: string): Promise<void> {
  for (const withTrigger of [true, false, true, false]) {
    copyDatabase(file, copy);
    const opened = openDatabase(copy);
    const db = opened.sqlite;
    db.exec("UPDATE customers SET tier = 'normal', tier_since = NULL");
    if (!withTrigger) db.exec('DROP TRIGGER sync_align_customers_update');
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = await runPlannerInBatches(db, ctx);
    const s = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(
      `first plan, tiers not set by HQ, ${withTrigger ? 'with the tier trigger' : 'without it'}: ${s.toFixed(1)} s wall, cpu ${((used.user + used.system) / 1e6).toFixed(1)} s ` +
        `(${r.tierChanges} tier changes; ${count(db, "SELECT count(*) FROM outbox WHERE name = 'planner.align'")} planner.align entries, ${count(db, "SELECT coalesce(sum(json_array_length(ops)), 0) FROM outbox")} ops, ` +
        `${(count(db, 'SELECT coalesce(sum(length(ops)), 0) FROM outbox') / 1024 / 1024).toFixed(1)} MiB)`,
    );
    await opened.close();
  }
}

async function main(): Promise<void> {
  const { file } = await benchDatabase();
  const planned = await plannedDatabase(file);
  const copy = `${planned}.align`;
  try {
    if (process.env.BENCH_FIRST_PLAN !== '0') await firstPlanTiers(file, copy);
    copyDatabase(planned, copy);
    let opened = openDatabase(copy);
    incremental(opened.sqlite);
    await opened.close();
    for (const withTriggers of [true, false, true, false]) {
      copyDatabase(planned, copy);
      opened = openDatabase(copy);
      const db = opened.sqlite;
      holdTasks(db, db.prepare("SELECT id FROM tasks WHERE status = 'open' AND id < '0d'").pluck().all() as string[]); // ids are SHA-1 based: ~5%
      if (!withTriggers) db.exec('DROP TRIGGER sync_align_tasks_update; DROP TRIGGER sync_align_card_reminders_update; DROP TRIGGER sync_align_customers_update;');
      wholeStore(db, withTriggers ? 'with the align triggers' : 'without them');
      await opened.close();
    }
  } finally {
    removeDatabase(copy);
  }
}

await main();

import { copyFileSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES } from '../shared/domain/rules/config';
import { addDays } from '../shared/domain/rules/days';
import { runPlanner, runPlannerInBatches } from '../electron/core/planner/run';
import { storeMetrics } from '../electron/core/repos/store-metrics';
import { BENCH_TODAY, report } from './support';

/** Planner and metrics over the demo store, on a copy so the other benchmarks see it unplanned. */
export async function benchPlanner(file: string): Promise<boolean> {
  const copy = `${file}.planner-bench`;
  copyFileSync(file, copy);
  const sqlite = new BetterSqlite3(copy);
  try {
    const ctx = { today: BENCH_TODAY, rules: DEFAULT_RULES, koiSeed: 'bench', now: `${BENCH_TODAY}T00:00:00.000Z` };
    // The longest stretch without a turn of the event loop: what the front desk would wait at most.
    let longest = 0;
    let last = performance.now();
    let watching = true;
    const watch = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (watching) setTimeout(watch, 0);
    };
    watch();
    let t = performance.now();
    const first = await runPlannerInBatches(sqlite, ctx);
    const firstMs = performance.now() - t;
    watching = false;
    t = performance.now();
    await runPlannerInBatches(sqlite, ctx);
    const rerunMs = performance.now() - t;
    const ok1 = report(
      'planner full run (first)', firstMs / 1000, 's', 3,
      `(${first.customers} customers, +${first.tasksCreated} tasks, +${first.cardsCreated} cards; longest synchronous stretch ${Math.round(longest)} ms)`,
    );
    const ok2 = report('planner full run (again, nothing new)', rerunMs / 1000, 's', 3);
    // The next day: only the customers whose wake day has come.
    const tomorrow = addDays(BENCH_TODAY, 1);
    t = performance.now();
    const daily = await runPlannerInBatches(sqlite, { ...ctx, today: tomorrow, now: `${tomorrow}T00:00:00.000Z` });
    const okDaily = report('planner daily run (next day)', (performance.now() - t) / 1000, 's', 3, `(${daily.customers} customers due)`);

    const customer = sqlite.prepare('SELECT c.id, v.id AS vehicle FROM customers c JOIN vehicles v ON v.customer_id = c.id LIMIT 1 OFFSET 500').get() as { id: string; vehicle: string };
    sqlite
      .prepare(`INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at) SELECT 'bench-visit', store_id, id, ?, ?, 'maintenance', 88800, ?, ? FROM customers WHERE id = ?`)
      .run(customer.vehicle, BENCH_TODAY, ctx.now, ctx.now, customer.id);
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      runPlanner(sqlite, { ...ctx, customerIds: [customer.id] });
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const ok3 = report('planner incremental after one new visit (median)', samples[10]!, 'ms', 10);

    // One call as the app makes it: statements not prepared yet on this connection.
    t = performance.now();
    const metrics = storeMetrics(sqlite, BENCH_TODAY, DEFAULT_RULES);
    const ok4 = report('all store metrics', performance.now() - t, 'ms', 500, `(${metrics.length} metrics)`);
    return ok1 && ok2 && okDaily && ok3 && ok4;
  } finally {
    sqlite.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}

import { copyFileSync, rmSync } from 'node:fs';
import { DEFAULT_RULES } from '../shared/domain/rules/config';
import type { RosterView } from '../shared/domain/roster';
import type { TodayView } from '../shared/domain/today';
import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import { openDatabase } from '../electron/core/db/open';
import { runPlannerInBatches } from '../electron/core/planner/run';
import { refreshAllStatusInSlices } from '../electron/core/repos/customer-status';
import { deskClient } from '../electron/core/testing/client';
import { BENCH_TODAY, percentile, report } from './support';

/**
 * Today and My customers for the advisor with the most customers (~12.5k at 100k), through a
 * real core and the desk API as a window calls it, on a planned copy of the demo store.
 */
export async function benchToday(file: string): Promise<boolean> {
  const copy = `${file}.today-bench`;
  copyFileSync(file, copy);
  try {
    const opened = openDatabase(copy); // applies this version's migrations
    const { sqlite } = opened;
    if ((sqlite.prepare('SELECT count(*) FROM tasks').pluck().get() as number) === 0) {
      await runPlannerInBatches(sqlite, { today: BENCH_TODAY, rules: DEFAULT_RULES, koiSeed: 'bench', now: `${BENCH_TODAY}T00:00:00.000Z` });
    }
    // The daily refresh after the whole-store plan runs in slices; the core answers between them.
    let t = performance.now();
    let last = t;
    let longest = 0;
    const n = await refreshAllStatusInSlices(sqlite, BENCH_TODAY, DEFAULT_RULES, {
      pause: async () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        await new Promise((r) => setImmediate(r));
        last = performance.now();
      },
    });
    const okRefresh = report('customer status, whole store refresh (daily, in slices)', (performance.now() - t) / 1000, 's', 10, `(${n} customers)`);
    const okSlice = report('customer status refresh, longest slice (core busy)', longest, 'ms', 500);
    await opened.close();

    const core = createCore({ dbFile: copy, clock: fixedDayClock(BENCH_TODAY), autoPlan: false });
    try {
      const advisor = core.context.database.sqlite
        .prepare("SELECT advisor_id FROM customers WHERE advisor_id IS NOT NULL GROUP BY advisor_id ORDER BY count(*) DESC LIMIT 1")
        .pluck()
        .get() as string;
      const c = deskClient(core);
      await c.signIn(advisor);
      const time = async (area: string, verb: string, runs: number) => {
        const samples: number[] = [];
        const cpu: number[] = [];
        let value: unknown;
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          const u = process.cpuUsage();
          const r = await c.call(area, verb, {});
          samples.push(performance.now() - s);
          const used = process.cpuUsage(u);
          cpu.push((used.user + used.system) / 1000);
          if (!r.ok) throw new Error(`${area}.${verb}: ${r.error.message}`);
          value = r.value;
        }
        return { median: percentile(samples, 50), p95: percentile(samples, 95), cpu: percentile(cpu, 50), value };
      };
      await time('today', 'get', 2); // warm: statements prepared
      const today = await time('today', 'get', 30);
      const view = today.value as TodayView;
      const roster = await time('roster', 'list', 5);
      const rows = (roster.value as RosterView).rows.length;
      const okToday = report(
        'Today for one advisor (median)',
        today.median,
        'ms',
        20,
        `(p95 ${today.p95.toFixed(1)} ms, CPU ${today.cpu.toFixed(1)} ms; ${rows} customers, ${view.tasks.length} tasks this week, ${view.risk.red} red / ${view.risk.yellow} yellow)`,
      );
      const okRoster = report('My customers, every row for one advisor (median)', roster.median, 'ms', 200, `(CPU ${roster.cpu.toFixed(1)} ms; ${rows} rows)`);
      // The first Today of a new day before the daily plan's whole-store refresh: this advisor's customers are taken again.
      core.context.database.sqlite.prepare("UPDATE settings SET value = 'stale' WHERE key = 'customer_status_day'").run();
      const stale = await time('today', 'get', 1);
      const okStale = report('Today, first call of a new day before the daily refresh', stale.median, 'ms', 1000, `(${rows} customers refreshed)`);
      return okRefresh && okSlice && okToday && okRoster && okStale;
    } finally {
      await core.close();
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}

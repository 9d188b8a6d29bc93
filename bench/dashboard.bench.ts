import { copyFileSync, rmSync } from 'node:fs';
import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import { openDatabase } from '../electron/core/db/open';
import { refreshAllStatus } from '../electron/core/repos/customer-status';
import { deskClient } from '../electron/core/testing/client';
import { DEFAULT_RULES } from '../shared/domain/rules/config';
import { BENCH_TODAY, percentile, report } from './support';

/**
 * The store manager's screens (issue 6) on a planned copy of the demo store, through a real core and
 * the desk API as a window calls them: the metrics dashboard (every metric + 12-month trend), first
 * with nothing cached (13 store-wide metric passes), then as it is opened again, and after a visit of
 * today arrived; the team table and radar; the Excel export of the dashboard, team and red customers.
 */
export async function benchDashboard(file: string): Promise<boolean> {
  const copy = `${file}.dashboard-bench`;
  copyFileSync(file, copy);
  try {
    const opened = openDatabase(copy); // applies this version's migrations
    // As the app has it after the daily refresh.
    refreshAllStatus(opened.sqlite, BENCH_TODAY, DEFAULT_RULES);
    opened.sqlite.prepare('DELETE FROM metric_snapshots').run();
    await opened.close();

    const core = createCore({ dbFile: copy, clock: fixedDayClock(BENCH_TODAY), autoPlan: false, autoSync: false });
    try {
      const c = deskClient(core);
      const manager = core.context.database.sqlite.prepare("SELECT id FROM staff WHERE role = 'manager' AND active = 1 LIMIT 1").pluck().get() as string;
      await c.signIn(manager);
      const time = async (area: string, verb: string, args: unknown, runs: number) => {
        const samples: number[] = [];
        const cpu: number[] = [];
        let value: unknown;
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          const u = process.cpuUsage();
          const r = await c.call(area, verb, args);
          samples.push(performance.now() - s);
          const used = process.cpuUsage(u);
          cpu.push((used.user + used.system) / 1000);
          if (!r.ok) throw new Error(`${area}.${verb}: ${r.error.message}`);
          value = r.value;
        }
        return { median: percentile(samples, 50), max: Math.max(...samples), cpu: percentile(cpu, 50), value };
      };
      const customers = core.context.database.sqlite.prepare('SELECT count(*) FROM customers WHERE deleted_at IS NULL').pluck().get() as number;
      const visits = core.context.database.sqlite.prepare('SELECT count(*) FROM visits').pluck().get() as number;
      const cold = await time('dashboard', 'metrics', {}, 1);
      console.log(`dashboard, first open with nothing cached: ${(cold.median / 1000).toFixed(1)} s, CPU ${(cold.cpu / 1000).toFixed(1)} s (13 store-wide metric passes; ${customers} customers, ${visits} visits; taken in the background after the daily plan)`);
      const warm = await time('dashboard', 'metrics', {}, 10);
      const okWarm = report('dashboard (every metric + 12-month trend), opened again (median)', warm.median, 'ms', 500, `(max ${warm.max.toFixed(0)} ms)`);
      // A visit of today arrives (a sync pull): today's figures are taken again, the month ends are kept.
      const sqlite = core.context.database.sqlite;
      const someone = sqlite.prepare('SELECT id, store_id FROM customers WHERE deleted_at IS NULL LIMIT 1').get() as { id: string; store_id: string };
      sqlite
        .prepare(`INSERT INTO visits (id, store_id, customer_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('bench-visit', ?, ?, ?, 'maintenance', 50000, ?, ?)`)
        .run(someone.store_id, someone.id, BENCH_TODAY, `${BENCH_TODAY}T02:00:00.000Z`, `${BENCH_TODAY}T02:00:00.000Z`);
      const afterVisit = await time('dashboard', 'metrics', {}, 1);
      const okAfter = report("dashboard after a visit of today arrived (today's figures taken again)", afterVisit.median, 'ms', 1500, `(CPU ${afterVisit.cpu.toFixed(0)} ms)`);
      const tiers = await time('dashboard', 'tiers', {}, 5);
      const okTiers = report('dashboard tiers and movement (median)', tiers.median, 'ms', 500, `(CPU ${tiers.cpu.toFixed(0)} ms)`);
      const team = await time('team', 'overview', { period: 'week' }, 5);
      const okTeam = report('team table, this week (median)', team.median, 'ms', 500, `(CPU ${team.cpu.toFixed(0)} ms)`);
      const radar = await time('radar', 'overview', {}, 5);
      const okRadar = report('risk radar overview (median)', radar.median, 'ms', 500, `(CPU ${radar.cpu.toFixed(0)} ms)`);
      const red = (radar.value as { store: { red: number } }).store.red;
      const exportRun = await time('exports', 'workbook', { what: ['dashboard', 'team', 'customers'], customerList: 'red', format: 'xlsx' }, 3);
      const bytes = (exportRun.value as { bytes: number }).bytes;
      const okExport = report('Excel export: dashboard, team and red customers (median)', exportRun.median / 1000, 's', 3, `(CPU ${(exportRun.cpu / 1000).toFixed(1)} s; ${red} red customers, ${(bytes / 1e6).toFixed(1)} MB)`);
      const csvRun = await time('exports', 'workbook', { what: ['dashboard', 'team', 'customers'], customerList: 'red', format: 'csv' }, 3);
      const okCsv = report('CSV export: the same (median)', csvRun.median / 1000, 's', 3, `(CPU ${(csvRun.cpu / 1000).toFixed(1)} s)`);
      return okWarm && okAfter && okTiers && okTeam && okRadar && okExport && okCsv;
    } finally {
      await core.close();
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}

// `npx tsx bench/dashboard.bench.ts` runs this one alone (BENCH_DB reuses a demo store).
if (process.argv[1]?.endsWith('dashboard.bench.ts')) {
  const { benchDatabase, plannedDatabase } = await import('./support');
  const { file } = await benchDatabase();
  const ok = await benchDashboard(await plannedDatabase(file));
  console.log(ok ? 'dashboard benchmarks within target' : 'some dashboard benchmarks MISSED their target');
}

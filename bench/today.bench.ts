import { DEFAULT_RULES } from '../shared/domain/rules/config';
import type { RosterView } from '../shared/domain/roster';
import type { TodayView } from '../shared/domain/today';
import { createCore } from '../electron/core/core';
import { openDatabase } from '../electron/core/db/open';
import { runPlannerInBatches } from '../electron/core/planner/run';
import { refreshAllStatusInSlices } from '../electron/core/repos/customer-status';
import { deskClient } from '../electron/core/testing/client';
import { addDays } from '../shared/domain/rules/days';
import { BENCH_TODAY, copyDatabase, percentile, removeDatabase, report } from './support';
import { nextTurn } from '../electron/core/next-turn';

/** Times a refresh in slices: its seconds, how many it took and the longest stretch between two pauses. */
async function inSlices(run: (pause: () => Promise<void>) => Promise<number>) {
  const out = { s: 0, n: 0, longest: 0 };
  const t = performance.now();
  let last = t;
  out.n = await run(async () => {
    out.longest = Math.max(out.longest, performance.now() - last);
    await nextTurn();
    last = performance.now();
  });
  out.s = (performance.now() - t) / 1000;
  return out;
}

/** A manager's first read of everyone on a new day: how long it takes, and what the front desk waits meanwhile. */
async function benchManagerFirstRead(core: ReturnType<typeof createCore>, advisor: ReturnType<typeof deskClient>): Promise<boolean> {
  const manager = core.context.database.sqlite.prepare("SELECT id FROM staff WHERE role = 'manager' AND active = 1 LIMIT 1").pluck().get() as string;
  const m = deskClient(core);
  await m.signIn(manager);
  let done = false;
  let longest = 0;
  let last = performance.now();
  const watch = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setImmediate(watch);
  };
  watch();
  const todays: number[] = [];
  const start = performance.now();
  const overview = m.call('radar', 'overview', {}).finally(() => (done = true));
  while (!done) {
    // Calls come over IPC, each in a turn of its own: a loop of awaits alone would never let the slices go on.
    await nextTurn();
    const s = performance.now();
    await advisor.call('today', 'get', {});
    todays.push(performance.now() - s);
  }
  const r = await overview;
  if (!r.ok) throw new Error(`radar.overview: ${r.error.message}`);
  const took = performance.now() - start;
  return report(
    "manager's first read of everyone on a new day (radar), longest stretch the core was busy", longest, 'ms', 500,
    `(the read took ${(took / 1000).toFixed(1)} s; ${todays.length} Today calls meanwhile, slowest ${Math.max(...todays).toFixed(0)} ms)`,
  );
}

/**
 * Today and My customers for the advisor with the most customers (~12.5k at 100k), through a
 * real core and the desk API as a window calls it, on a planned copy of the demo store.
 */
export async function benchToday(file: string): Promise<boolean> {
  const copy = `${file}.today-bench`;
  copyDatabase(file, copy);
  try {
    const opened = openDatabase(copy); // applies this version's migrations
    const { sqlite } = opened;
    if ((sqlite.prepare('SELECT count(*) FROM tasks').pluck().get() as number) === 0) {
      await runPlannerInBatches(sqlite, { today: BENCH_TODAY, rules: DEFAULT_RULES, now: `${BENCH_TODAY}T00:00:00.000Z` });
    }
    // A new desk takes everyone's status once, in slices (the core answers between them); here for yesterday, so
    // the calls below meet what every morning brings: the rows of the day before.
    const yesterday = addDays(BENCH_TODAY, -1);
    sqlite.exec("DELETE FROM customer_status; DELETE FROM customer_status_dirty; DELETE FROM settings WHERE key LIKE 'customer_status_day%'");
    const full = await inSlices((pause) => refreshAllStatusInSlices(sqlite, yesterday, DEFAULT_RULES, { pause }));
    const okFull = report('customer status, whole store taken on a new desk (in slices)', full.s, 's', 10, `(${full.n} customers; longest slice ${full.longest.toFixed(0)} ms)`);
    await opened.close();

    let day = BENCH_TODAY;
    const core = createCore({ dbFile: copy, clock: { now: () => new Date(), today: () => day }, autoPlan: false });
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
      // The first Today of a new day, before the daily refresh: this advisor's customers are taken to the day from
      // yesterday's rows. Another advisor's first call came before it (statements prepared, code warm).
      const other = core.context.database.sqlite.prepare('SELECT advisor_id FROM customers WHERE advisor_id IS NOT NULL AND advisor_id <> ? LIMIT 1').pluck().get(advisor) as string;
      const m = deskClient(core);
      await m.signIn(other);
      await m.call('today', 'get', {});
      const stale = await time('today', 'get', 1);
      const mine = core.context.database.sqlite.prepare('SELECT count(*) FROM customer_status WHERE advisor_id = ?').pluck().get(advisor) as number;
      const okStale = report('Today, first call of a new day before the daily refresh', stale.median, 'ms', 1000, `(${mine} customers taken to the day)`);
      // Then the daily refresh after the whole-store plan takes everyone else to the day, in slices.
      const daily = await inSlices((pause) => refreshAllStatusInSlices(core.context.database.sqlite, BENCH_TODAY, DEFAULT_RULES, { pause }));
      const okDaily = report('customer status, daily whole store refresh (in slices)', daily.s, 's', 10, `(${daily.n} customers)`);
      const okSlice = report('customer status refresh, longest slice (core busy)', Math.max(full.longest, daily.longest), 'ms', 500);
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

      // The next morning a manager opens the risk radar (everyone) before the daily refresh has run, while the
      // advisor (whose first Today of the day came just before) keeps calling Today.
      day = addDays(BENCH_TODAY, 1);
      await c.call('today', 'get', {});
      const okManager = await benchManagerFirstRead(core, c);
      return okFull && okStale && okDaily && okSlice && okToday && okRoster && okManager;
    } finally {
      await core.close();
    }
  } finally {
    removeDatabase(copy);
  }
}

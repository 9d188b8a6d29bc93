import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import { loadRules } from '../repos/rules';
import type { PlanCounts } from './rows';
import { refreshKeptFacts } from './refresh-facts';
import { runPlanner, runPlannerInBatches, ZERO } from './run';

/** How often the store's day is compared with the last one planned: Today rolls over within a minute of midnight. */
const CHECK_EVERY_MS = 60_000;
/** After a whole-store run failed, the checks wait this long before trying again (a run costs seconds of CPU at 100k). */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

export interface PlannerService {
  /** Plans the whole store, in batches that leave room for other calls (asked during a run: once more after it). */
  runAll(): Promise<PlanCounts>;
  /** Whether a whole-store run is planning now (until its 'done', not the renewal of kept facts after it). */
  planning(): boolean;
  /** Re-plans just these customers (after a visit, a survey, a complaint...). */
  touch(customerIds: readonly string[]): PlanCounts;
  /** Plans at start-up and again whenever the store's day changes. */
  start(): void;
  /** Stops planning: a whole-store run under way ends at its next slice (see idle). */
  stop(): void;
  /** Settles once no whole-store run is under way (after stop: once it ended), whatever its outcome. */
  idle(): Promise<void>;
}

export function createPlannerService(options: {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  timezone: () => string;
  onDone: (counts: PlanCounts & { today: string; scope: 'all' | 'customers' }) => void;
}): PlannerService {
  const { sqlite, clock } = options;
  let lastDay: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let first: NodeJS.Immediate | null = null;

  const hasStore = () => (sqlite.prepare('SELECT count(*) FROM stores').pluck().get() as number) > 0;
  let running: Promise<PlanCounts> | null = null;
  let planning = false;
  let stopped = false;
  const context = () => {
    const today = clock.today(options.timezone());
    return { today, rules: loadRules(sqlite), now: clock.now().toISOString() };
  };
  const run = () => {
    running = (async () => {
      const ctx = context();
      planning = true;
      let counts: PlanCounts;
      try {
        counts = await runPlannerInBatches(sqlite, ctx, { stopped: () => stopped });
      } finally {
        planning = false;
      }
      if (stopped) return counts;
      // Only a run that finished counts as the day's: one that failed is tried again at the next check.
      lastDay = ctx.today;
      options.onDone({ ...counts, today: ctx.today, scope: 'all' });
      // Then, in the background, the planning facts that ran out today are read again for the weekly full run.
      await refreshKeptFacts(sqlite, ctx, () => stopped);
      return counts;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  // A run under way read the rules and the day at its start: a request meanwhile (new rules from HQ,
  // many customers marked due) gets one more run after it, which sees what changed; more requests join that one.
  let queued: Promise<PlanCounts> | null = null;
  const runAll = (): Promise<PlanCounts> => {
    if (running === null) return run();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return stopped ? ZERO : runAll();
      });
    return queued;
  };
  let retryAt = 0;
  const tick = () => {
    if (running !== null || clock.now().getTime() < retryAt || clock.today(options.timezone()) === lastDay || !hasStore()) return;
    runAll().catch((error) => {
      retryAt = clock.now().getTime() + RETRY_AFTER_FAILURE_MS;
      console.error('[planner] run failed', error);
    });
  };

  return {
    runAll,
    planning: () => planning,
    touch: (ids) => {
      const ctx = context();
      const counts = runPlanner(sqlite, { ...ctx, customerIds: ids });
      options.onDone({ ...counts, today: ctx.today, scope: 'customers' });
      return counts;
    },
    start() {
      stopped = false;
      retryAt = 0;
      first = setImmediate(tick);
      timer = setInterval(tick, CHECK_EVERY_MS);
      timer.unref();
    },
    stop() {
      stopped = true;
      if (first) clearImmediate(first);
      if (timer) clearInterval(timer);
      first = timer = null;
    },
    idle: async () => {
      while (running !== null || queued !== null) await (queued ?? running)!.catch(() => undefined);
    },
  };
}

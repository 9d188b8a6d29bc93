import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import { koiSeed, loadRules } from '../repos/rules';
import type { PlanCounts } from './rows';
import { runPlanner } from './run';

const CHECK_EVERY_MS = 15 * 60_000;

export interface PlannerService {
  /** Plans the whole store now. */
  runAll(): PlanCounts;
  /** Re-plans just these customers (after a visit, a survey, a complaint...). */
  touch(customerIds: readonly string[]): PlanCounts;
  /** Plans at start-up and again whenever the store's day changes. */
  start(): void;
  stop(): void;
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
  const run = (customerIds?: readonly string[]) => {
    const today = clock.today(options.timezone());
    const seed = koiSeed(sqlite, randomBytes(16).toString('hex'));
    const counts = runPlanner(sqlite, { today, rules: loadRules(sqlite), koiSeed: seed, now: clock.now().toISOString(), customerIds });
    options.onDone({ ...counts, today, scope: customerIds ? 'customers' : 'all' });
    return counts;
  };
  const tick = () => {
    const today = clock.today(options.timezone());
    if (today !== lastDay && hasStore()) {
      lastDay = today;
      run();
    }
  };

  return {
    runAll: () => {
      lastDay = clock.today(options.timezone());
      return run();
    },
    touch: (ids) => run(ids),
    start() {
      first = setImmediate(tick);
      timer = setInterval(tick, CHECK_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (first) clearImmediate(first);
      if (timer) clearInterval(timer);
      first = timer = null;
    },
  };
}

import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { IsoDate } from '../../../shared/domain/types';
import { readCustomers } from './planner-inputs-scoped';
import type { PlanningCustomer } from './planner-inputs-types';
import { readWholeStore, type CustomerRange } from './planner-inputs-whole-store';

/**
 * What the planner's rules read, by purpose:
 * - planner-inputs-types.ts: the row types (PlanningCustomer, PlannerCustomer) and small helpers;
 * - planner-inputs-whole-store.ts: the whole-store streaming reader (slices, yields);
 * - planner-inputs-scoped.ts: the reader of some customers (a daily run's batch, one write's customers);
 * - planner-inputs-window.ts: what both keep of the rows they read (the visit window below);
 * - planner-inputs-complete.ts: every fact, all visits (the CLI's audit export, the tests' reference).
 */
export { loadPlannerInputs } from './planner-inputs-complete';
export { runToEnd, type PlannerCustomer, type PlanningCustomer } from './planner-inputs-types';
export { planningWindowStart } from './planner-inputs-window';
export { customerRanges, visitStores, type CustomerRange } from './planner-inputs-whole-store';

/**
 * What the planner needs to plan `today`, per customer (all, or just `ids`), read with few
 * statements: whole-store reads scan each table once in slices (rowid ranges; visits through
 * their date index, a store and a month at a time), yielding between slices so the caller can
 * let other work run; reads of some customers run at once.
 *
 * `facts.visits` is NOT every visit: reading 1.5M visits per run is what made planning slow.
 * The rules ignore rows after today; of the others, what they can see for `today` is:
 * - the trailing-window activity (spend, visit count), summed here into `activity`;
 * - every recent visit (within the surprise grace window), as read, in (date, rowid) order:
 *   koi, festival and mileage surprises;
 * - dates that stand for older visits (id '', no vehicle, amount 0, no reading): the latest
 *   visit (last visit, start of a quiet spell), the first visit after the latest delivery (first
 *   service), and, when the window from planningWindowStart has no visit or the first service
 *   before it decides whether the survey has expired, the latest visit before the window;
 * - for a vehicle with a recent reading, its latest earlier one (the mileage milestone compares
 *   with it).
 * A `range` of customer ids limits a whole-store read to those customers (planning in workers).
 * Surveys are those from the window start to today (a still-valid first-service survey is
 * answered by one of them). Everything else is read in full. planner/wake.test.ts checks that
 * these facts plan exactly what complete facts plan.
 */
export function* loadPlanningInputs(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  ids?: readonly string[],
  range?: CustomerRange,
): Generator<void, Map<string, PlanningCustomer>, void> {
  if (ids !== undefined) return readCustomers(sqlite, today, rules, ids);
  return yield* readWholeStore(sqlite, today, rules, { range });
}

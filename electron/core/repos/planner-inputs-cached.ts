import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { IsoDate } from '../../../shared/domain/types';
import { decodeFacts } from './planner-facts-codec';
import { readCustomers } from './planner-inputs-scoped';
import { runToEnd, type PlanningCustomer } from './planner-inputs-types';
import { inRange, readWholeStore, type CustomerRange } from './planner-inputs-whole-store';

/**
 * Facts kept between runs (migration 0016): a customer's planning facts as a run read them, in
 * their wake row, with the day they were read for and the last day they stay true (PlanningFold.
 * factsUntil). Migration 0004's triggers drop them when anything the planner reads about the
 * customer changes, so kept facts are what reading the tables again would give: a whole-store
 * run reads ~100k short texts instead of the customers, their vehicles and ~1.5M visits.
 *
 * Bump FACTS_FORMAT when the readers keep something else or planner-facts-codec.ts changes layout.
 */
const FACTS_FORMAT = 1;

/** Above this share of customers without valid kept facts, the whole range is read from the tables. */
const READ_ALL_SHARE = 0.3;
/** Customers per read of those without kept facts (planner-inputs-scoped.ts). */
const IDS_PER_READ = 2_000;

/** What kept facts were read with: they are used only under the same key (the format, and the rules that set the readers' windows). */
export function factsKey(rules: RulesConfig): string {
  const lc = rules.lifecycle;
  return [FACTS_FORMAT, rules.trailingDays, rules.surprises.graceDays, lc.firstServiceSurveyDelayDays, lc.surveyValidDays].join(':');
}

/**
 * The planning facts of a range of customers (or of some, by id) for `today` (see
 * loadPlanningInputs), from kept facts where they are valid and from the tables for the others
 * (new or changed customers, facts run out). Customers read from the tables carry `factsUntil`
 * (to be kept); kept ones do not. Customers asked for by id but gone are left out.
 */
export function loadPlanningInputsKept(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  scope: { range?: CustomerRange; ids?: readonly string[] } = {},
): Map<string, PlanningCustomer> {
  const key = factsKey(rules);
  const valid = 'facts_key = ? AND facts_on <= ? AND facts_until >= ?';
  const byCustomer = scope.ids ? { sql: ' AND customer_id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(scope.ids)] } : inRange('customer_id', scope.range);
  const kept = new Map<string, PlanningCustomer>();
  const interned = new Map<string, string>();
  const intern = <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const known = interned.get(value);
    if (known !== undefined) return known as T;
    interned.set(value, value);
    return value;
  };
  const keptRows = sqlite.prepare(`SELECT customer_id, facts FROM planner_wake WHERE ${valid}${byCustomer.sql}`).raw(true);
  for (const [id, text] of keptRows.iterate(key, today, today, ...byCustomer.args) as Iterable<[string, string]>) kept.set(id, decodeFacts(id, text, intern));

  let unread: readonly string[];
  if (scope.ids) unread = scope.ids.filter((id) => !kept.has(id));
  else {
    const byId = inRange('c.id', scope.range);
    unread = sqlite
      .prepare(
        `SELECT c.id FROM customers c WHERE c.deleted_at IS NULL${byId.sql}
         AND NOT EXISTS (SELECT 1 FROM planner_wake w WHERE w.customer_id = c.id AND ${valid})`,
      )
      .pluck()
      .all(...byId.args, key, today, today) as string[];
    if (unread.length > (unread.length + kept.size) * READ_ALL_SHARE) return runToEnd(readWholeStore(sqlite, today, rules, { range: scope.range }));
  }
  for (let i = 0; i < unread.length; i += IDS_PER_READ) {
    for (const [id, c] of readCustomers(sqlite, today, rules, unread.slice(i, i + IDS_PER_READ))) kept.set(id, c);
  }
  return kept;
}

/** Customers whose kept facts are not valid on `today` (run out, another key, none kept, read on a later day), live ones only. */
export function keptFactsRunOut(sqlite: BetterSqlite3.Database, today: IsoDate, key: string): string[] {
  return sqlite
    .prepare(
      `SELECT w.customer_id FROM planner_wake w JOIN customers c ON c.id = w.customer_id AND c.deleted_at IS NULL
       WHERE w.facts IS NULL OR w.facts_key IS NOT ? OR w.facts_on > ? OR w.facts_until < ?`,
    )
    .pluck()
    .all(key, today, today) as string[];
}

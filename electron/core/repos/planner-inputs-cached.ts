import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { IsoDate } from '../../../shared/domain/types';
import { decodeFacts } from './planner-facts-codec';
import { readCustomers } from './planner-inputs-scoped';
import { emptyObjectList, interner, runToEnd, type Intern, type PlanningCustomer } from './planner-inputs-types';
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
// 2: a lunar birthday's year is the lunar year of birth (planner-inputs-types.ts birthdayOf); referralsSucceededOn.
// 3: each vehicle's first visit after its delivery.
// 4: each vehicle's delivery date first recorded, where corrected since (migration 0023).
// 5: referralsSucceededOn is the day a referral succeeded (the friend's purchase), not the day of the referral.
const FACTS_FORMAT = 5;

/** Above this share of customers without valid kept facts, the whole range is read from the tables. */
const READ_ALL_SHARE = 0.3;
/** Customers per read of those without kept facts (planner-inputs-scoped.ts). */
const IDS_PER_READ = 2_000;

/** What kept facts were read with: they are used only under the same key (the format, and the rules that set the readers' windows). */
export function factsKey(rules: RulesConfig): string {
  const lc = rules.lifecycle;
  return [FACTS_FORMAT, rules.trailingDays, rules.surprises.graceDays, lc.firstServiceSurveyDelayDays, lc.surveyValidDays].join(':');
}

/** A customer of a range: its kept facts still encoded (decoded batch by batch: decodeKept), or facts read from the tables. */
export type RangeCustomer = PlanningCustomer | { customerId: string; kept: string };

/** A range's planning facts for `today` (see readRangeFacts), and its wake rows. */
export interface RangeFacts {
  /** The customers with valid kept facts, the others spread among them (see interleave). */
  customers: RangeCustomer[];
  /** The range's wake rows: customer -> wake day, and customer -> task digest (null: none kept). */
  wakeDays: Map<string, string>;
  digests: Map<string, string | null>;
}

const VALID = 'facts_key = ? AND facts_on <= ? AND facts_until >= ?';

/**
 * The planning facts of a range of customers for `today` (see loadPlanningInputs): kept facts
 * where valid, left encoded (50k customers decoded at once live long enough to be copied by the
 * garbage collector; decoded batch by batch they die young), and from the tables for the others
 * (new or changed customers, facts run out; the whole range when they are many). The same scan
 * of planner_wake gives the range's wake days and task digests. Customers read from the tables
 * carry `factsUntil` (to be kept); kept ones do not.
 */
export function readRangeFacts(sqlite: BetterSqlite3.Database, today: IsoDate, rules: RulesConfig, range: CustomerRange | undefined): RangeFacts {
  const key = factsKey(rules);
  const byWake = inRange('customer_id', range);
  const rows = sqlite
    .prepare(`SELECT customer_id, wake_on, tasks_digest, CASE WHEN ${VALID} THEN facts END FROM planner_wake WHERE true${byWake.sql}`)
    .raw(true);
  const customers: RangeCustomer[] = [];
  const wakeDays = new Map<string, string>();
  const digests = new Map<string, string | null>();
  for (const [id, day, digest, facts] of rows.iterate(key, today, today, ...byWake.args) as Iterable<[string, string, string | null, string | null]>) {
    wakeDays.set(id, day);
    digests.set(id, digest);
    if (facts !== null) customers.push({ customerId: id, kept: facts });
  }
  const byId = inRange('c.id', range);
  const unread = sqlite
    .prepare(
      `SELECT c.id FROM customers c WHERE c.deleted_at IS NULL${byId.sql}
       AND NOT EXISTS (SELECT 1 FROM planner_wake w WHERE w.customer_id = c.id AND ${VALID})`,
    )
    .pluck()
    .all(...byId.args, key, today, today) as string[];
  if (unread.length > (unread.length + customers.length) * READ_ALL_SHARE) {
    return { customers: [...runToEnd(readWholeStore(sqlite, today, rules, { range })).values()], wakeDays, digests };
  }
  return { customers: interleave(customers, [...readByIds(sqlite, today, rules, unread)]), wakeDays, digests };
}

/**
 * The customers read from the tables spread evenly among those with kept facts, instead of
 * after them: the two kinds differ in ways V8 sees (decoded dates are internalized strings,
 * read ones are not), and a kind first met after the planning code was optimized throws that
 * code away (docs/architecture.md, planner). The order of a range's customers means nothing else.
 */
function interleave(kept: RangeCustomer[], read: PlanningCustomer[]): RangeCustomer[] {
  if (read.length === 0 || kept.length === 0) return kept.length === 0 ? read : kept;
  const out: RangeCustomer[] = [];
  const every = (kept.length + read.length) / read.length;
  let r = 0;
  for (const c of kept) {
    out.push(c);
    if (r < read.length && out.length >= (r + 1) * every - 1) out.push(read[r++]!);
  }
  while (r < read.length) out.push(read[r++]!);
  return out;
}

/** Some customers of readRangeFacts, decoded. */
export function decodeKept(customers: readonly RangeCustomer[], intern: Intern): PlanningCustomer[] {
  const out = emptyObjectList<PlanningCustomer>();
  for (const c of customers) out.push('kept' in c ? decodeFacts(c.customerId, c.kept, intern) : c);
  return out;
}

/**
 * The planning facts of some customers by id (or of a range, or of the whole store: decoded
 * at once) for `today`, as readRangeFacts reads them. Customers asked for by id but gone are left out.
 */
export function loadPlanningInputsKept(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  scope: { range?: CustomerRange; ids?: readonly string[] } = {},
): Map<string, PlanningCustomer> {
  const intern = interner();
  const out = new Map<string, PlanningCustomer>();
  if (!scope.ids) {
    for (const c of decodeKept(readRangeFacts(sqlite, today, rules, scope.range).customers, intern)) out.set(c.facts.customerId, c);
    return out;
  }
  const keptRows = sqlite.prepare(`SELECT customer_id, facts FROM planner_wake WHERE ${VALID} AND customer_id IN (SELECT value FROM json_each(?))`).raw(true);
  for (const [id, text] of keptRows.iterate(factsKey(rules), today, today, JSON.stringify(scope.ids)) as Iterable<[string, string]>) out.set(id, decodeFacts(id, text, intern));
  for (const c of readByIds(sqlite, today, rules, scope.ids.filter((id) => !out.has(id)))) out.set(c.facts.customerId, c);
  return out;
}

/** These customers' facts from the tables, IDS_PER_READ at a time (those gone are left out). */
function* readByIds(sqlite: BetterSqlite3.Database, today: IsoDate, rules: RulesConfig, ids: readonly string[]): Generator<PlanningCustomer> {
  for (let i = 0; i < ids.length; i += IDS_PER_READ) yield* readCustomers(sqlite, today, rules, ids.slice(i, i + IDS_PER_READ)).values();
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

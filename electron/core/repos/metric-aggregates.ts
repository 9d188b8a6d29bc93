import type BetterSqlite3 from 'better-sqlite3';
import { fromEpochDay, toEpochDay } from '../../../shared/domain/calendar/dates';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addMetricEvents, DATED_TOTALS, metricWindows, sinceDay, sortByDay, type DatedTotal, type DayChanges, type MetricFacts, type MetricWindows } from '../../../shared/domain/rules/metric-events';
import type { MetricTotals } from '../../../shared/domain/rules/metrics';
import type { IsoDate } from '../../../shared/domain/types';
import { cachedStatement } from './statements';

/**
 * The store metric totals as of any day from maintained aggregates (migration 0013): the dated
 * totals are the sum of metric_agg_days rows on or before the day (shared/domain/rules/metric-events.ts
 * says why that holds), referred customers and referrers are counted directly (referralsAsOf).
 *
 * Invariant: metric_agg_days = the sum of the changes of the facts in metric_agg_facts (each live
 * customer's rows as they were added). Triggers list in metric_agg_dirty every customer whose rows
 * changed since, whoever wrote them (a person, the planner, a sync pull); `refreshDirty` takes each
 * one out with its stored facts and puts it back with its rows now. A build (none yet, or other
 * windows in the rules) adds the customers in id order, a slice per step, recording how far it got,
 * so it can yield between slices and resume after a restart; writes meanwhile are listed as dirty
 * and refreshed once it is complete.
 */

const COLUMNS = DATED_TOTALS.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
/** Customers added per build step (~0.1 s of CPU each). */
export const BUILD_SLICE = 1_000;
/** More dirty customers than this: a rebuild (~7 s CPU at 100k) instead (folding in costs ~0.23 ms CPU a customer). */
const REBUILD_ABOVE = 20_000;

/**
 * What the aggregates were built under: the windows, and the layout of what is summed (2: the
 * customers counted by day, migration 0026). A different one starts a build.
 */
const AGGREGATES_FORMAT = 2;
const stampOf = (w: MetricWindows) => JSON.stringify({ ...w, format: AGGREGATES_FORMAT });

interface State { rules: string; cursor: string | null }
const readState = (sqlite: BetterSqlite3.Database) =>
  cachedStatement(sqlite, 'SELECT rules, cursor FROM metric_agg_state WHERE id = 1').get() as State | undefined;

/** Drops the aggregates and starts a build under these windows (its first step adds the first slice). */
function startBuild(sqlite: BetterSqlite3.Database, w: MetricWindows): void {
  sqlite.exec('DELETE FROM metric_agg_facts; DELETE FROM metric_agg_days; DELETE FROM metric_agg_dirty;');
  sqlite.prepare("INSERT OR REPLACE INTO metric_agg_state (id, rules, cursor) VALUES (1, ?, '')").run(stampOf(w));
}

/** Stored as [visit days, amounts, survey days, scores, first delivery]. */
function encode(f: MetricFacts): string {
  return JSON.stringify([f.visitDays, f.visitAmounts, f.surveyDays, f.surveyScores, f.firstDelivery]);
}
function decode(text: string): MetricFacts {
  const [visitDays, visitAmounts, surveyDays, surveyScores, firstDelivery] = JSON.parse(text) as [number[], number[], number[], number[], number | null];
  return { visitDays, visitAmounts, surveyDays, surveyScores, firstDelivery };
}

/** Keeps a customer's facts, and since when they count (metric-events.ts sinceDay; the referral counts read it). */
function saveFacts(sqlite: BetterSqlite3.Database, id: string, facts: MetricFacts, text = encode(facts)): void {
  cachedStatement(sqlite, 'INSERT OR REPLACE INTO metric_agg_facts (customer_id, facts, since) VALUES (?, ?, ?)').run(id, text, sinceDay(facts));
}

/** A date column as its epoch day (dates.ts toEpochDay), in SQL. */
const epochDay = (column: string) => `CAST(julianday(${column}) - 2440587.5 AS INTEGER)`;

/** Adds the changes into metric_agg_days. */
function writeChanges(sqlite: BetterSqlite3.Database, changes: DayChanges): void {
  const upsert = cachedStatement(
    sqlite,
    `INSERT INTO metric_agg_days (day, ${COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(COLUMNS.length)})
     ON CONFLICT (day) DO UPDATE SET ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  for (const [day, row] of changes) if (row.some((x) => x !== 0)) upsert.run(day, ...row);
}

/** Per customer: days and the values that go with them (amounts, scores), as SQLite grouped them. */
type Grouped = Map<string, [number[], number[]]>;
function grouped(statement: BetterSqlite3.Statement, ...args: unknown[]): Grouped {
  const out: Grouped = new Map();
  for (const [id, days, values] of statement.raw().all(...args) as [string, string, string][]) out.set(id, [JSON.parse(days) as number[], JSON.parse(values) as number[]]);
  return out;
}

/**
 * The whole-store rows a build needs besides purchases, read once per build run: free visits and
 * surveys a year of days per step from their covering date indexes (a step stays short at any
 * store size), then first deliveries. Purchases are read per slice of customers.
 */
interface StoreRows { free: Grouped; surveys: Grouped; delivery: Map<string, number> }
const CHUNK_DAYS = 365;
function storeReadSteps(sqlite: BetterSqlite3.Database): { rows: StoreRows; steps: (() => void)[] } {
  const rows: StoreRows = { free: new Map(), surveys: new Map(), delivery: new Map() };
  const steps: (() => void)[] = [];
  const byDate = (into: Grouped, table: string, date: string, value: string, where: string) => {
    const [lo, hi] = sqlite.prepare(`SELECT min(${date}), max(${date}) FROM ${table} WHERE ${where}`).raw().get() as [string | null, string | null];
    if (lo === null || hi === null) return;
    const read = sqlite.prepare(`SELECT customer_id, ${epochDay(date)}, ${value} FROM ${table} WHERE ${where} AND ${date} >= ? AND ${date} < ?`).raw();
    for (let from = toEpochDay(lo); from <= toEpochDay(hi); from += CHUNK_DAYS) {
      const range = [fromEpochDay(from), fromEpochDay(from + CHUNK_DAYS)];
      steps.push(() => {
        for (const [id, day, v] of read.all(...range) as [string, number, number][]) {
          const list = into.get(id);
          if (list) { list[0].push(day); list[1].push(v); } else into.set(id, [[day], [v]]);
        }
      });
    }
  };
  byDate(rows.free, 'visits', 'visit_date', 'amount_fen', 'amount_fen <= 0 AND deleted_at IS NULL');
  byDate(rows.surveys, 'surveys', 'surveyed_on', 'score', 'deleted_at IS NULL');
  steps.push(() => {
    const d = sqlite.prepare(`SELECT customer_id, ${epochDay('min(delivery_date)')} FROM vehicles WHERE deleted_at IS NULL GROUP BY customer_id`).raw().all() as [string, number][];
    rows.delivery = new Map(d);
  });
  return { rows, steps };
}

/** One customer's facts from its purchases, free visits and surveys (each as SQLite gave them). */
function factsOf(bought: [number[], number[]] | undefined, free: [number[], number[]] | undefined, surveys: [number[], number[]] | undefined, firstDelivery: number | null): MetricFacts {
  const visitDays = [...(bought?.[0] ?? []), ...(free?.[0] ?? [])];
  const visitAmounts = [...(bought?.[1] ?? []), ...(free?.[1] ?? [])];
  sortByDay(visitDays, visitAmounts);
  const surveyDays = [...(surveys?.[0] ?? [])];
  const surveyScores = [...(surveys?.[1] ?? [])];
  sortByDay(surveyDays, surveyScores);
  return { visitDays, visitAmounts, surveyDays, surveyScores, firstDelivery };
}

/** Adds the next slice of live customers. Returns false while there are more (true: complete, or no longer this build). */
function buildStep(sqlite: BetterSqlite3.Database, w: MetricWindows, store: StoreRows, slice = BUILD_SLICE): boolean {
  return sqlite.transaction(() => {
    const state = readState(sqlite);
    if (!state || state.cursor === null || state.rules !== stampOf(w)) return true;
    const ids = cachedStatement(sqlite, 'SELECT id FROM customers WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?').pluck().all(state.cursor, slice) as string[];
    const lastId = ids[ids.length - 1];
    if (lastId === undefined) {
      cachedStatement(sqlite, 'UPDATE metric_agg_state SET cursor = NULL WHERE id = 1').run();
      return true;
    }
    const purchases = grouped(cachedStatement(sqlite,
      `SELECT customer_id, json_group_array(${epochDay('visit_date')}), json_group_array(amount_fen) FROM visits
       WHERE customer_id > ? AND customer_id <= ? AND amount_fen > 0 AND deleted_at IS NULL GROUP BY customer_id`), state.cursor, lastId);
    const changes: DayChanges = new Map();
    for (const id of ids) {
      const facts = factsOf(purchases.get(id), store.free.get(id), store.surveys.get(id), store.delivery.get(id) ?? null);
      addMetricEvents(changes, facts, w, 1);
      saveFacts(sqlite, id, facts);
    }
    writeChanges(sqlite, changes);
    const done = ids.length < slice;
    cachedStatement(sqlite, 'UPDATE metric_agg_state SET cursor = ? WHERE id = 1').run(done ? null : lastId);
    return done;
  })();
}

/** The listed customers' rows now, for those alive (a few statements, each over all of them). */
function readDirtyFacts(sqlite: BetterSqlite3.Database): Map<string, MetricFacts> {
  const dirty = 'customer_id IN (SELECT customer_id FROM metric_agg_dirty)';
  const live = cachedStatement(sqlite, 'SELECT id FROM customers WHERE id IN (SELECT customer_id FROM metric_agg_dirty) AND deleted_at IS NULL').pluck().all() as string[];
  const visits = grouped(cachedStatement(sqlite,
    `SELECT customer_id, json_group_array(${epochDay('visit_date')}), json_group_array(amount_fen) FROM visits WHERE ${dirty} AND deleted_at IS NULL GROUP BY customer_id`));
  const surveys = grouped(cachedStatement(sqlite,
    `SELECT customer_id, json_group_array(${epochDay('surveyed_on')}), json_group_array(score) FROM surveys WHERE ${dirty} AND deleted_at IS NULL GROUP BY customer_id`));
  const delivery = new Map(cachedStatement(sqlite, `SELECT customer_id, ${epochDay('min(delivery_date)')} FROM vehicles WHERE ${dirty} AND deleted_at IS NULL GROUP BY customer_id`).raw().all() as [string, number][]);
  return new Map(live.map((id) => [id, factsOf(visits.get(id), undefined, surveys.get(id), delivery.get(id) ?? null)]));
}

/**
 * Takes every dirty customer out with its stored facts and puts it back with its rows now, in one
 * transaction. Returns how many were refreshed, or null when there were so many that a rebuild was
 * started instead (the caller then builds).
 */
function refreshDirty(sqlite: BetterSqlite3.Database, w: MetricWindows): number | null {
  return sqlite.transaction(() => {
    const ids = cachedStatement(sqlite, 'SELECT customer_id FROM metric_agg_dirty').pluck().all() as string[];
    if (ids.length === 0) return 0;
    if (ids.length > REBUILD_ABOVE) {
      startBuild(sqlite, w);
      return null;
    }
    const stored = new Map(cachedStatement(sqlite, 'SELECT customer_id, facts FROM metric_agg_facts WHERE customer_id IN (SELECT customer_id FROM metric_agg_dirty)').raw().all() as [string, string][]);
    const current = readDirtyFacts(sqlite);
    const drop = cachedStatement(sqlite, 'DELETE FROM metric_agg_facts WHERE customer_id = ?');
    const changes: DayChanges = new Map();
    for (const id of ids) {
      const before = stored.get(id);
      const now = current.get(id) ?? null;
      const text = now === null ? undefined : encode(now);
      if (text === before) continue;
      if (before !== undefined) addMetricEvents(changes, decode(before), w, -1);
      if (now !== null) {
        addMetricEvents(changes, now, w, 1);
        saveFacts(sqlite, id, now, text);
      } else drop.run(id);
    }
    writeChanges(sqlite, changes);
    sqlite.exec('DELETE FROM metric_agg_dirty');
    return ids.length;
  })();
}

/** Whether the aggregates are complete under these windows with nothing dirty. */
function needsWork(sqlite: BetterSqlite3.Database, w: MetricWindows): 'build' | 'refresh' | null {
  const state = readState(sqlite);
  if (!state || state.rules !== stampOf(w)) return 'build';
  if (state.cursor !== null) return 'build';
  return cachedStatement(sqlite, 'SELECT EXISTS (SELECT 1 FROM metric_agg_dirty)').pluck().get() === 1 ? 'refresh' : null;
}

/** Brings the aggregates up to date now (a build runs to its end: the slow path when none was taken in the background). */
export function ensureMetricAggregates(sqlite: BetterSqlite3.Database, rules: RulesConfig): void {
  const w = metricWindows(rules);
  for (;;) {
    const work = needsWork(sqlite, w);
    if (work === null) return;
    if (work === 'refresh') {
      if (refreshDirty(sqlite, w) !== null) return;
      continue;
    }
    const state = readState(sqlite);
    if (!state || state.rules !== stampOf(w)) sqlite.transaction(() => startBuild(sqlite, w))();
    const store = storeReadSteps(sqlite);
    for (const step of store.steps) step();
    while (!buildStep(sqlite, w, store.rows));
  }
}

/**
 * The same in the background: a build one slice per step with `pause()` in between (the core
 * answers calls meanwhile), then the dirty customers. Stops when `stopped` says so. Returns the
 * number of steps taken (0: it was up to date, or there is nothing to build on yet).
 */
export function warmMetricAggregates(
  sqlite: BetterSqlite3.Database,
  rules: RulesConfig,
  options: { pause: () => Promise<void>; stopped?: () => boolean; slice?: number },
): Promise<number> {
  // One at a time per database: a second caller (the dashboard opened during the warm-up after the daily plan) joins it.
  const under = warming.get(sqlite);
  if (under) return under;
  const run = warmOnce(sqlite, rules, options).finally(() => warming.delete(sqlite));
  warming.set(sqlite, run);
  return run;
}

const warming = new WeakMap<BetterSqlite3.Database, Promise<number>>();

async function warmOnce(
  sqlite: BetterSqlite3.Database,
  rules: RulesConfig,
  options: { pause: () => Promise<void>; stopped?: () => boolean; slice?: number },
): Promise<number> {
  const w = metricWindows(rules);
  const halt = () => options.stopped?.() === true || !sqlite.open;
  // A desk with no customers yet (before its initial sync) starts nothing: the triggers would list every pulled customer.
  if (readState(sqlite) === undefined && cachedStatement(sqlite, 'SELECT NOT EXISTS (SELECT 1 FROM customers)').pluck().get() === 1) return 0;
  let steps = 0;
  for (;;) {
    await options.pause();
    if (halt()) return steps;
    const work = needsWork(sqlite, w);
    if (work === null) return steps;
    steps++;
    if (work === 'refresh') {
      if (refreshDirty(sqlite, w) !== null) return steps;
      continue;
    }
    const state = readState(sqlite);
    if (!state || state.rules !== stampOf(w)) sqlite.transaction(() => startBuild(sqlite, w))();
    const store = storeReadSteps(sqlite);
    for (const step of store.steps) {
      await options.pause();
      if (halt()) return steps;
      steps++;
      step();
    }
    for (;;) {
      await options.pause();
      if (halt()) return steps;
      steps++;
      if (buildStep(sqlite, w, store.rows, options.slice)) break;
    }
  }
}

const SUMS = `SELECT ${COLUMNS.map((c, i) => `coalesce(sum(${c}), 0) AS ${DATED_TOTALS[i]}`).join(', ')} FROM metric_agg_days WHERE day <= ?`;
/** Every live referred customer: who referred them, whether that customer is live, since when each counts (metric_agg_facts.since). */
const REFERRED = `
SELECT d.referred_by_id, r.id IS NOT NULL, fd.since, fr.since
FROM customers d
JOIN metric_agg_facts fd ON fd.customer_id = d.id
LEFT JOIN customers r ON r.id = d.referred_by_id AND r.deleted_at IS NULL
LEFT JOIN metric_agg_facts fr ON fr.customer_id = r.id
WHERE d.deleted_at IS NULL AND d.referred_by_id IS NOT NULL`;

const countsOn = (since: number | null, day: number) => since === null || since <= day;

/**
 * Referred customers and referrers as of each day (metrics.ts): the referred who count that day;
 * the live referrers who count, with at least one of them. Read once for all the days (~12k rows
 * at 100k customers), from facts brought up to date.
 */
function referralsAsOf(sqlite: BetterSqlite3.Database, days: readonly IsoDate[]): Map<IsoDate, { referred: number; referrers: number }> {
  const rows = cachedStatement(sqlite, REFERRED).raw().all() as [string, number, number | null, number | null][];
  const out = new Map<IsoDate, { referred: number; referrers: number }>();
  for (const day of days) {
    const D = toEpochDay(day);
    let referred = 0;
    const referrers = new Set<string>();
    for (const [referrer, live, since, referrerSince] of rows) {
      if (!countsOn(since, D)) continue;
      referred++;
      if (live && countsOn(referrerSince, D)) referrers.add(referrer);
    }
    out.set(day, { referred, referrers: referrers.size });
  }
  return out;
}

/** The totals as of each day, from up-to-date aggregates (brought up to date first). */
export function metricTotalsFromAggregates(sqlite: BetterSqlite3.Database, days: readonly IsoDate[], rules: RulesConfig): Map<IsoDate, MetricTotals> {
  ensureMetricAggregates(sqlite, rules);
  return sqlite.transaction(() => {
    const referrals = referralsAsOf(sqlite, days);
    const sums = cachedStatement(sqlite, SUMS);
    const out = new Map<IsoDate, MetricTotals>();
    for (const day of days) {
      if (out.has(day)) continue;
      const dated = sums.get(toEpochDay(day)) as Record<DatedTotal, number>;
      out.set(day, { ...dated, ...referrals.get(day)! });
    }
    return out;
  })();
}

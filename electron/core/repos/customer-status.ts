import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import { riskRank, statusRisk, type StatusFacts } from '../../../shared/domain/status';
import type { Tier } from '../../../shared/domain/types';

/**
 * customer_status (migration 0005): per customer, the facts the risk radar and the roster
 * read, taken with a few index lookups per customer, and the radar's answer for that day.
 * `@day` = the facts' day, `@from` = the first opening date a resolved complaint still counts from.
 */
const SELECT_FACTS = `
SELECT c.id, c.advisor_id, c.tier,
  (SELECT max(v.visit_date) FROM visits v WHERE v.customer_id = c.id AND v.deleted_at IS NULL AND v.visit_date <= @day),
  (SELECT max(v.visit_date) FROM visits v WHERE v.customer_id = c.id AND v.deleted_at IS NULL AND v.visit_date <= @day AND v.amount_fen > 0),
  (SELECT min(h.delivery_date) FROM vehicles h WHERE h.customer_id = c.id AND h.deleted_at IS NULL AND h.delivery_date <= @day),
  s.score, s.surveyed_on,
  (SELECT json_group_array(json_array(k.opened_on, k.resolved_on)) FROM complaints k
     WHERE k.customer_id = c.id AND k.deleted_at IS NULL AND k.opened_on <= @day
       AND (k.resolved_on IS NULL OR k.resolved_on > @day OR k.opened_on >= @from)
     HAVING count(*) > 0),
  c.name,
  (SELECT h.plate FROM vehicles h WHERE h.customer_id = c.id AND h.deleted_at IS NULL ORDER BY h.delivery_date DESC, h.id LIMIT 1)
FROM customers c
LEFT JOIN surveys s ON s.id = (
  SELECT s2.id FROM surveys s2 WHERE s2.customer_id = c.id AND s2.deleted_at IS NULL AND s2.surveyed_on <= @day
  ORDER BY s2.surveyed_on DESC, s2.score ASC LIMIT 1)
WHERE c.deleted_at IS NULL`;

type FactRow = [string, string | null, string, string | null, string | null, string | null, number | null, string | null, string | null, string, string | null];
/** A stored row: its facts (FACT_COLUMNS), then the day they were taken. */
type StoredRow = [...FactRow, string];

const INSERT = `INSERT OR REPLACE INTO customer_status
  (advisor_id, customer_id, name, plate, tier, last_visit_on, last_purchase_on, first_delivery_on, survey_score, surveyed_on, complaints, flag, reasons, risk_rank, refreshed_on)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const DAY_KEY = 'customer_status_day';

/** What the stored answers depend on besides the rows: the day and the radar's settings. */
function stamp(day: string, rules: RulesConfig): string {
  return `${day}|${rules.trailingDays}|${JSON.stringify(rules.radar)}`;
}

/** A stamp of `day` or an earlier one under the same settings. */
function sameRules(earlier: string | undefined, day: string, rules: RulesConfig): boolean {
  const settings = stamp('', rules);
  return earlier !== undefined && earlier.endsWith(settings) && earlier.slice(0, -settings.length) <= day;
}

function bindings(day: string, rules: RulesConfig) {
  return { day, from: addDays(day, -rules.radar.complaintWindowDays) };
}

function toFacts(r: FactRow | StoredRow): StatusFacts {
  const complaints = r[8] === null ? [] : (JSON.parse(r[8]) as [string, string | null][]).map(([openedOn, resolvedOn]) => ({ openedOn, resolvedOn }));
  return {
    customerId: r[0], advisorId: r[1], tier: r[2] as Tier, lastVisitOn: r[3], lastPurchaseOn: r[4], firstDeliveryOn: r[5],
    survey: r[6] === null || r[7] === null ? null : { date: r[7], score0to10: r[6] },
    complaints,
  };
}

function writeRows(sqlite: BetterSqlite3.Database, rows: readonly FactRow[], day: string, rules: RulesConfig): number {
  const insert = sqlite.prepare(INSERT);
  for (const row of rows) {
    const risk = statusRisk(toFacts(row), day, rules);
    insert.run(row[1] ?? '', row[0], row[9], row[10], row[2], row[3], row[4], row[5], row[6], row[7], row[8], risk.flag, JSON.stringify(risk.reasons), riskRank(risk), day);
  }
  return rows.length;
}

/** Takes every customer's facts again (once a day, and after a whole-store plan). */
export function refreshAllStatus(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): number {
  return sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM customer_status').run();
    // Sorted by advisor and customer: the inserts append to the clustered table.
    const facts = sqlite.prepare(`${SELECT_FACTS} ORDER BY coalesce(c.advisor_id, ''), c.id`).raw().all(bindings(day, rules)) as FactRow[];
    const n = writeRows(sqlite, facts, day, rules);
    sqlite.prepare('DELETE FROM customer_status_dirty').run();
    stampEveryone(sqlite, day, rules);
    return n;
  })();
}

/** Everyone's stored rows taken to the day at once (rollForward), then those behind; else everyone taken again. */
function rollEveryone(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): number {
  return sqlite.transaction(() => {
    const n = rollForward(sqlite, sqlite.prepare(SELECT_STORED).raw().all() as StoredRow[], day, rules);
    if (n === null) return refreshAllStatus(sqlite, day, rules);
    refreshStatusFor(sqlite, sqlite.prepare(BEHIND).pluck().all(-1) as string[], day, rules);
    finishEveryone(sqlite, day, rules);
    return n;
  })();
}

/**
 * After a roll: the customers marked dirty, and any live customer without a row (none while the
 * triggers keep the rows complete; a safety net), are taken again. LIMIT ? (-1: all).
 */
const BEHIND = `SELECT customer_id FROM customer_status_dirty
  UNION SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM customer_status s WHERE s.customer_id = c.id)
  LIMIT ?`;

/** The end of everyone's refresh: rows of customers deleted since (or never live) go, and the day is stamped for everyone. */
function finishEveryone(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): void {
  sqlite.prepare('DELETE FROM customer_status WHERE customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NULL)').run();
  stampEveryone(sqlite, day, rules);
}

function stampEveryone(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): void {
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(DAY_KEY, stamp(day, rules));
  sqlite.prepare("DELETE FROM settings WHERE key LIKE 'customer_status_day:%'").run();
}

/**
 * The whole-store refresh in slices of customers (by id), each its own short transaction, so the
 * core keeps answering in between (`pause` yields). Reads during it still see a stale day and
 * refresh the advisor they read. Returns how many customers were taken.
 */
export async function refreshAllStatusInSlices(
  sqlite: BetterSqlite3.Database,
  day: string,
  rules: RulesConfig,
  options: { sliceSize?: number; pause: () => Promise<void>; stopped?: () => boolean },
): Promise<number> {
  const size = options.sliceSize ?? 2000;
  // Already taken for the day (a read of everyone came first, or this ran twice): only those marked since.
  if (everyoneCurrent(sqlite, day, rules)) return takeBehindInSlices(sqlite, day, rules, { ...options, sliceSize: size });
  if (rollableEveryone(sqlite, day, rules)) return rollEveryoneInSlices(sqlite, day, rules, { ...options, sliceSize: size });
  const slice = sqlite.prepare(`${SELECT_FACTS} AND c.id > @after ORDER BY c.id LIMIT @size`).raw();
  let after = '';
  let n = 0;
  for (;;) {
    if (options.stopped?.() || !sqlite.open) return n;
    const taken = sqlite.transaction(() => {
      const facts = slice.all({ ...bindings(day, rules), after, size }) as FactRow[];
      if (facts.length === 0) return 0;
      const list = JSON.stringify(facts.map((f) => f[0]));
      sqlite.prepare('DELETE FROM customer_status WHERE customer_id IN (SELECT value FROM json_each(?))').run(list);
      writeRows(sqlite, facts, day, rules);
      sqlite.prepare('DELETE FROM customer_status_dirty WHERE customer_id IN (SELECT value FROM json_each(?))').run(list);
      after = facts[facts.length - 1]![0];
      return facts.length;
    })();
    if (taken === 0) break;
    n += taken;
    await options.pause();
  }
  if (options.stopped?.() || !sqlite.open) return n;
  sqlite.transaction(() => finishEveryone(sqlite, day, rules))();
  return n;
}

/** Everyone's rows were taken for this day under these settings (those marked dirty since aside). */
export function everyoneCurrent(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): boolean {
  const stored = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DAY_KEY) as string | undefined;
  return stored === stamp(day, rules) && sqlite.prepare('SELECT 1 FROM customer_status LIMIT 1').pluck().get() !== undefined;
}

/** Every stored row can be rolled to the day: complete since a whole-store refresh under the same rules, none taken on a later day. */
function rollableEveryone(sqlite: BetterSqlite3.Database, day: string, rules: RulesConfig): boolean {
  const newest = sqlite.prepare('SELECT max(refreshed_on) FROM customer_status').pluck().get() as string | null;
  const stored = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DAY_KEY) as string | undefined;
  return newest !== null && newest <= day && sameRules(stored, day, rules);
}

/**
 * The daily refresh when the stored rows can be rolled (rollForward): slices of stored rows by
 * customer, then the customers marked dirty and any live customer without a row, in slices too.
 */
async function rollEveryoneInSlices(
  sqlite: BetterSqlite3.Database,
  day: string,
  rules: RulesConfig,
  options: { sliceSize: number; pause: () => Promise<void>; stopped?: () => boolean },
): Promise<number> {
  const oldest = sqlite.prepare('SELECT min(refreshed_on) FROM customer_status').pluck().get() as string;
  // Once for every slice: a slice's own oldest day is no earlier, so this set holds all its customers dated since.
  let dated: ReadonlySet<string> | null = null;
  const datedSince = () => (dated ??= customersWithRowsDated(sqlite, oldest, day));
  const slice = sqlite.prepare(`${SELECT_STORED} WHERE customer_id > ? ORDER BY customer_id LIMIT ?`).raw();
  let after = '';
  let n = 0;
  for (;;) {
    if (options.stopped?.() || !sqlite.open) return n;
    const rolled = sqlite.transaction(() => {
      const rows = slice.all(after, options.sliceSize) as StoredRow[];
      if (rows.length === 0) return 0;
      // A row taken on a later day meanwhile (a read after the clock went back) is taken again.
      if (rollForward(sqlite, rows, day, rules, datedSince) === null) refreshStatusFor(sqlite, rows.map((r) => r[0]), day, rules);
      after = rows[rows.length - 1]![0];
      return rows.length;
    })();
    if (rolled === 0) break;
    n += rolled;
    await options.pause();
  }
  await takeBehindInSlices(sqlite, day, rules, options);
  if (options.stopped?.() || !sqlite.open) return n;
  sqlite.transaction(() => finishEveryone(sqlite, day, rules))();
  return n;
}

/** The customers behind (BEHIND) taken to the day, a slice at a time; how many. */
async function takeBehindInSlices(
  sqlite: BetterSqlite3.Database,
  day: string,
  rules: RulesConfig,
  options: { sliceSize: number; pause: () => Promise<void>; stopped?: () => boolean },
): Promise<number> {
  const behind = sqlite.prepare(BEHIND).pluck();
  let n = 0;
  for (;;) {
    if (options.stopped?.() || !sqlite.open) return n;
    const ids = behind.all(options.sliceSize) as string[];
    if (ids.length === 0) return n;
    refreshStatusFor(sqlite, ids, day, rules);
    n += ids.length;
    await options.pause();
  }
}

/** Takes these customers' facts again (after a visit, survey, complaint, reassignment...). */
export function refreshStatusFor(sqlite: BetterSqlite3.Database, ids: readonly string[], day: string, rules: RulesConfig): void {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM customer_status WHERE customer_id IN (SELECT value FROM json_each(?))').run(list);
    const facts = sqlite.prepare(`${SELECT_FACTS} AND c.id IN (SELECT value FROM json_each(@list))`).raw().all({ ...bindings(day, rules), list }) as FactRow[];
    writeRows(sqlite, facts, day, rules);
    sqlite.prepare('DELETE FROM customer_status_dirty WHERE customer_id IN (SELECT value FROM json_each(?))').run(list);
  })();
}

/** Takes one advisor's customers again ('' = unassigned): a read for that advisor before the daily whole-store refresh ran. */
function refreshAdvisor(sqlite: BetterSqlite3.Database, advisorId: string, day: string, rules: RulesConfig, rollable: boolean): number {
  return sqlite.transaction(() => {
    const rows = rollable ? (sqlite.prepare(`${SELECT_STORED} WHERE advisor_id = ?`).raw().all(advisorId) as StoredRow[]) : null;
    const n = (rows === null ? null : rollForward(sqlite, rows, day, rules)) ?? takeAdvisorAgain(sqlite, advisorId, day, rules);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`${DAY_KEY}:${advisorId}`, stamp(day, rules));
    return n;
  })();
}

function takeAdvisorAgain(sqlite: BetterSqlite3.Database, advisorId: string, day: string, rules: RulesConfig): number {
  sqlite.prepare('DELETE FROM customer_status WHERE advisor_id = ?').run(advisorId);
  // Per store, so the customers_store_advisor index finds the advisor's customers.
  const stores = sqlite.prepare('SELECT id FROM stores').pluck().all() as string[];
  let n = 0;
  for (const store of stores) {
    const facts = sqlite
      .prepare(`${SELECT_FACTS} AND c.store_id = @store AND ${advisorId === '' ? 'c.advisor_id IS NULL' : 'c.advisor_id = @advisor'}`)
      .raw()
      .all({ ...bindings(day, rules), store, ...(advisorId === '' ? {} : { advisor: advisorId }) }) as FactRow[];
    n += writeRows(sqlite, facts, day, rules);
  }
  return n;
}

/**
 * Stored rows taken to a later day without reading their facts again (for one advisor's 16k
 * customers the index lookups cost ~0.6 s, the roll ~0.25 s): facts taken as of a day hold on
 * any later day (StatusFacts) unless a row dated after it, up to the new day, was already there
 * (a row written since marks its customer dirty). Those customers are taken again; the rest get
 * the radar's answer for the day from their stored facts. Null when the rows cannot be rolled:
 * one was taken on a later day (the clock went back). Only for rows kept complete since a
 * refresh under the same rules (`rollable`).
 */
function rollForward(
  sqlite: BetterSqlite3.Database,
  rows: readonly StoredRow[],
  day: string,
  rules: RulesConfig,
  datedSince: (oldest: string) => ReadonlySet<string> = (oldest) => customersWithRowsDated(sqlite, oldest, day),
): number | null {
  let oldest = day;
  for (const row of rows) {
    if (row[11] > day) return null;
    if (row[11] < oldest) oldest = row[11];
  }
  const dated = oldest < day ? datedSince(oldest) : new Set<string>();
  const update = sqlite.prepare('UPDATE customer_status SET flag = ?, reasons = ?, risk_rank = ?, refreshed_on = ? WHERE advisor_id = ? AND customer_id = ?');
  const again: string[] = [];
  for (const row of rows) {
    if (row[11] === day) continue;
    if (dated.has(row[0])) {
      again.push(row[0]);
      continue;
    }
    const risk = statusRisk(toFacts(row), day, rules);
    update.run(risk.flag, JSON.stringify(risk.reasons), riskRank(risk), day, row[1], row[0]);
  }
  refreshStatusFor(sqlite, again, day, rules);
  return rows.length;
}

/** The customers with a visit, delivery, survey or complaint dated after `after`, up to `day`: what the radar's facts may gain in between. */
function customersWithRowsDated(sqlite: BetterSqlite3.Database, after: string, day: string): Set<string> {
  const out = new Set<string>();
  const add = (ids: unknown[]) => {
    for (const id of ids as string[]) out.add(id);
  };
  // Per store, so visits_store_date finds the days; the other tables are small or scanned once.
  const visits = sqlite.prepare('SELECT customer_id FROM visits WHERE store_id = ? AND visit_date > ? AND visit_date <= ?').pluck();
  for (const store of sqlite.prepare('SELECT id FROM stores').pluck().all() as string[]) add(visits.all(store, after, day));
  add(sqlite.prepare('SELECT customer_id FROM surveys WHERE surveyed_on > ? AND surveyed_on <= ? AND deleted_at IS NULL').pluck().all(after, day));
  add(sqlite.prepare('SELECT customer_id FROM complaints WHERE opened_on > ? AND opened_on <= ?').pluck().all(after, day));
  add(sqlite.prepare('SELECT customer_id FROM vehicles WHERE delivery_date > ? AND delivery_date <= ?').pluck().all(after, day));
  return out;
}

/**
 * Makes the stored answers current for `today` before a read. When nothing is stored yet, or the
 * day (or the radar's settings) changed and the daily whole-store refresh has not run yet, just
 * the customers of `advisorId` (the one being read; null = everyone); then the customers the
 * triggers marked dirty since. Returns how many were refreshed.
 */
export function ensureStatus(sqlite: BetterSqlite3.Database, today: string, rules: RulesConfig, advisorId: string | null = null): number {
  const want = stamp(today, rules);
  const stored = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const current = everyoneCurrent(sqlite, today, rules);
  // Current means rows are stored: on every read of a day already taken, the one question asked.
  const any = current || sqlite.prepare('SELECT 1 FROM customer_status LIMIT 1').pluck().get() !== undefined;
  let n = 0;
  if (advisorId === null && !current) return rollableEveryone(sqlite, today, rules) ? rollEveryone(sqlite, today, rules) : refreshAllStatus(sqlite, today, rules);
  // Nothing stored yet (a new desk: 100k customers take ~7 s): no day stamp holds, and an advisor's
  // read takes just their customers; the rest come with the next read of each, or the slices after the plan.
  if (!any) sqlite.prepare("DELETE FROM settings WHERE key = ? OR key LIKE 'customer_status_day:%'").run(DAY_KEY);
  const mine = stored.get(`${DAY_KEY}:${advisorId}`) as string | undefined;
  // The advisor's rows were complete on the day of their stamp (or the whole store's) and kept so by the triggers since.
  if (!current && mine !== want) n += refreshAdvisor(sqlite, advisorId!, today, rules, any && sameRules(mine ?? (stored.get(DAY_KEY) as string | undefined), today, rules));
  const dirty = sqlite.prepare('SELECT customer_id FROM customer_status_dirty').pluck().all() as string[];
  refreshStatusFor(sqlite, dirty, today, rules);
  return n + dirty.length;
}

const FACT_COLUMNS = 'customer_id, advisor_id, tier, last_visit_on, last_purchase_on, first_delivery_on, survey_score, surveyed_on, complaints, name, plate';
const SELECT_STORED = `SELECT ${FACT_COLUMNS}, refreshed_on FROM customer_status`;

/** The stored facts of every customer (tests compare them with the raw rows). */
export function allStatusFacts(sqlite: BetterSqlite3.Database): StatusFacts[] {
  return (sqlite.prepare(`SELECT ${FACT_COLUMNS} FROM customer_status`).raw().all() as FactRow[]).map((r) => ({ ...toFacts(r), advisorId: r[1] === '' ? null : r[1] }));
}

/** How many of the advisor's customers are red and yellow today (after ensureStatus). */
export function riskCounts(sqlite: BetterSqlite3.Database, advisorId: string): { red: number; yellow: number } {
  // A count per flag (a range of customer_status_risk each): half the time of one grouped pass over both.
  const count = sqlite.prepare('SELECT count(*) FROM customer_status WHERE advisor_id = ? AND flag = ?').pluck();
  return { red: count.get(advisorId, 'red') as number, yellow: count.get(advisorId, 'yellow') as number };
}

/** The advisor's most urgent red, then yellow, customers with the radar's reasons. */
export function riskTop(sqlite: BetterSqlite3.Database, advisorId: string, limit: number): { id: string; flag: 'red' | 'yellow'; reasons: RiskReason[] }[] {
  const stmt = sqlite.prepare('SELECT customer_id, reasons FROM customer_status WHERE advisor_id = ? AND flag = ? ORDER BY risk_rank DESC LIMIT ?').raw();
  const out: { id: string; flag: 'red' | 'yellow'; reasons: RiskReason[] }[] = [];
  for (const flag of ['red', 'yellow'] as const) {
    if (out.length >= limit) break;
    for (const [id, reasons] of stmt.all(advisorId, flag, limit - out.length) as [string, string][]) out.push({ id, flag, reasons: JSON.parse(reasons) as RiskReason[] });
  }
  return out;
}

export interface StatusListRow {
  id: string;
  name: string;
  plate: string | null;
  tier: Tier;
  flag: RiskFlag;
  reasons: RiskReason[];
  lastVisitOn: string | null;
  /** The first car's delivery: a customer who never visited is quiet since then. */
  firstDeliveryOn: string | null;
  /** Urgency within the flag (status.ts riskRank): an open complaint, then the longest quiet. */
  riskRank: number;
}

/** Every customer of the advisor (all customers for null) with name, newest plate and today's flag (reasons for red and yellow): one range read. */
export function rosterStatus(sqlite: BetterSqlite3.Database, advisorId: string | null): StatusListRow[] {
  const sql = `SELECT customer_id, name, plate, tier, flag, reasons, last_visit_on, first_delivery_on, risk_rank FROM customer_status ${advisorId === null ? '' : 'WHERE advisor_id = ?'}`;
  const stmt = sqlite.prepare(sql).raw();
  const rows = (advisorId === null ? stmt.all() : stmt.all(advisorId)) as [string, string, string | null, Tier, RiskFlag, string, string | null, string | null, number][];
  // Green rows carry no reasons: the list shows why a customer is at risk, and thousands of green rows stay light.
  return rows.map(([id, name, plate, tier, flag, reasons, lastVisitOn, firstDeliveryOn, riskRank]) => ({
    id, name, plate, tier, flag, reasons: flag === 'green' ? [] : (JSON.parse(reasons) as RiskReason[]), lastVisitOn, firstDeliveryOn, riskRank,
  }));
}

/** Today's stored flag and reasons of these customers. */
export function storedRisk(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, { flag: RiskFlag; reasons: RiskReason[] }> {
  const rows = sqlite.prepare('SELECT customer_id, flag, reasons FROM customer_status WHERE customer_id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [string, RiskFlag, string][];
  return new Map(rows.map(([id, flag, reasons]) => [id, { flag, reasons: JSON.parse(reasons) as RiskReason[] }]));
}

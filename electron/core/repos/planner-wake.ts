import type BetterSqlite3 from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain/types';

/**
 * The planner's wake rows (migrations 0004 and 0016): per customer, the day it must be planned
 * again, its planning facts kept (planner-inputs-cached.ts) and the digest of the tasks last
 * written for it (planner/task-digest.ts).
 */

/** The task digests of some customers (null: none kept). */
export function taskDigestsOf(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, string | null> {
  const rows = sqlite.prepare('SELECT customer_id, tasks_digest FROM planner_wake WHERE customer_id IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify(ids)) as [string, string | null][];
  return new Map(rows);
}

/**
 * Customers a write marked due (wake day '', the triggers of migration 0004) that no run has
 * planned since, from the partial index of migration 0027.
 */
export function markedDue(sqlite: BetterSqlite3.Database): string[] {
  return sqlite.prepare("SELECT customer_id FROM planner_wake WHERE wake_on = ''").pluck().all() as string[];
}

/** What planning some customers writes into their wake rows (see writeWakeRows). */
export interface WakeWrites {
  /** [customer, wake day]: days that changed. */
  days: readonly (readonly [string, string])[];
  /** Customers gone: their rows go. */
  forget: readonly string[];
  /** Facts to keep, read under `key`: [customer, encoded facts, last day valid]. */
  facts?: { key: string; rows: readonly (readonly [string, string, string])[] };
  /** [customer, digest of the tasks now written]. */
  digests?: readonly (readonly [string, string])[];
}

/**
 * Writes what planning some customers decided about their wake rows, after their tasks, cards
 * and tier (whose writes mark them due and drop their kept facts and digest: migration 0004's and
 * 0016's triggers). A customer without a row yet (a first plan) gets it whole in one insert.
 */
export function writeWakeRows(sqlite: BetterSqlite3.Database, today: IsoDate, wake: WakeWrites): void {
  const s = statementsOf(sqlite);
  const facts = new Map<string, readonly [string, string, string]>();
  for (const f of wake.facts?.rows ?? []) facts.set(f[0], f);
  const digests = new Map<string, string>();
  for (const [id, digest] of wake.digests ?? []) digests.set(id, digest);
  const key = wake.facts?.key ?? null;
  const days: (readonly [string, string])[] = [];
  for (const day of wake.days) {
    const f = facts.get(day[0]);
    const digest = digests.get(day[0]);
    if (f === undefined || digest === undefined || s.insertWhole.run({ id: day[0], day: day[1], facts: f[1], until: f[2], today, key, digest }).changes === 0) {
      days.push(day);
      continue;
    }
    facts.delete(day[0]);
    digests.delete(day[0]);
  }
  if (days.length > 0) s.days.run(JSON.stringify(days));
  if (wake.forget.length > 0) s.forget.run(JSON.stringify(wake.forget));
  if (key !== null) keepFacts(sqlite, today, key, [...facts.values()]);
  for (const [id, digest] of digests) s.digest.run({ digest, id });
}

/** The facts of some customers, to keep: [customer, encoded facts, last day valid]. Their wake rows exist. */
export function keepFacts(sqlite: BetterSqlite3.Database, today: IsoDate, key: string, facts: readonly (readonly [string, string, string])[]): void {
  // One statement per row: the facts as one JSON argument would be escaped, then parsed again by SQLite (50k rows took 0.7 s that way, 0.27 s so).
  const update = statementsOf(sqlite).facts;
  for (const [id, text, until] of facts) update.run({ facts: text, until, today, key, id });
}

const statements = new WeakMap<BetterSqlite3.Database, ReturnType<typeof prepare>>();

function statementsOf(sqlite: BetterSqlite3.Database): ReturnType<typeof prepare> {
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = prepare(sqlite)));
  return s;
}

function prepare(sqlite: BetterSqlite3.Database) {
  return {
    insertWhole: sqlite.prepare(
      `INSERT INTO planner_wake (customer_id, wake_on, facts, facts_key, facts_on, facts_until, tasks_digest)
       VALUES (@id, @day, @facts, @key, @today, @until, @digest) ON CONFLICT (customer_id) DO NOTHING`,
    ),
    // A day that did not change is not written again (a full run over a planned store keeps most).
    days: sqlite.prepare(
      `INSERT INTO planner_wake (customer_id, wake_on) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
       ON CONFLICT (customer_id) DO UPDATE SET wake_on = excluded.wake_on WHERE wake_on IS NOT excluded.wake_on`,
    ),
    forget: sqlite.prepare('DELETE FROM planner_wake WHERE customer_id IN (SELECT value FROM json_each(?))'),
    // Unchanged facts are not written again (a run reading a customer whose kept facts are still these); read
    // earlier with the same last day, they were valid from then on, so their day stays.
    facts: sqlite.prepare(
      `UPDATE planner_wake SET facts = @facts, facts_until = @until, facts_on = @today, facts_key = @key
       WHERE customer_id = @id AND (facts IS NOT @facts OR facts_until IS NOT @until OR facts_key IS NOT @key OR facts_on > @today)`,
    ),
    digest: sqlite.prepare('UPDATE planner_wake SET tasks_digest = @digest WHERE customer_id = @id AND tasks_digest IS NOT @digest'),
  };
}

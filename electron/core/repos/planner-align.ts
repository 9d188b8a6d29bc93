import type BetterSqlite3 from 'better-sqlite3';
import type { CapturedRow } from '../sync/ops';

/**
 * SQL of the planner's align capture (migration 0014): which planned rows HQ holds, the switch the
 * planner turns on while it writes, what the triggers copied, and the outbox entry it becomes.
 * Synchronous (better-sqlite3): it runs inside the planner's own transaction.
 */
type Statements = ReturnType<typeof prepare>;
const statements = new WeakMap<BetterSqlite3.Database, Statements>();

function prepare(sqlite: BetterSqlite3.Database) {
  return {
    switchOn: sqlite.prepare('INSERT OR IGNORE INTO sync_align_switch (id) VALUES (1)'),
    switchOff: sqlite.prepare('DELETE FROM sync_align_switch'),
    anyCaptured: sqlite.prepare('SELECT 1 FROM sync_align_capture LIMIT 1').pluck(),
    captured: sqlite.prepare('SELECT tbl, op, old, new FROM sync_align_capture ORDER BY seq'),
    clearCaptured: sqlite.prepare('DELETE FROM sync_align_capture'),
    appendOutbox: sqlite.prepare('INSERT INTO outbox (name, args, created_at, ops) VALUES (?, ?, ?, ?)'),
    hold: sqlite.prepare('INSERT OR IGNORE INTO sync_held (tbl, pk) VALUES (?, ?)'),
    prune: sqlite.prepare(
      `DELETE FROM sync_held
       WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE sync_held.tbl = 'tasks' AND t.id = sync_held.pk AND t.status IN ('open', 'void'))
         AND NOT EXISTS (SELECT 1 FROM card_reminders c WHERE sync_held.tbl = 'card_reminders' AND c.id = sync_held.pk AND (c.status = 'to_write' OR (c.status = 'skipped' AND c.skip_reason = 'lapsed' AND c.occasion_date >= ?)))
         AND (tbl, pk) NOT IN (SELECT j.value ->> '$.table', j.value ->> '$.pk' FROM outbox o, json_each(o.ops) AS j WHERE o.settled_at IS NULL)`,
    ),
  };
}

function statementsOf(sqlite: BetterSqlite3.Database): Statements {
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = prepare(sqlite)));
  return s;
}

/** Turns the align capture on for the rest of the caller's transaction. */
export function alignSwitchOn(sqlite: BetterSqlite3.Database): void {
  statementsOf(sqlite).switchOn.run();
}

/** Turns it off and returns (and clears) what the triggers copied since alignSwitchOn, in order. */
export function takeAlignCaptured(sqlite: BetterSqlite3.Database): CapturedRow[] {
  const s = statementsOf(sqlite);
  s.switchOff.run();
  if (s.anyCaptured.get() === undefined) return [];
  const rows = s.captured.all() as CapturedRow[];
  s.clearCaptured.run();
  return rows;
}

/** Queues an outbox entry in the caller's transaction (the planner's: no person, no audit entry). */
export function appendOutboxSync(sqlite: BetterSqlite3.Database, m: { name: string; args: Record<string, unknown>; at: string; ops: readonly unknown[] }): void {
  statementsOf(sqlite).appendOutbox.run(m.name, JSON.stringify(m.args), m.at, JSON.stringify(m.ops));
}

/** Notes rows HQ holds (tbl, pk pairs) in one transaction. */
export function holdRows(sqlite: BetterSqlite3.Database, rows: readonly (readonly [string, string])[]): void {
  if (rows.length === 0) return;
  const { hold } = statementsOf(sqlite);
  sqlite.transaction(() => {
    for (const [tbl, pk] of rows) hold.run(tbl, pk);
  })();
}

/**
 * Forgets held rows the planner will never change again: a task done or skipped, a card a person
 * wrote or skipped, a lapsed card whose occasion is before `today`, or gone (a task it voided and a
 * card it lapsed for a day still to come stay: it opens those again when wanted). A row in an unsettled outbox entry stays: HQ's refusal of that entry undoes
 * it, which can make the row open again. Returns how many were forgotten.
 */
export function pruneHeld(sqlite: BetterSqlite3.Database, today: string): number {
  return statementsOf(sqlite).prune.run(today).changes;
}

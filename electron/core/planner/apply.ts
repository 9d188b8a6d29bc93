import type BetterSqlite3 from 'better-sqlite3';
import { writeWakeRows, type WakeWrites } from '../repos/planner-wake';
import { inRange, type CustomerRange } from '../repos/planner-inputs-whole-store';
import { beginPlannerAlign, endPlannerAlign } from '../sync/planner-align';
import type { DesiredCard, DesiredState, DesiredTask, PlanCounts } from './rows';
import { sameOccasionSpan } from '../../../shared/domain/calendar/cards';
import { formerOccurrence } from '../../../shared/domain/rules/lifecycle';

/** An open task of one of the planner's rules, as it is in the database. */
export interface OpenTask {
  id: string;
  customerId: string;
  advisorId: string | null;
  kind: string;
  channel: string | null;
  dueDate: string;
  reason: string;
}

/** A card reminder still to write, as it is in the database. */
export interface OpenCard {
  id: string;
  customerId: string;
  advisorId: string | null;
  dueDate: string;
  lunarLabel: string | null;
  occasionDate: string;
}

/** Whether an open task already is what the rules want (the fields the planner writes). */
export const sameTask = (o: Pick<OpenTask, 'dueDate' | 'reason' | 'advisorId' | 'kind' | 'channel'>, t: DesiredTask) =>
  o.dueDate === t.dueDate && o.reason === t.reason && o.advisorId === t.advisorId && o.kind === t.kind && o.channel === t.channel;
/** Whether an unwritten card already is what the rules want. */
export const sameCard = (o: Pick<OpenCard, 'advisorId' | 'dueDate' | 'lunarLabel'>, k: DesiredCard) => o.advisorId === k.advisorId && o.dueDate === k.dueDate && o.lunarLabel === k.lunarLabel;

/** Open planned work, by customer id. */
export interface OpenWork {
  tasks: Map<string, OpenTask[]>;
  cards: Map<string, OpenCard[]>;
}

const ROWS_PER_SLICE = 25_000;

/**
 * The open planned work of some customers (`ids`) or of the whole store, which applyPlan
 * compares the rules' answer with. A whole-store read goes through the tables in rowid
 * slices and yields between them.
 */
export function* loadOpenWork(
  sqlite: BetterSqlite3.Database,
  plannerRules: readonly string[],
  ids?: readonly string[],
  range?: CustomerRange,
  what: 'tasks and cards' | 'cards' = 'tasks and cards',
): Generator<void, OpenWork, void> {
  const out: OpenWork = { tasks: new Map(), cards: new Map() };
  const add = <T extends { customerId: string }>(map: Map<string, T[]>, row: T) => {
    const list = map.get(row.customerId);
    if (list) list.push(row);
    else map.set(row.customerId, [row]);
  };
  const scopes = function* (table: string): Generator<{ where: string; args: unknown[] }> {
    if (ids !== undefined) {
      yield { where: 'customer_id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(ids)] };
      return;
    }
    const [lo, hi] = sqlite.prepare(`SELECT min(rowid), max(rowid) FROM ${table}`).raw(true).get() as [number | null, number | null];
    if (lo === null || hi === null) return;
    const byCustomer = inRange('customer_id', range);
    for (let start = lo - 1; start < hi; start += ROWS_PER_SLICE) {
      yield { where: `rowid > ? AND rowid <= ?${byCustomer.sql}`, args: [start, Math.min(start + ROWS_PER_SLICE, hi), ...byCustomer.args] };
    }
  };
  const rules = JSON.stringify(plannerRules);
  for (const s of what === 'cards' ? [] : scopes('tasks')) {
    const rows = sqlite
      .prepare(`SELECT id, customer_id, advisor_id, kind, channel, due_date, reason FROM tasks WHERE ${s.where} AND status = 'open' AND rule IN (SELECT value FROM json_each(?))`)
      .raw(true)
      .iterate(...s.args, rules) as Iterable<[string, string, string | null, string, string | null, string, string]>;
    for (const r of rows) add(out.tasks, { id: r[0], customerId: r[1], advisorId: r[2], kind: r[3], channel: r[4], dueDate: r[5], reason: r[6] });
    if (ids === undefined) yield;
  }
  for (const s of scopes('card_reminders')) {
    const rows = sqlite
      .prepare(`SELECT id, customer_id, advisor_id, due_date, lunar_label, occasion_date FROM card_reminders WHERE ${s.where} AND status = 'to_write'`)
      .raw(true)
      .iterate(...s.args) as Iterable<[string, string, string | null, string, string | null, string]>;
    for (const r of rows) add(out.cards, { id: r[0], customerId: r[1], advisorId: r[2], dueDate: r[3], lunarLabel: r[4], occasionDate: r[5] });
    if (ids === undefined) yield;
  }
  return out;
}

/** Deleted customers that still have open planned work (tasks of the planner's rules, cards to write). */
export function deletedWithOpenWork(sqlite: BetterSqlite3.Database, plannerRules: readonly string[]): string[] {
  return sqlite
    .prepare(
      `SELECT c.id FROM customers c WHERE c.deleted_at IS NOT NULL AND (
         EXISTS (SELECT 1 FROM tasks t WHERE t.customer_id = c.id AND t.status = 'open' AND t.rule IN (SELECT value FROM json_each(?)))
         OR EXISTS (SELECT 1 FROM card_reminders k WHERE k.customer_id = c.id AND k.status = 'to_write'))`,
    )
    .pluck()
    .all(JSON.stringify(plannerRules)) as string[];
}

type Statements = ReturnType<typeof prepare>;
const statements = new WeakMap<BetterSqlite3.Database, Statements>();

/** Rows per multi-row INSERT: a first plan inserts ~185k rows, and each statement run has a fixed cost. */
const ROWS_PER_INSERT = 32;
const TASK_INSERT = `INSERT OR IGNORE INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, channel, due_date, status, reason, created_at, updated_at) VALUES`;
const TASK_VALUES = `(?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`;
const CARD_INSERT = `INSERT OR IGNORE INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, subject_id, occasion_date, lunar_label, due_date, status, created_at, updated_at) VALUES`;
const CARD_VALUES = `(?, ?, ?, ?, ?, ?, ?, ?, ?, 'to_write', ?, ?)`;
/** A card a person wrote, mailed, handed over or chose to skip (not one the planner lapsed). */
const GIVEN = `(status IN ('written', 'mailed', 'handed_over') OR (status = 'skipped' AND skip_reason IS NOT 'lapsed'))`;
/** ROWS_PER_INSERT rows at once; RETURNING names the rows inserted (not the ones already there). */
const many = (insert: string, values: string) => `${insert} ${Array.from({ length: ROWS_PER_INSERT }, () => values).join(', ')} RETURNING id`;

function prepare(sqlite: BetterSqlite3.Database) {
  return {
    insertTask: sqlite.prepare(`${TASK_INSERT} ${TASK_VALUES}`),
    insertTasks: sqlite.prepare(many(TASK_INSERT, TASK_VALUES)).pluck(),
    insertCards: sqlite.prepare(many(CARD_INSERT, CARD_VALUES)).pluck(),
    refreshTask: sqlite.prepare(
      // A task a manager moved by hand (advisor_pinned, migration 0012) keeps that advisor.
      `UPDATE tasks SET due_date = ?, reason = ?, advisor_id = CASE advisor_pinned WHEN 1 THEN advisor_id ELSE ? END, kind = ?, channel = ?, updated_at = ?
       WHERE id = ? AND status = 'open' AND (due_date IS NOT ? OR reason IS NOT ? OR (advisor_id IS NOT ? AND advisor_pinned = 0) OR kind IS NOT ? OR channel IS NOT ?)`,
    ),
    voidTask: sqlite.prepare(`UPDATE tasks SET status = 'void', updated_at = ? WHERE id = ? AND status = 'open'`),
    closedTask: sqlite.prepare(`SELECT 1 FROM tasks WHERE customer_id = ? AND rule = ? AND occurrence = ? AND status IN ('done', 'skipped')`).pluck(),
    // What a person set on the task of a former occurrence (a snooze, a manager's move) goes on with the new one
    // when it is created, from the old one open or voided by a planner (a void keeps both): every desk the same.
    carryOver: sqlite.prepare(
      `UPDATE tasks SET snoozed_until = o.snoozed_until, advisor_pinned = o.advisor_pinned, advisor_id = CASE o.advisor_pinned WHEN 1 THEN o.advisor_id ELSE tasks.advisor_id END
       FROM (SELECT snoozed_until, advisor_pinned, advisor_id FROM tasks WHERE customer_id = ? AND rule = ? AND occurrence = ? AND status IN ('open', 'void')) AS o
       WHERE tasks.id = ? AND tasks.status = 'open' AND (o.snoozed_until IS NOT NULL OR o.advisor_pinned = 1)`,
    ),
    // A task the planner voided whose reason is back (a visit deleted as a mistake, a customer
    // who opted in again) is open again; if HQ holds the row, the reopening is pushed like a void (planner.align).
    reopenTask: sqlite.prepare(
      `UPDATE tasks SET status = 'open', due_date = ?, reason = ?, advisor_id = CASE advisor_pinned WHEN 1 THEN advisor_id ELSE ? END, kind = ?, channel = ?, updated_at = ?
       WHERE id = ? AND status = 'void'`,
    ),
    insertCard: sqlite.prepare(`${CARD_INSERT} ${CARD_VALUES}`),
    refreshCard: sqlite.prepare(
      `UPDATE card_reminders SET advisor_id = ?, due_date = ?, lunar_label = ?, updated_at = ?
       WHERE id = ? AND status = 'to_write' AND (advisor_id IS NOT ? OR due_date IS NOT ? OR lunar_label IS NOT ?)`,
    ),
    lapseCard: sqlite.prepare(`UPDATE card_reminders SET status = 'skipped', skip_reason = 'lapsed', updated_at = ? WHERE id = ? AND status = 'to_write'`),
    // A card the planner lapsed that is wanted again (the customer opted in again, a birthday corrected
    // back, a shorter card horizon that now reaches the occasion) is to write again; pushed like a lapse if HQ holds it.
    reopenCard: sqlite.prepare(
      `UPDATE card_reminders SET status = 'to_write', skip_reason = NULL, advisor_id = ?, due_date = ?, lunar_label = ?, updated_at = ?
       WHERE id = ? AND status = 'skipped' AND skip_reason = 'lapsed'`,
    ),
    // A card of the same occasion a person wrote or chose not to write, its date since corrected
    // (cards.ts sameOccasionSpan): through the unique key's index, whose prefix it names.
    cardGiven: sqlite
      .prepare(`SELECT 1 FROM card_reminders WHERE customer_id = ? AND occasion = ? AND subject_id IS ? AND occasion_date BETWEEN ? AND ? AND ${GIVEN} LIMIT 1`)
      .pluck(),
    carCardGivenOn: sqlite.prepare(`SELECT 1 FROM card_reminders WHERE customer_id = ? AND occasion = 'purchase_anniversary' AND occasion_date = ? AND ${GIVEN} LIMIT 1`).pluck(),
    setTier: sqlite.prepare(`UPDATE customers SET tier = ?, tier_since = ?, updated_at = ? WHERE id = ? AND tier IS NOT ?`),
  };
}

/** Whether this database has the planner's wake table (migration 0004). */
export function hasWakeTable(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'planner_wake'`).get() !== undefined;
}

/**
 * Makes planned rows agree with the rules for some customers, in ONE transaction: inserts
 * new work (ids are deterministic, so existing rows are never duplicated), refreshes open
 * work (due date, reason, advisor), voids open tasks whose reason is gone and lapses unwritten
 * cards whose occasion passed or that are no longer wanted. Work an advisor completed or
 * skipped is never touched.
 * `open` is these customers' open work as read with their facts: only rows that differ from
 * it are written, so a re-run with nothing new writes nothing.
 */
export function applyPlan(
  sqlite: BetterSqlite3.Database,
  desired: DesiredState,
  open: { tasks: readonly OpenTask[]; cards: readonly OpenCard[] },
  scope: { today: string; now: string },
  wake?: WakeWrites,
): Omit<PlanCounts, 'customers'> {
  const counts = { tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, cardsLapsed: 0, tierChanges: 0 };
  const { now, today } = scope;
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = prepare(sqlite)));
  const { insertTask, insertTasks, refreshTask, voidTask, closedTask, carryOver, reopenTask, insertCard, insertCards, refreshCard, lapseCard, reopenCard, cardGiven, carCardGivenOn, setTier } = s;

  sqlite.transaction(() => {
    // Changes to rows HQ holds are queued for HQ in this transaction (sync/planner-align.ts, migration 0014).
    beginPlannerAlign(sqlite);
    const tasks = new Map<string, { advisorId: string | null; kind: string; channel: string | null; dueDate: string; reason: string }>();
    for (const t of open.tasks) tasks.set(t.id, t);
    const wanted = new Set<string>();
    // Changed, or already there but not open (done, skipped, void: the update leaves it alone).
    const refresh = (t: DesiredTask) => {
      const changed = refreshTask.run(t.dueDate, t.reason, t.advisorId, t.kind, t.channel, now, t.id, t.dueDate, t.reason, t.advisorId, t.kind, t.channel).changes;
      counts.tasksUpdated += changed;
      if (changed) tasks.set(t.id, t);
    };
    // Rows not among the open ones are inserted a few dozen at a time, in the order wanted; one
    // that was there already (not open) is reopened if the planner had voided it, else refreshed
    // (a no-op for done and skipped work), as a single insert would have it.
    const toInsert = new Map<string, DesiredTask>();
    const created = new Set<string>();
    const insertPending = () => {
      const rows = [...toInsert.values()];
      toInsert.clear();
      let inserted: Set<string>;
      if (rows.length === ROWS_PER_INSERT) {
        const args: unknown[] = [];
        for (const t of rows) args.push(t.id, t.storeId, t.customerId, t.advisorId, t.rule, t.occurrence, t.kind, t.channel, t.dueDate, t.reason, now, now);
        inserted = new Set(insertTasks.all(args) as string[]);
      } else {
        inserted = new Set();
        for (const t of rows) if (insertTask.run(t.id, t.storeId, t.customerId, t.advisorId, t.rule, t.occurrence, t.kind, t.channel, t.dueDate, t.reason, now, now).changes) inserted.add(t.id);
      }
      for (const t of rows) {
        if (inserted.has(t.id)) {
          counts.tasksCreated++;
          created.add(t.id);
          tasks.set(t.id, t);
        } else if (reopenTask.run(t.dueDate, t.reason, t.advisorId, t.kind, t.channel, now, t.id).changes) {
          counts.tasksUpdated++;
          tasks.set(t.id, t);
        } else refresh(t);
      }
    };
    // Work an advisor closed under the occurrence an earlier planner gave it (a corrected delivery date:
    // lifecycle.ts formerOccurrence) stays closed: not asked again under the new one (an open one goes).
    // The former one's snooze and manager's move go on with the new one when it is created (carryOver).
    const renamed: [DesiredTask, string][] = [];
    for (const t of desired.tasks) {
      const former = formerOccurrence(t.rule, t.occurrence, t.reason);
      if (former !== null) {
        if (closedTask.get(t.customerId, t.rule, former) !== undefined) continue;
        renamed.push([t, former]);
      }
      wanted.add(t.id);
      // Wanted twice: the first one is written before the second is compared with it.
      if (toInsert.has(t.id)) insertPending();
      const current = tasks.get(t.id);
      if (current === undefined) {
        toInsert.set(t.id, t);
        if (toInsert.size === ROWS_PER_INSERT) insertPending();
        continue;
      }
      if (sameTask(current, t)) continue;
      refresh(t);
    }
    insertPending();
    for (const [t, former] of renamed) if (created.has(t.id)) carryOver.run(t.customerId, t.rule, former, t.id);
    // Only the planner's own rules are in `open`: tasks people create (a thank-you, a manual follow-up) are theirs.
    for (const t of open.tasks) if (!wanted.has(t.id)) counts.tasksVoided += voidTask.run(now, t.id).changes;

    const cards = new Map<string, { advisorId: string | null; dueDate: string; lunarLabel: string | null }>();
    for (const c of open.cards) cards.set(c.id, c);
    const refreshOne = (c: DesiredCard) => {
      const changed = refreshCard.run(c.advisorId, c.dueDate, c.lunarLabel, now, c.id, c.advisorId, c.dueDate, c.lunarLabel).changes;
      counts.cardsUpdated += changed;
      if (changed) cards.set(c.id, c);
    };
    const cardsToInsert = new Map<string, DesiredCard>();
    const insertPendingCards = () => {
      const rows = [...cardsToInsert.values()];
      cardsToInsert.clear();
      let inserted: Set<string>;
      if (rows.length === ROWS_PER_INSERT) {
        const args: unknown[] = [];
        for (const c of rows) args.push(c.id, c.storeId, c.customerId, c.advisorId, c.occasion, c.subjectId, c.occasionDate, c.lunarLabel, c.dueDate, now, now);
        inserted = new Set(insertCards.all(args) as string[]);
      } else {
        inserted = new Set();
        for (const c of rows) if (insertCard.run(c.id, c.storeId, c.customerId, c.advisorId, c.occasion, c.subjectId, c.occasionDate, c.lunarLabel, c.dueDate, now, now).changes) inserted.add(c.id);
      }
      for (const c of rows) {
        if (inserted.has(c.id)) {
          counts.cardsCreated++;
          cards.set(c.id, c);
        } else if (reopenCard.run(c.advisorId, c.dueDate, c.lunarLabel, now, c.id).changes) {
          counts.cardsUpdated++;
          cards.set(c.id, c);
        } else refreshOne(c);
      }
    };
    // One card per occasion a year: none again for a date corrected after a person wrote (or skipped) its
    // card, whether the correction or the written card came first (an open one then lapses below); and
    // no membership card on the day of a car's anniversary whose card was given (cards.ts, one card a day).
    const cardGivenFor = (c: DesiredCard) => {
      const span = sameOccasionSpan(c.occasionDate);
      if (cardGiven.get(c.customerId, c.occasion, c.subjectId, span.from, span.to) !== undefined) return true;
      return c.occasion === 'membership_anniversary' && carCardGivenOn.get(c.customerId, c.occasionDate) !== undefined;
    };
    const wantedCards = new Set<string>();
    for (const c of desired.cards) {
      if (cardsToInsert.has(c.id)) insertPendingCards();
      if (cardGivenFor(c)) continue;
      wantedCards.add(c.id);
      const current = cards.get(c.id);
      if (current === undefined) {
        cardsToInsert.set(c.id, c);
        if (cardsToInsert.size === ROWS_PER_INSERT) insertPendingCards();
        continue;
      }
      if (sameCard(current, c)) continue;
      refreshOne(c);
    }
    insertPendingCards();
    // Desired cards are all on or after today: the lapsed ones are among the open ones read. An
    // unwritten card no longer wanted (the customer opted out, the occasion moved or went) is
    // taken off the advisor's list the same way: nobody should write it.
    for (const c of open.cards) if (c.occasionDate < today || !wantedCards.has(c.id)) counts.cardsLapsed += lapseCard.run(now, c.id).changes;

    for (const t of desired.tiers) counts.tierChanges += setTier.run(t.tier, t.since, now, t.customerId, t.tier).changes;

    // Last: the writes above mark these customers due (migration 0004's triggers); planned now, they wait until their day.
    if (wake) writeWakeRows(sqlite, today, wake);
    endPlannerAlign(sqlite, now);
  })();
  return counts;
}

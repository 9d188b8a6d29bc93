import type BetterSqlite3 from 'better-sqlite3';
import { indexedBy } from './indexes';

/** A card reminder as Today lists it: [id, customer_id, occasion, occasion_date, lunar_label, due_date, status]. */
export type TodayCardRow = [string, string, string, string, string | null, string, string];

const COLUMNS = 'SELECT id, customer_id, occasion, occasion_date, lunar_label, due_date, status FROM card_reminders';
// A card a person chose not to write leaves the occasion (they may call instead); one the planner lapsed (the occasion moved or went) does not.
const IN_WEEK = "advisor_id = ? AND occasion_date BETWEEN ? AND ? AND NOT (status = 'skipped' AND skip_reason IS 'lapsed')";

/**
 * The advisor's occasions from `day` to `end` (birthdays, anniversaries), the first `limit`, and how many there are.
 * Ties go by id, so every desk with the same cards shows the same ones.
 */
export function weekOccasions(sqlite: BetterSqlite3.Database, advisorId: string, day: string, end: string, limit: number): { rows: TodayCardRow[]; count: number } {
  const rows = sqlite.prepare(`${COLUMNS} WHERE ${IN_WEEK} ORDER BY occasion_date, id LIMIT ?`).raw().all(advisorId, day, end, limit) as TodayCardRow[];
  const count = sqlite.prepare(`SELECT count(*) FROM card_reminders WHERE ${IN_WEEK}`).pluck().get(advisorId, day, end) as number;
  return { rows, count };
}

/**
 * Cards to write by `end` whose occasion has not passed, the first `limit`, and how many there are. Cards
 * whose occasion passed unwritten are lapsed by the planner, so the range needs no lower bound. The cards
 * due on the last day shown may be more than fit: those go by occasion, then id, so every desk shows the
 * same ones (a second small read: sorting all the advisor's cards to write instead took ~10x longer).
 */
export function cardsToWrite(sqlite: BetterSqlite3.Database, advisorId: string, day: string, end: string, limit: number): { rows: TodayCardRow[]; count: number } {
  const toWrite = "advisor_id = ? AND status = 'to_write' AND due_date <= ? AND occasion_date >= ?";
  const first = sqlite.prepare(`${COLUMNS} WHERE ${toWrite} ORDER BY due_date LIMIT ?`).raw().all(advisorId, end, day, limit) as TodayCardRow[];
  const lastDue = first.length === limit ? first[limit - 1]![5] : null;
  const before = lastDue === null ? first : first.filter((r) => r[5] < lastDue);
  const onLastDue =
    lastDue === null
      ? []
      : (sqlite.prepare(`${COLUMNS}${indexedBy(sqlite, 'cards_advisor_due')} WHERE ${toWrite} AND due_date = ? ORDER BY occasion_date, id LIMIT ?`).raw().all(advisorId, end, day, lastDue, limit - before.length) as TodayCardRow[]);
  // The list's conditions: a card whose occasion passed before the planner lapsed it (just after midnight) is in neither.
  const count = sqlite.prepare(`SELECT count(*) FROM card_reminders${indexedBy(sqlite, 'cards_advisor_due')} WHERE ${toWrite}`).pluck().get(advisorId, end, day) as number;
  return { rows: [...before, ...onLastDue], count };
}

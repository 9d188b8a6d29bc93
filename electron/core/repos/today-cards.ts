import type BetterSqlite3 from 'better-sqlite3';

/** A card reminder as Today lists it: [id, customer_id, occasion, occasion_date, lunar_label, due_date, status]. */
export type TodayCardRow = [string, string, string, string, string | null, string, string];

const COLUMNS = 'SELECT id, customer_id, occasion, occasion_date, lunar_label, due_date, status FROM card_reminders';
const IN_WEEK = "advisor_id = ? AND occasion_date BETWEEN ? AND ? AND status <> 'skipped'";

/** The advisor's occasions from `day` to `end` (birthdays, anniversaries), the first `limit`, and how many there are. */
export function weekOccasions(sqlite: BetterSqlite3.Database, advisorId: string, day: string, end: string, limit: number): { rows: TodayCardRow[]; count: number } {
  const rows = sqlite.prepare(`${COLUMNS} WHERE ${IN_WEEK} ORDER BY occasion_date LIMIT ?`).raw().all(advisorId, day, end, limit) as TodayCardRow[];
  const count = sqlite.prepare(`SELECT count(*) FROM card_reminders WHERE ${IN_WEEK}`).pluck().get(advisorId, day, end) as number;
  return { rows, count };
}

/**
 * Cards to write by `end` whose occasion has not passed, the first `limit`, and how many there are. Cards
 * whose occasion passed unwritten are lapsed by the planner, so the range needs no lower bound.
 */
export function cardsToWrite(sqlite: BetterSqlite3.Database, advisorId: string, day: string, end: string, limit: number): { rows: TodayCardRow[]; count: number } {
  const rows = sqlite
    .prepare(`${COLUMNS} WHERE advisor_id = ? AND status = 'to_write' AND due_date <= ? AND occasion_date >= ? ORDER BY due_date LIMIT ?`)
    .raw()
    .all(advisorId, end, day, limit) as TodayCardRow[];
  const count = sqlite.prepare("SELECT count(*) FROM card_reminders WHERE advisor_id = ? AND status = 'to_write' AND due_date <= ?").pluck().get(advisorId, end) as number;
  return { rows, count };
}

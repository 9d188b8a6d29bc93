import type BetterSqlite3 from 'better-sqlite3';
import { indexedBy } from './indexes';
import type { AdvisorCustomerFilter, AdvisorCustomerRow, VipWithoutAdvisor } from '../../../shared/api/areas/team';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import type { Tier } from '../../../shared/domain/types';

/**
 * The team table (issue 6) from customer_status (today's flags, fresh before the read) and the
 * tasks, cards and follow-ups. Instants (completed_at, written_at, occurred_at) are UTC: the
 * caller passes the UTC instants at which the store's days begin.
 */
export interface TeamWindow {
  today: string;
  /** Last day of the period (tasks due up to it). */
  to: string;
  /** UTC instants: the period's first day begins, the day after its last begins, the recent-follow-up window begins. */
  fromAt: string;
  toAt: string;
  recentAt: string;
}

export interface AdvisorCounts {
  customers: number;
  tasksDone: number;
  tasksDue: number;
  tasksOverdue: number;
  overdueDays: number;
  cardsWritten: number;
  redWithoutFollowUp: number;
}

export const emptyCounts = (): AdvisorCounts => ({ customers: 0, tasksDone: 0, tasksDue: 0, tasksOverdue: 0, overdueDays: 0, cardsWritten: 0, redWithoutFollowUp: 0 });

/** Per advisor id ('' = no advisor) the team table's counts. */
export function teamCounts(sqlite: BetterSqlite3.Database, w: TeamWindow): Map<string, AdvisorCounts> {
  const out = new Map<string, AdvisorCounts>();
  const at = (id: string | null) => {
    const key = id ?? '';
    let c = out.get(key);
    if (!c) out.set(key, (c = emptyCounts()));
    return c;
  };
  for (const [id, n] of sqlite.prepare('SELECT advisor_id, count(*) FROM customer_status GROUP BY advisor_id').raw().all() as [string, number][]) at(id).customers = n;
  // Done: by who completed it, in the period.
  const done = sqlite
    .prepare("SELECT completed_by, count(*) FROM tasks WHERE status = 'done' AND completed_at >= @fromAt AND completed_at < @toAt GROUP BY completed_by")
    .raw()
    .all(w) as [string | null, number][];
  for (const [id, n] of done) at(id).tasksDone = n;
  // Open work as Today shows it: overdue = due before today and not snoozed past today; due = the
  // rest that falls due (or wakes from a snooze) from today to the period's end.
  const open = sqlite
    .prepare(
      `SELECT advisor_id,
         count(*) FILTER (WHERE due_date < @today AND (snoozed_until IS NULL OR snoozed_until <= @today)),
         coalesce(sum(julianday(@today) - julianday(due_date)) FILTER (WHERE due_date < @today AND (snoozed_until IS NULL OR snoozed_until <= @today)), 0),
         count(*) FILTER (WHERE NOT (due_date < @today AND (snoozed_until IS NULL OR snoozed_until <= @today))
           AND max(due_date, coalesce(snoozed_until, due_date)) BETWEEN @today AND @to)
       FROM tasks${indexedBy(sqlite, 'tasks_advisor_open_due')} WHERE status = 'open' GROUP BY advisor_id`,
    )
    .raw()
    .all({ today: w.today, to: w.to }) as [string | null, number, number, number][];
  for (const [id, overdue, days, due] of open) {
    const c = at(id);
    c.tasksOverdue = overdue;
    c.overdueDays = days;
    c.tasksDue = due;
  }
  const cards = sqlite
    // By who wrote it (the card's advisor for one written before written_by): a reassignment moves the cards not yet mailed.
    .prepare("SELECT coalesce(written_by, advisor_id), count(*) FROM card_reminders WHERE status IN ('written', 'mailed', 'handed_over') AND written_at >= @fromAt AND written_at < @toAt GROUP BY 1")
    .raw()
    .all(w) as [string | null, number][];
  for (const [id, n] of cards) at(id).cardsWritten = n;
  const red = sqlite
    .prepare(
      `SELECT s.advisor_id, count(*) FROM customer_status s WHERE s.flag = 'red'
         AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = s.customer_id AND i.occurred_at >= @recentAt)
       GROUP BY s.advisor_id`,
    )
    .raw()
    .all(w) as [string, number][];
  for (const [id, n] of red) at(id).redWithoutFollowUp = n;
  return out;
}

/** Every live advisor, and anyone else named (a manager, a former or deleted staff member: who owns customers or open work, or did work in the period). */
export function teamStaff(sqlite: BetterSqlite3.Database, owners: readonly string[]): { id: string; name: string; role: string; active: boolean }[] {
  const rows = sqlite
    .prepare(
      `SELECT id, name, role, (active = 1 AND deleted_at IS NULL) AS live FROM staff WHERE (deleted_at IS NULL AND role = 'advisor') OR id IN (SELECT value FROM json_each(?))
       ORDER BY live DESC, role, name`,
    )
    .raw()
    .all(JSON.stringify(owners)) as [string, string, string, 0 | 1][];
  return rows.map(([id, name, role, active]) => ({ id, name, role, active: active === 1 }));
}

const FILTERS: Record<AdvisorCustomerFilter, string> = {
  all: '',
  red: "AND x.flag = 'red'",
  yellow: "AND x.flag = 'yellow'",
  overdue: 'AND x.overdue > 0',
  red_without_follow_up: "AND x.flag = 'red' AND (x.last_follow_up IS NULL OR x.last_follow_up < @recentAt)",
};

/** One advisor's customers ('' = no advisor) with today's flag, open and overdue tasks and the latest follow-up; the most urgent first. */
export function advisorCustomerRows(
  sqlite: BetterSqlite3.Database,
  advisorId: string,
  filter: AdvisorCustomerFilter,
  p: { today: string; recentAt: string; toDay: (instant: string) => string },
): AdvisorCustomerRow[] {
  const rows = sqlite
    .prepare(
      `SELECT * FROM (
         SELECT s.customer_id, s.name, s.plate, s.tier, s.flag, s.reasons, s.last_visit_on, s.risk_rank,
           (SELECT count(*) FROM tasks t WHERE t.customer_id = s.customer_id AND t.status = 'open') AS open,
           (SELECT count(*) FROM tasks t WHERE t.customer_id = s.customer_id AND t.status = 'open' AND t.due_date < @today
              AND (t.snoozed_until IS NULL OR t.snoozed_until <= @today)) AS overdue,
           (SELECT max(i.occurred_at) FROM interactions i WHERE i.customer_id = s.customer_id) AS last_follow_up
         FROM customer_status s WHERE s.advisor_id = @advisor) x
       WHERE 1 ${FILTERS[filter]}
       ORDER BY CASE x.flag WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, x.risk_rank DESC, x.name`,
    )
    .raw()
    .all({ advisor: advisorId, today: p.today, ...(filter === 'red_without_follow_up' ? { recentAt: p.recentAt } : {}) }) as [
    string, string, string | null, Tier, RiskFlag, string, string | null, number, number, number, string | null,
  ][];
  return rows.map(([id, name, plate, tier, flag, reasons, lastVisitOn, , openTasks, overdueTasks, last]) => ({
    id, name, plate, tier, flag, reasons: flag === 'green' ? [] : (JSON.parse(reasons) as RiskReason[]), lastVisitOn, openTasks, overdueTasks,
    lastFollowUpOn: last === null ? null : p.toDay(last),
  }));
}

/** Gold and diamond customers with no advisor, or one who is no longer active (left the store). */
export function vipWithoutAdvisor(sqlite: BetterSqlite3.Database): VipWithoutAdvisor[] {
  const rows = sqlite
    .prepare(
      `SELECT c.id, c.name, (SELECT h.plate FROM vehicles h WHERE h.customer_id = c.id AND h.deleted_at IS NULL ORDER BY h.delivery_date DESC, h.id LIMIT 1),
         c.tier, CASE WHEN c.advisor_id IS NOT NULL THEN c.advisor_id END, st.name,
         (SELECT max(v.visit_date) FROM visits v WHERE v.customer_id = c.id AND v.deleted_at IS NULL)
       FROM customers c${indexedBy(sqlite, 'customers_live_tier')} LEFT JOIN staff st ON st.id = c.advisor_id
       WHERE c.deleted_at IS NULL AND c.tier IN ('gold', 'diamond')
         AND (c.advisor_id IS NULL OR st.id IS NULL OR st.active = 0 OR st.deleted_at IS NOT NULL)
       ORDER BY CASE c.tier WHEN 'diamond' THEN 0 ELSE 1 END, c.name`,
    )
    .raw()
    .all() as [string, string, string | null, 'gold' | 'diamond', string | null, string | null, string | null][];
  return rows.map(([id, name, plate, tier, formerAdvisorId, formerAdvisorName, lastVisitOn]) => ({ id, name, plate, tier, formerAdvisorId, formerAdvisorName, lastVisitOn }));
}

/** Staff names by id (every staff row, former staff included). */
export function staffNames(sqlite: BetterSqlite3.Database): Map<string, string> {
  return new Map(sqlite.prepare('SELECT id, name FROM staff').raw().all() as [string, string][]);
}

/** A live customer with their advisor's name, for the history header. */
export function customerWithAdvisor(sqlite: BetterSqlite3.Database, id: string): { id: string; name: string; advisorId: string | null; advisorName: string | null } | null {
  const row = sqlite.prepare('SELECT c.id, c.name, c.advisor_id, s.name FROM customers c LEFT JOIN staff s ON s.id = c.advisor_id WHERE c.id = ? AND c.deleted_at IS NULL').raw().get(id) as
    | [string, string, string | null, string | null]
    | undefined;
  return row ? { id: row[0], name: row[1], advisorId: row[2], advisorName: row[3] } : null;
}

import type BetterSqlite3 from 'better-sqlite3';
import { parseTaskReason, type TaskReason } from '../../../shared/domain/tasks';

/** The planner's rows as `desk export` shows them to support staff (cli/plan-export.ts). */

export interface ExportedTask {
  id: string;
  customerId: string;
  name: string;
  advisorId: string | null;
  rule: string;
  occurrence: string;
  kind: string;
  dueDate: string;
  status: string;
  reason: TaskReason;
}

export interface ExportedCard {
  id: string;
  customerId: string;
  name: string;
  occasion: string;
  subjectId: string | null;
  occasionDate: string;
  lunarLabel: string | null;
  dueDate: string;
  status: string;
  /** Whose occasion, when not the customer's own: the child's name, the car's plate. */
  subject: string | null;
}

/** Every task (planned or made by people, any status), by due date. */
export function exportedTasks(sqlite: BetterSqlite3.Database): ExportedTask[] {
  const rows = sqlite
    .prepare(
      `SELECT t.id, t.customer_id AS customerId, c.name, t.advisor_id AS advisorId, t.rule, t.occurrence, t.kind, t.due_date AS dueDate, t.status, t.reason
       FROM tasks t JOIN customers c ON c.id = t.customer_id ORDER BY t.due_date, t.id`,
    )
    .all() as (Omit<ExportedTask, 'reason'> & { reason: string })[];
  return rows.map((r) => ({ ...r, reason: parseTaskReason(r.reason) }));
}

/** Every handwritten-card reminder, by due date. */
export function exportedCards(sqlite: BetterSqlite3.Database): ExportedCard[] {
  return sqlite
    .prepare(
      `SELECT k.id, k.customer_id AS customerId, c.name, k.occasion, k.subject_id AS subjectId, k.occasion_date AS occasionDate, k.lunar_label AS lunarLabel, k.due_date AS dueDate, k.status,
              coalesce(f.name, v.plate) AS subject
       FROM card_reminders k JOIN customers c ON c.id = k.customer_id
       LEFT JOIN family_members f ON k.occasion = 'child_birthday' AND f.id = k.subject_id
       LEFT JOIN vehicles v ON k.occasion = 'purchase_anniversary' AND v.id = k.subject_id
       ORDER BY k.due_date, k.id`,
    )
    .all() as ExportedCard[];
}

/** Every customer's name by id (deleted ones too: an audit may name them). */
export function customerNames(sqlite: BetterSqlite3.Database): Map<string, string> {
  return new Map(sqlite.prepare('SELECT id, name FROM customers').raw(true).all() as [string, string][]);
}

/** The day the planner last planned this store (a whole-store or daily run), or null if it never ran. */
export function lastPlannedDay(sqlite: BetterSqlite3.Database): string | null {
  const raw = sqlite.prepare("SELECT value FROM settings WHERE key = 'planner_state'").pluck().get() as string | undefined;
  if (raw === undefined) return null;
  try {
    const day = (JSON.parse(raw) as { day?: unknown }).day;
    return typeof day === 'string' ? day : null;
  } catch {
    return null;
  }
}

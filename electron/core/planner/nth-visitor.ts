import type BetterSqlite3 from 'better-sqlite3';
import { addDays } from '../../../shared/domain/rules/days';
import { nthVisitor } from '../../../shared/domain/rules/surprises';
import { plannedId } from './ids';
import type { PlanContext } from './desired';
import type { DesiredTask } from './rows';

/**
 * The store's Nth visitor (1,000th, 2,000th...): visits are numbered by (date, id) across
 * the store; a round number among the recent visits is a surprise for that visit's customer.
 */
export function nthVisitorTasks(sqlite: BetterSqlite3.Database, ctx: PlanContext): DesiredTask[] {
  const from = addDays(ctx.today, -ctx.rules.surprises.graceDays);
  const before = (sqlite.prepare('SELECT count(*) FROM visits WHERE deleted_at IS NULL AND visit_date < ?').pluck().get(from) as number) ?? 0;
  const recent = sqlite
    .prepare(
      `SELECT v.id, v.customer_id, v.visit_date, c.store_id, c.advisor_id FROM visits v JOIN customers c ON c.id = v.customer_id
       WHERE v.deleted_at IS NULL AND v.visit_date >= ? AND v.visit_date <= ? ORDER BY v.visit_date, v.id`,
    )
    .all(from, ctx.today) as { id: string; customer_id: string; visit_date: string; store_id: string; advisor_id: string | null }[];
  const tasks: DesiredTask[] = [];
  recent.forEach((v, i) => {
    for (const s of nthVisitor(before + i, before + i + 1, ctx.rules)) {
      const rule = 'surprise_nth_visitor';
      tasks.push({
        id: plannedId(v.customer_id, rule, s.occurrence), customerId: v.customer_id, storeId: v.store_id, advisorId: v.advisor_id,
        rule, occurrence: s.occurrence, kind: 'surprise', channel: null, dueDate: v.visit_date,
        reason: JSON.stringify({ ...s.reason, visitId: v.id }),
      });
    }
  });
  return tasks;
}

import type BetterSqlite3 from 'better-sqlite3';
import type { DesiredState, PlanCounts } from './rows';

/**
 * Makes planned rows agree with the rules for the given customers (or all),
 * in ONE transaction: inserts new work (ids are deterministic, so existing rows
 * are never duplicated), refreshes open work (due date, reason, advisor), voids
 * open tasks whose reason is gone and lapses unwritten cards whose occasion
 * passed. Work an advisor completed or skipped is never touched.
 */
export function applyPlan(
  sqlite: BetterSqlite3.Database,
  desired: DesiredState,
  scope: { customerIds: readonly string[] | null; today: string; now: string; plannerRules: readonly string[] },
): Omit<PlanCounts, 'customers'> {
  const counts = { tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, cardsLapsed: 0, tierChanges: 0 };
  const scoped = scope.customerIds !== null;
  const only = scoped ? ' AND customer_id IN (SELECT value FROM json_each(?))' : '';
  const scopeArgs = scoped ? [JSON.stringify(scope.customerIds)] : [];
  const { now, today } = scope;

  const insertTask = sqlite.prepare(
    `INSERT OR IGNORE INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, channel, due_date, status, reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
  );
  const refreshTask = sqlite.prepare(
    `UPDATE tasks SET due_date = ?, reason = ?, advisor_id = ?, kind = ?, channel = ?, updated_at = ?
     WHERE id = ? AND status = 'open' AND (due_date IS NOT ? OR reason IS NOT ? OR advisor_id IS NOT ? OR kind IS NOT ? OR channel IS NOT ?)`,
  );
  const voidTask = sqlite.prepare(`UPDATE tasks SET status = 'void', updated_at = ? WHERE id = ? AND status = 'open'`);
  const insertCard = sqlite.prepare(
    `INSERT OR IGNORE INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, subject_id, occasion_date, lunar_label, due_date, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'to_write', ?, ?)`,
  );
  const refreshCard = sqlite.prepare(
    `UPDATE card_reminders SET advisor_id = ?, due_date = ?, lunar_label = ?, updated_at = ?
     WHERE id = ? AND status = 'to_write' AND (advisor_id IS NOT ? OR due_date IS NOT ? OR lunar_label IS NOT ?)`,
  );
  const lapseCards = sqlite.prepare(
    `UPDATE card_reminders SET status = 'skipped', skip_reason = 'lapsed', updated_at = ? WHERE status = 'to_write' AND occasion_date < ?${only}`,
  );
  const setTier = sqlite.prepare(`UPDATE customers SET tier = ?, tier_since = ?, updated_at = ? WHERE id = ? AND tier IS NOT ?`);

  sqlite.transaction(() => {
    const wanted = new Set<string>();
    for (const t of desired.tasks) {
      wanted.add(t.id);
      const inserted = insertTask.run(t.id, t.storeId, t.customerId, t.advisorId, t.rule, t.occurrence, t.kind, t.channel, t.dueDate, t.reason, now, now).changes;
      if (inserted) counts.tasksCreated++;
      else counts.tasksUpdated += refreshTask.run(t.dueDate, t.reason, t.advisorId, t.kind, t.channel, now, t.id, t.dueDate, t.reason, t.advisorId, t.kind, t.channel).changes;
    }
    // Only the planner's own rules: tasks people create (a thank-you, a manual follow-up) are theirs.
    const open = sqlite
      .prepare(`SELECT id FROM tasks WHERE status = 'open' AND rule IN (SELECT value FROM json_each(?))${only}`)
      .pluck()
      .all(JSON.stringify(scope.plannerRules), ...scopeArgs) as string[];
    for (const id of open) if (!wanted.has(id)) counts.tasksVoided += voidTask.run(now, id).changes;

    for (const c of desired.cards) {
      const inserted = insertCard.run(c.id, c.storeId, c.customerId, c.advisorId, c.occasion, c.subjectId, c.occasionDate, c.lunarLabel, c.dueDate, now, now).changes;
      if (inserted) counts.cardsCreated++;
      else counts.cardsUpdated += refreshCard.run(c.advisorId, c.dueDate, c.lunarLabel, now, c.id, c.advisorId, c.dueDate, c.lunarLabel).changes;
    }
    counts.cardsLapsed = lapseCards.run(now, today, ...scopeArgs).changes;

    for (const t of desired.tiers) counts.tierChanges += setTier.run(t.tier, t.since, now, t.customerId, t.tier).changes;
  })();
  return counts;
}

import type { FollowUpChannel, FollowUpOutcome, FollowUpPurpose } from '../../../shared/domain/customer360';
import type { Channel } from '../../../shared/domain/types';
import type { DB } from '../db/open';

/** The follow-up log (interactions, append-only) and the tasks people create from the customer view. */

export async function insertInteraction(
  db: DB,
  i: {
    id: string; storeId: string; customerId: string; staffId: string; channel: FollowUpChannel; purpose: FollowUpPurpose; outcome: FollowUpOutcome;
    note: string | null; nextStep: string | null; nextDate: string | null; at: string;
  },
): Promise<void> {
  await db
    .insertInto('interactions')
    .values({
      id: i.id, store_id: i.storeId, customer_id: i.customerId, staff_id: i.staffId, channel: i.channel, purpose: i.purpose, outcome: i.outcome,
      note: i.note, next_step: i.nextStep, next_date: i.nextDate, task_id: null, occurred_at: i.at, created_at: i.at,
    })
    .execute();
}

/**
 * A task a person created (rule 'manual_follow_up' or 'suggestion_thanks'): an ordinary open task
 * row. The planner only loads and voids the open tasks of its own rules (planner/desired.ts
 * PLANNER_RULES, planner/apply.ts), so it leaves these alone. (customer, rule, occurrence) is
 * unique: a replay with the same occurrence is refused by the database.
 */
export async function insertManualTask(
  db: DB,
  t: { id: string; storeId: string; customerId: string; advisorId: string; rule: string; occurrence: string; kind: string; channel: Channel | null; dueDate: string; reason: unknown; at: string },
): Promise<void> {
  await db
    .insertInto('tasks')
    .values({
      id: t.id, store_id: t.storeId, customer_id: t.customerId, advisor_id: t.advisorId, rule: t.rule, occurrence: t.occurrence, kind: t.kind,
      channel: t.channel, due_date: t.dueDate, status: 'open', reason: JSON.stringify(t.reason), outcome: null, skip_reason: null,
      snoozed_until: null, completed_at: null, completed_by: null, created_at: t.at, updated_at: t.at,
    })
    .execute();
}

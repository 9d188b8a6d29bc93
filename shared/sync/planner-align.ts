import { syncedTable } from './tables';

/**
 * The one system mutation a desk pushes: 'planner.align', the planner's change to planned rows HQ
 * already holds (docs/architecture.md "Sync client", migrations 0014-0015 on the desk). Its ops are
 * updates of tasks / card reminders that are still open at the desk (or that the planner opens again),
 * and customers' tiers. HQ applies one only to a row it holds that is still open there (or that a
 * planner voided, when the op opens it again), and only these fields (the ones the planner writes);
 * a row a person has finished meanwhile, or one HQ never had, is left as it is (the op is skipped,
 * never refused: nobody could act on the refusal). A task a manager pinned keeps its advisor.
 */
export const PLANNER_ALIGN = 'planner.align';

/** Row operations per 'planner.align' entry (the protocol allows 5,000 per mutation). */
export const ALIGN_OPS_PER_ENTRY = 1_000;

/**
 * What the planner writes, per table: `open` is the status in which the planner still changes a
 * row (none for customers: HQ holds every customer and the planner sets its tier whatever else);
 * `voided` the fields of the planner's own end state (a task voided, a card lapsed), which it
 * undoes when the row's reason comes back (a customer who opted in again, a visit deleted as a
 * mistake, a birthday corrected back, a card horizon that reaches the occasion again): only a
 * person's outcome is final.
 */
/** A card the planner lapsed, as HQ's status ranking tells it (tables.ts plannerStatus): one rule for both. */
const LAPSE = syncedTable('card_reminders')!.plannerStatus!;

export const ALIGNABLE: Readonly<Record<string, { open?: string; voided?: Readonly<Record<string, string>>; fields: readonly string[] }>> = {
  tasks: { open: 'open', voided: { status: 'void' }, fields: ['due_date', 'reason', 'advisor_id', 'kind', 'channel', 'status', 'updated_at'] },
  card_reminders: { open: 'to_write', voided: { status: LAPSE.status, [LAPSE.field]: LAPSE.value }, fields: ['advisor_id', 'due_date', 'lunar_label', 'status', 'skip_reason', 'updated_at'] },
  customers: { fields: ['tier', 'tier_since', 'updated_at'] },
};

/** Whether a row is in the planner's own end state (a task it voided, a card it lapsed): one it opens again when wanted. */
export function voidedByPlanner(table: string, row: Readonly<Record<string, unknown>> | null | undefined): boolean {
  const voided = ALIGNABLE[table]?.voided;
  return voided !== undefined && row != null && Object.entries(voided).every(([field, value]) => row[field] === value);
}

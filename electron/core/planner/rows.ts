/** The rows the planner wants to exist, computed from the rules; `apply.ts` makes the database agree. */
export interface DesiredTask {
  id: string;
  customerId: string;
  storeId: string;
  advisorId: string | null;
  rule: string;
  occurrence: string;
  kind: string;
  channel: string | null;
  dueDate: string;
  /** Structured reason as JSON, so every desk shows the same "why" in its own language. */
  reason: string;
}

/**
 * A task as the planner builds it, its fields in the one order every planned task has (planCustomer,
 * nth-visitor.ts): tasks that arrive another way (from the writing thread, as a worker's message)
 * are copied into this shape, so the hot code that reads tasks sees one kind of object only.
 */
export function desiredTask(t: DesiredTask): DesiredTask {
  return { id: t.id, customerId: t.customerId, storeId: t.storeId, advisorId: t.advisorId, rule: t.rule, occurrence: t.occurrence, kind: t.kind, channel: t.channel, dueDate: t.dueDate, reason: t.reason };
}

export interface DesiredCard {
  id: string;
  customerId: string;
  storeId: string;
  advisorId: string | null;
  occasion: string;
  subjectId: string | null;
  occasionDate: string;
  lunarLabel: string | null;
  dueDate: string;
}

export interface TierChange {
  customerId: string;
  tier: string;
  since: string;
  /**
   * A downgrade at a membership anniversary the desk did not plan on the day (it was off): the
   * anniversary, and the tier it reviews. The writer checks it against the activity of that day
   * (late-review.ts), which the facts of today's window do not hold.
   */
  lateReview?: { anniversary: string; from: string };
}

export interface DesiredState {
  tasks: DesiredTask[];
  cards: DesiredCard[];
  tiers: TierChange[];
}

export interface PlanCounts {
  customers: number;
  tasksCreated: number;
  tasksUpdated: number;
  tasksVoided: number;
  cardsCreated: number;
  cardsUpdated: number;
  cardsLapsed: number;
  tierChanges: number;
}

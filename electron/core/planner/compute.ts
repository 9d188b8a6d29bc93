import { encodeFacts } from '../repos/planner-facts-codec';
import { factsKey } from '../repos/planner-inputs-cached';
import { emptyObjectList, type PlanningCustomer } from '../repos/planner-inputs-types';
import type { WakeWrites } from '../repos/planner-wake';
import { sameCard, sameTask, type OpenCard, type OpenTask, type OpenWork } from './apply';
import { planCustomer, type PlanContext } from './desired';
import { desiredTask, type DesiredState, type DesiredTask, type TierChange } from './rows';
import { tasksDigest } from './task-digest';
import { plannedId } from './ids';
import { nextPlanningDay } from './wake';

export type RunContext = PlanContext & { now: string };

/**
 * No store-wide tasks for this customer: every customer's tasks are concatenated with their own
 * or with this, for V8's sake over 100k customers (docs/architecture.md, planner):
 * - Nth visitors are rare: a branch taken only for them would be first taken after V8 optimized
 *   the loop without it, and V8 would throw that code away to compile it again (~150 ms);
 * - concat gives the most general elements kind of its lists, so with this list of the objects
 *   kind (emptyObjectList) every customer's tasks are of that one kind.
 */
const NO_TASKS: readonly DesiredTask[] = emptyObjectList<DesiredTask>();

/** Customers to plan together, with their open work as read with their facts. */
export interface Batch {
  customers: readonly PlanningCustomer[];
  open: OpenWork;
  /** Open work to let go although its customer is not planned (runPlanner over the whole store: deleted customers). */
  extra?: { tasks: readonly OpenTask[]; cards: readonly OpenCard[] };
  /** Customers asked for but not found (deleted): their wake day goes. */
  forget?: readonly string[];
}

/** What planning a batch wants written: rows, the open work they are compared with, wake days. */
export interface Computed {
  customers: number;
  desired: DesiredState;
  open: { tasks: OpenTask[]; cards: OpenCard[] };
  wake: WakeWrites | undefined;
}

/**
 * The task digests kept from earlier runs (planner_wake.tasks_digest), and a reader of open
 * tasks for the customers whose answer differs from theirs: a customer whose wanted tasks have
 * the digest kept is left out of the comparison (its tasks are as the planner left them).
 */
export interface KeptDigests {
  digests: ReadonlyMap<string, string | null>;
  openTasks: (ids: readonly string[]) => Map<string, OpenTask[]>;
}

/** What the rules want for some customers (from facts and open work read together), and when each is due again. */
export function compute(ctx: RunContext, batch: Batch, storeWide: readonly DesiredTask[], wake: boolean, keptDigests?: KeptDigests): Computed {
  const open: { tasks: OpenTask[]; cards: OpenCard[] } = { tasks: emptyObjectList(), cards: emptyObjectList() };
  if (batch.extra) {
    for (const t of batch.extra.tasks) open.tasks.push(t);
    for (const k of batch.extra.cards) open.cards.push(k);
  }
  const nth = byCustomer(storeWide);
  const planned: Planned = {
    desired: { tasks: emptyObjectList(), cards: emptyObjectList(), tiers: emptyObjectList() },
    openCards: open.cards, days: emptyObjectList(), keep: emptyObjectList(), digests: emptyObjectList(), compared: emptyObjectList(), tiers: emptyObjectList(),
  };
  planEach(ctx, batch, nth, wake, keptDigests?.digests, planned);
  const { desired, days, keep, digests, compared, tiers } = planned;
  for (const t of tiers) if (t !== null) desired.tiers.push(t);
  const openTasks = keptDigests ? keptDigests.openTasks(compared) : batch.open.tasks;
  for (const id of compared) {
    const tasks = openTasks.get(id);
    if (tasks) for (const t of tasks) open.tasks.push(t);
  }
  return {
    customers: batch.customers.length,
    desired,
    open,
    wake: wake ? { days, forget: batch.forget ?? [], facts: { key: factsKey(ctx.rules), rows: keep }, digests } : undefined,
  };
}

const grouped = new WeakMap<readonly DesiredTask[], ReadonlyMap<string, DesiredTask[]>>();

/**
 * The store-wide tasks by customer, each copied into desiredTask's shape. A run (or a worker's
 * range) hands every batch the same list, so it is grouped once per run, not once per batch.
 */
function byCustomer(storeWide: readonly DesiredTask[]): ReadonlyMap<string, DesiredTask[]> {
  let out = grouped.get(storeWide);
  if (out === undefined) {
    const map = new Map<string, DesiredTask[]>();
    for (const t of storeWide) {
      const list = map.get(t.customerId);
      if (list) list.push(desiredTask(t));
      else map.set(t.customerId, [desiredTask(t)]);
    }
    grouped.set(storeWide, (out = map));
  }
  return out;
}

/** What planEach gathers for a batch. */
interface Planned {
  desired: DesiredState;
  /** The open cards of the batch's customers (to compare with the desired ones). */
  openCards: OpenCard[];
  days: [string, string][];
  keep: [string, string, string][];
  digests: [string, string][];
  /** Customers whose wanted tasks are compared with their open tasks (no digest kept, or another). */
  compared: string[];
  /** Each customer's tier change, or null (most). */
  tiers: (TierChange | null)[];
}

/**
 * Plans each customer of a batch. Apart from compute so that the function V8 optimizes while
 * this loop runs (on-stack replacement, during the first batch) holds the loop only: code after
 * it, not run yet then, would make V8 throw that optimized code away when the batch ends.
 */
function planEach(ctx: RunContext, batch: Batch, nth: ReadonlyMap<string, DesiredTask[]>, wake: boolean, kept: ReadonlyMap<string, string | null> | undefined, out: Planned): void {
  const { desired, openCards, days, keep, digests, compared, tiers } = out;
  for (const c of batch.customers) {
    const id = c.facts.customerId;
    // Facts just read are kept (before planning: nothing the rules do can touch them), unless the tier changes now (then they are stale).
    const facts = wake && c.factsUntil !== undefined ? encodeFacts(c) : null;
    const d = planCustomer(c, ctx, false);
    if (facts !== null && !d.tier) keep.push([id, facts, c.factsUntil!]);
    // The same path with or without store-wide tasks (see NO_TASKS).
    const tasks = d.tasks.concat(nth.get(id) ?? NO_TASKS);
    const digest = wake ? tasksDigest(tasks) : null;
    // No digest kept reads as '' (never a digest): comparing strings only, V8 keeps its code for it.
    if (digest === null || kept === undefined || (kept.get(id) ?? '') !== digest) {
      for (const t of tasks) {
        if (t.id === '') t.id = plannedId(id, t.rule, t.occurrence);
        desired.tasks.push(t);
      }
      compared.push(id);
      if (digest !== null) digests.push([id, digest]);
    }
    for (const k of d.cards) desired.cards.push(k);
    tiers.push(d.tier); // null mostly: compute keeps the others (rather than a branch V8 meets late: NO_TASKS)
    const cards = batch.open.cards.get(id);
    if (cards) for (const k of cards) openCards.push(k);
    if (wake) {
      const unwritten: string[] = [];
      if (cards) for (const k of cards) if (k.occasionDate >= ctx.today) unwritten.push(k.occasionDate);
      days.push([id, nextPlanningDay(c, ctx, d, unwritten)]);
    }
  }
}

/**
 * The part of a computed batch that can change the database, given the wake days stored now:
 * desired rows equal to their open row are left out (and that open row too), so are open rows
 * that are wanted, and wake days that did not change. applyPlan writes exactly what it would
 * have written for the whole batch (a desired row whose open row was left out is inserted
 * and, being there, refreshed). Ids wanted twice keep every row, in order. Planning in workers
 * sends only this to the writing thread: a recompute of a planned store is then nearly empty.
 */
export function pruneUnchanged(c: Computed, wakeNow: ReadonlyMap<string, string> | null): Computed {
  const tasks = changedOnly(c.desired.tasks, c.open.tasks, sameTask);
  const cards = changedOnly(c.desired.cards, c.open.cards, sameCard);
  return {
    customers: c.customers,
    desired: { tasks: tasks.desired, cards: cards.desired, tiers: c.desired.tiers },
    open: { tasks: tasks.open, cards: cards.open },
    wake: c.wake && { ...c.wake, days: wakeNow ? c.wake.days.filter(([id, day]) => wakeNow.get(id) !== day) : c.wake.days },
  };
}


/** Desired rows not equal to their open row, and open rows not wanted exactly once (see pruneUnchanged). */
function changedOnly<D extends { id: string }, O extends { id: string }>(desired: readonly D[], open: readonly O[], same: (o: O, d: D) => boolean): { desired: D[]; open: O[] } {
  const openById = new Map<string, O>();
  for (const o of open) openById.set(o.id, o);
  const wanted = new Map<string, number>();
  for (const d of desired) wanted.set(d.id, (wanted.get(d.id) ?? 0) + 1);
  return {
    desired: desired.filter((d) => {
      const o = openById.get(d.id);
      return o === undefined || !same(o, d) || wanted.get(d.id)! > 1;
    }),
    open: open.filter((o) => (wanted.get(o.id) ?? 0) !== 1),
  };
}

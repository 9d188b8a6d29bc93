import { encodeFacts } from '../repos/planner-facts-codec';
import { factsKey } from '../repos/planner-inputs-cached';
import type { PlanningCustomer } from '../repos/planner-inputs-types';
import type { WakeWrites } from '../repos/planner-wake';
import { sameCard, sameTask, type OpenCard, type OpenTask, type OpenWork } from './apply';
import { planCustomer, type PlanContext } from './desired';
import type { DesiredState, DesiredTask } from './rows';
import { tasksDigest } from './task-digest';
import { nextPlanningDay } from './wake';

export type RunContext = PlanContext & { now: string };

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
  const desired: DesiredState = { tasks: [], cards: [], tiers: [] };
  const open = { tasks: [...(batch.extra?.tasks ?? [])], cards: [...(batch.extra?.cards ?? [])] };
  const days: [string, string][] = [];
  const keep: [string, string, string][] = [];
  const digests: [string, string][] = [];
  const compared: string[] = [];
  const nth = new Map<string, DesiredTask[]>();
  for (const t of storeWide) {
    const list = nth.get(t.customerId);
    if (list) list.push(t);
    else nth.set(t.customerId, [t]);
  }
  for (const c of batch.customers) {
    const id = c.facts.customerId;
    // Facts just read are kept (before planning: nothing the rules do can touch them), unless the tier changes now (then they are stale).
    const facts = wake && c.factsUntil !== undefined ? encodeFacts(c) : null;
    const d = planCustomer(c, ctx);
    if (facts !== null && !d.tier) keep.push([id, facts, c.factsUntil!]);
    const extra = nth.get(id);
    const tasks = extra ? [...d.tasks, ...extra] : d.tasks;
    const digest = wake ? tasksDigest(tasks) : null;
    if (digest === null || keptDigests === undefined || keptDigests.digests.get(id) !== digest) {
      for (const t of tasks) desired.tasks.push(t);
      compared.push(id);
      if (digest !== null) digests.push([id, digest]);
    }
    for (const k of d.cards) desired.cards.push(k);
    if (d.tier) desired.tiers.push(d.tier);
    const cards = batch.open.cards.get(id);
    if (cards) for (const k of cards) open.cards.push(k);
    if (wake) {
      const unwritten = cards ? cards.filter((k) => k.occasionDate >= ctx.today).map((k) => k.occasionDate) : [];
      days.push([id, nextPlanningDay(c, ctx, d, unwritten)]);
    }
  }
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

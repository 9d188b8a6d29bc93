import type BetterSqlite3 from 'better-sqlite3';
import { loadPlannerInputs } from '../repos/planner-inputs';
import { applyPlan } from './apply';
import { desiredFor, PLANNER_RULES, type PlanContext } from './desired';
import { nthVisitorTasks } from './nth-visitor';
import type { DesiredState, DesiredTask, PlanCounts } from './rows';

type RunContext = PlanContext & { now: string };

function planBatch(sqlite: BetterSqlite3.Database, ctx: RunContext, ids: readonly string[] | null, storeWide: DesiredTask[]): PlanCounts {
  const inputs = loadPlannerInputs(sqlite, ids ?? undefined);
  const desired: DesiredState = { tasks: [], cards: [], tiers: [] };
  for (const customer of inputs.values()) {
    const d = desiredFor(customer, ctx);
    desired.tasks.push(...d.tasks);
    desired.cards.push(...d.cards);
    if (d.tier) desired.tiers.push(d.tier);
  }
  for (const t of storeWide) if (inputs.has(t.customerId)) desired.tasks.push(t);
  const counts = applyPlan(sqlite, desired, { customerIds: ids, today: ctx.today, now: ctx.now, plannerRules: PLANNER_RULES });
  return { customers: inputs.size, ...counts };
}

function add(a: PlanCounts, b: PlanCounts): PlanCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof PlanCounts)[]) out[k] += b[k];
  return out;
}

const ZERO: PlanCounts = { customers: 0, tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, cardsLapsed: 0, tierChanges: 0 };

/**
 * Plans the whole store (no customerIds) or just the customers a change touched, in one go.
 * Idempotent: running it again with the same data and day changes nothing. The store-wide
 * Nth-visitor count is left to whole-store runs (it numbers every visit of the store); an
 * incremental run keeps the Nth-visitor tasks it finds.
 */
export function runPlanner(sqlite: BetterSqlite3.Database, ctx: RunContext & { customerIds?: readonly string[] }): PlanCounts {
  const ids = ctx.customerIds ?? null;
  const storeWide = ids === null ? nthVisitorTasks(sqlite, ctx) : keptNthVisitorTasks(sqlite, ids);
  return planBatch(sqlite, ctx, ids, storeWide);
}

/** Open Nth-visitor tasks of these customers, as desired again so an incremental run keeps them. */
function keptNthVisitorTasks(sqlite: BetterSqlite3.Database, ids: readonly string[]): DesiredTask[] {
  const rows = sqlite
    .prepare(
      `SELECT id, customer_id, store_id, advisor_id, rule, occurrence, kind, channel, due_date, reason FROM tasks
       WHERE rule = 'surprise_nth_visitor' AND status = 'open' AND customer_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; customer_id: string; store_id: string; advisor_id: string | null; rule: string; occurrence: string; kind: string; channel: string | null; due_date: string; reason: string }[];
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, storeId: r.store_id, advisorId: r.advisor_id, rule: r.rule, occurrence: r.occurrence, kind: r.kind, channel: r.channel, dueDate: r.due_date, reason: r.reason }));
}

/**
 * The whole store in batches of customers, yielding between batches so the core keeps
 * answering the front desk while a large store (100k customers) is planned.
 */
export async function runPlannerInBatches(sqlite: BetterSqlite3.Database, ctx: RunContext, options: { batchSize?: number; stopped?: () => boolean } = {}): Promise<PlanCounts> {
  const batchSize = options.batchSize ?? 1_000;
  const ids = sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
  const storeWide = nthVisitorTasks(sqlite, ctx);
  let total = ZERO;
  for (let i = 0; i < ids.length && !options.stopped?.(); i += batchSize) {
    total = add(total, planBatch(sqlite, ctx, ids.slice(i, i + batchSize), storeWide));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

import type BetterSqlite3 from 'better-sqlite3';
import { loadPlannerInputs } from '../repos/planner-inputs';
import { applyPlan } from './apply';
import { desiredFor, PLANNER_RULES, type PlanContext } from './desired';
import { nthVisitorTasks } from './nth-visitor';
import type { DesiredState, PlanCounts } from './rows';

/**
 * Plans the whole store (customerIds null) or just the customers a change touched.
 * Idempotent: running it again with the same data and day changes nothing.
 */
export function runPlanner(sqlite: BetterSqlite3.Database, ctx: PlanContext & { now: string; customerIds?: readonly string[] }): PlanCounts {
  const ids = ctx.customerIds ?? null;
  const inputs = loadPlannerInputs(sqlite, ids ?? undefined);
  const desired: DesiredState = { tasks: [], cards: [], tiers: [] };
  for (const customer of inputs.values()) {
    const d = desiredFor(customer, ctx);
    desired.tasks.push(...d.tasks);
    desired.cards.push(...d.cards);
    if (d.tier) desired.tiers.push(d.tier);
  }
  for (const t of nthVisitorTasks(sqlite, ctx)) if (inputs.has(t.customerId)) desired.tasks.push(t);
  const counts = applyPlan(sqlite, desired, { customerIds: ids, today: ctx.today, now: ctx.now, plannerRules: PLANNER_RULES });
  return { customers: inputs.size, ...counts };
}

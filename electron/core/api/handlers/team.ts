import { v5, v7 } from 'uuid';
import type { AdvisorWork, CustomerHistory, CustomerHistoryEntry, ReassignResult, TeamOverview } from '../../../../shared/api/areas/team';
import { dayStartInstant, periodOf } from '../../../../shared/domain/manager-periods';
import { addDays } from '../../../../shared/domain/rules/days';
import { averageDaysOverdue, RECENT_FOLLOW_UP_DAYS } from '../../../../shared/domain/team';
import { isoDateIn } from '../../../../shared/domain/calendar/dates';
import { assignmentsOf, customersForAssignment, openWorkCounts, reassignCustomers, workHistoryOf } from '../../repos/assignments';
import { MUTATION_OPS_MAX } from '../../../../shared/sync/protocol';
import { getStaff } from '../../repos/staff';
import { advisorCustomerRows, customerWithAdvisor, emptyCounts, teamCounts, teamStaff, vipWithoutAdvisor } from '../../repos/team';
import { freshStatus } from '../../status/refresh';
import { DeskFailure } from '../failure';
import { mutate, storeDay } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

/** Namespace of the assignment ids a reassignment derives from its batch id (a replay writes them once). */
const BATCH_NS = '0b7e4f3a-8d21-4c6e-9f5a-71c2d9e4b6a0';
const HISTORY_LIMIT = 200;
/** Customers moved per transaction (and outbox entry): ~3 MB of row operations with their open work. */
export const REASSIGN_CHUNK = 1000;

/**
 * The customers in the transactions (outbox entries) they move in: at most REASSIGN_CHUNK each, and
 * at most as many row operations as one mutation may carry (a customer's row and assignment, and
 * each open task and card): 1,000 customers of 4 open tasks each made an entry HQ refused, and the
 * desk's pushes and pulls stopped behind it for good.
 */
export function reassignChunks<T extends { id: string }>(customers: readonly T[], openWork: ReadonlyMap<string, number>): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let ops = 0;
  for (const c of customers) {
    const weight = 2 + (openWork.get(c.id) ?? 0);
    if (chunk.length > 0 && (chunk.length >= REASSIGN_CHUNK || ops + weight > MUTATION_OPS_MAX)) {
      chunks.push(chunk);
      chunk = [];
      ops = 0;
    }
    chunk.push(c);
    ops += weight;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}


export async function teamOverview(call: CallContext, period: 'week' | 'month'): Promise<TeamOverview> {
  const { today, timezone } = await storeDay(call);
  const sqlite = call.core.database.sqlite;
  await freshStatus(sqlite, today, null);
  const { from, to } = periodOf(today, period);
  const recentFrom = addDays(today, -(RECENT_FOLLOW_UP_DAYS - 1));
  const counts = teamCounts(sqlite, {
    today, to, fromAt: dayStartInstant(from, timezone), toAt: dayStartInstant(addDays(to, 1), timezone), recentAt: dayStartInstant(recentFrom, timezone),
  });
  // Anyone with customers, open work or work done in the period: a manager who completes tasks or writes cards on an
  // advisor's day has a row, so the rows add up to the store's work.
  const owners = [...counts.entries()]
    .filter(([id, c]) => id !== '' && (c.customers > 0 || c.tasksOverdue > 0 || c.tasksDue > 0 || c.tasksDone > 0 || c.cardsWritten > 0))
    .map(([id]) => id);
  const staff = teamStaff(sqlite, owners);
  const advisors: AdvisorWork[] = staff.map((s) => {
    const c = counts.get(s.id) ?? emptyCounts();
    return {
      advisorId: s.id, name: s.name, active: s.active, customers: c.customers, tasksDone: c.tasksDone, tasksDue: c.tasksDue, tasksOverdue: c.tasksOverdue,
      cardsWritten: c.cardsWritten, avgDaysOverdue: averageDaysOverdue(c.overdueDays, c.tasksOverdue), redWithoutFollowUp: c.redWithoutFollowUp,
    };
  });
  const unassignedCustomers = (counts.get('')?.customers ?? 0) + staff.filter((s) => !s.active).reduce((n, s) => n + (counts.get(s.id)?.customers ?? 0), 0);
  const none = counts.get('');
  const unassigned =
    none && (none.customers > 0 || none.tasksDue > 0 || none.tasksOverdue > 0)
      ? { customers: none.customers, tasksDue: none.tasksDue, tasksOverdue: none.tasksOverdue, avgDaysOverdue: averageDaysOverdue(none.overdueDays, none.tasksOverdue), redWithoutFollowUp: none.redWithoutFollowUp }
      : null;
  return { today, period, from, to, recentFollowUpDays: RECENT_FOLLOW_UP_DAYS, advisors, unassigned, unassignedCustomers };
}

export const team: HandlerArea<'team'> = {
  overview: (args, call) => teamOverview(call, args.period),

  advisorCustomers: async (args, call) => {
    const { today, timezone } = await storeDay(call);
    const sqlite = call.core.database.sqlite;
    const advisor = await getStaff(call.core.database.db, args.advisorId);
    if (!advisor) throw new DeskFailure('not_found', `Staff ${args.advisorId} does not exist`, { field: 'advisorId', entity: 'staff' });
    await freshStatus(sqlite, today, args.advisorId);
    const rows = advisorCustomerRows(sqlite, args.advisorId, args.filter, {
      today, recentAt: dayStartInstant(addDays(today, -(RECENT_FOLLOW_UP_DAYS - 1)), timezone), toDay: (at) => isoDateIn(new Date(at), timezone),
    });
    return { today, advisorId: advisor.id, advisorName: advisor.name, filter: args.filter, rows };
  },

  customerHistory: async (args, call): Promise<CustomerHistory> => {
    const sqlite = call.core.database.sqlite;
    const c = customerWithAdvisor(sqlite, args.customerId);
    if (!c) throw new DeskFailure('not_found', `Customer ${args.customerId} does not exist`, { field: 'customerId', entity: 'customer' });
    const assignments = assignmentsOf(sqlite, c.id);
    const entries: CustomerHistoryEntry[] = [
      ...assignments.map((a): CustomerHistoryEntry => ({ kind: 'assignment', at: a.at, staffName: a.byStaffName, summary: a.reason, assignment: a })),
      ...workHistoryOf(sqlite, c.id, HISTORY_LIMIT),
    ]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, HISTORY_LIMIT);
    return { customerId: c.id, name: c.name, advisorId: c.advisorId, advisorName: c.advisorName, assignments, entries };
  },

  /**
   * Customers (one or many, e.g. when an advisor leaves) move to another advisor in ONE transaction:
   * customers.advisor_id, their open tasks and open card reminders, and one customer_assignments row
   * with the reason per customer that changed hands. Customers already with that advisor are left alone.
   * More than REASSIGN_CHUNK customers are moved in transactions of that many, one outbox entry each:
   * the row operations of 16k customers with their tasks came to 50 MB, above what HQ takes in one push
   * (32 MB). A retry of the same call (same batchId) after a failure part-way moves only the rest.
   */
  reassign: async (args, call): Promise<ReassignResult> => {
    const sqlite = call.core.database.sqlite;
    const target = await getStaff(call.core.database.db, args.toAdvisorId);
    if (!target) throw new DeskFailure('not_found', `Staff ${args.toAdvisorId} does not exist`, { field: 'toAdvisorId', entity: 'staff' });
    if (!target.active) throw new DeskFailure('validation', 'That staff member is no longer active', { field: 'toAdvisorId' });
    // As tasks.reassign: customers go to an advisor (one put with a manager also left the "without an advisor" list).
    if (target.role !== 'advisor') throw new DeskFailure('validation', 'Customers go to an advisor', { field: 'toAdvisorId', rule: 'not_an_advisor' });
    const ids = [...new Set(args.customerIds)];
    const found = customersForAssignment(sqlite, ids);
    if (found.length !== ids.length) {
      const have = new Set(found.map((f) => f.id));
      const missing = ids.find((id) => !have.has(id));
      throw new DeskFailure('not_found', `Customer ${missing} does not exist`, { field: 'customerIds', entity: 'customer', customerId: missing });
    }
    const moving = found.filter((f) => f.advisor_id !== target.id);
    if (moving.length === 0) return { moved: 0, unchanged: found.length, tasksMoved: 0, cardsMoved: 0 };
    const batchId = args.batchId ?? v7();
    const result = { tasks: 0, cards: 0 };
    for (const chunk of reassignChunks(moving, openWorkCounts(sqlite, moving.map((m) => m.id)))) {
      const moved = await mutate(
        call,
        {
          name: 'team.reassign',
          args: { customerIds: chunk.map((m) => m.id), toAdvisorId: target.id, reason: args.reason, batchId },
          audit: { action: 'update', entity: 'customer', entityId: chunk.length === 1 ? chunk[0]!.id : batchId, detail: { customers: chunk.length, to: target.id, reason: args.reason } },
          replan: chunk.map((m) => m.id),
          tables: ['customers', 'tasks', 'card_reminders', 'customer_assignments'],
          sizeField: 'customerIds',
        },
        async ({ trx, staff, at }) =>
          reassignCustomers(trx, {
            customers: chunk.map((m) => ({ id: m.id, storeId: m.store_id, fromAdvisorId: m.advisor_id, assignmentId: v5(`${batchId}:${m.id}`, BATCH_NS) })),
            toAdvisorId: target.id, reason: args.reason, byStaffId: staff.id, at,
          }),
      );
      result.tasks += moved.tasks;
      result.cards += moved.cards;
    }
    return { moved: moving.length, unchanged: found.length - moving.length, tasksMoved: result.tasks, cardsMoved: result.cards };
  },

  unassignedVip: (_args, call) => vipWithoutAdvisor(call.core.database.sqlite),
};

import { v7 } from 'uuid';
import type { TaskChange } from '../../../../shared/api/areas/tasks';
import { addDays } from '../../../../shared/domain/rules/days';
import { asksChurnReason, channelsForTask, parseTaskReason, taskChannels, taskPurpose } from '../../../../shared/domain/tasks';
import { touchpointLastDay } from '../../planner/desired';
import { loadPlanningInputs } from '../../repos/planner-inputs';
import { runToEnd } from '../../repos/planner-inputs-types';
import { loadRules } from '../../repos/rules';
import { consentStates } from '../../repos/roster';
import { getStaff } from '../../repos/staff';
import { completeTask, logInteraction, reassignTask, skipTask, snoozeTask, taskForWrite } from '../../repos/tasks';
import { DeskFailure } from '../failure';
import { mutate, signedIn, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

/** How far a task can be snoozed. */
const SNOOZE_MAX_DAYS = 180;

/** The open task a person acts on: it exists, it is theirs (a manager may act on any), it is open. */
async function openTaskFor(call: CallContext, taskId: string) {
  const staff = signedIn(call);
  const task = await taskForWrite(call.core.database.db, taskId);
  if (!task) throw new DeskFailure('not_found', `Task ${taskId} does not exist`, { field: 'taskId', entity: 'task' });
  if (staff.role !== 'manager' && task.advisor_id !== staff.id) throw new DeskFailure('forbidden', 'This task belongs to another advisor', { field: 'taskId' });
  if (task.status !== 'open') throw new DeskFailure('conflict', `The task is already ${task.status}`, { field: 'taskId' });
  return task;
}

/** The one-row UPDATE found the task no longer open (someone else acted on it in between). */
function mustChange(changed: number): void {
  if (changed !== 1) throw new DeskFailure('conflict', 'The task was changed by someone else; reload', { field: 'taskId' });
}

const IN_STORE = new Set(['gift', 'surprise', 'thanks']);

export const tasks: HandlerArea<'tasks'> = {
  complete: async (args, call) => {
    const task = await openTaskFor(call, args.taskId);
    const reason = parseTaskReason(task.reason);
    if (!taskChannels(task).includes(args.channel)) {
      throw new DeskFailure('validation', `A ${task.kind} task is not done by ${args.channel}`, { field: 'channel' });
    }
    const consent = consentStates(call.core.database.sqlite, [task.customer_id]).get(task.customer_id);
    const allowed = consent ? channelsForTask({ ...task, reason }, consent).allowed : [];
    if (!allowed.includes(args.channel)) {
      throw new DeskFailure('validation', `The customer does not allow contact by ${args.channel} for this task`, { field: 'channel' });
    }
    const asked = asksChurnReason(task, args.outcome);
    if (asked && args.churnReason === undefined) {
      throw new DeskFailure('validation', 'A win-back contact that reached the customer records why they stopped coming (churnReason)', { field: 'churnReason', rule: 'required' });
    }
    if (!asked && args.churnReason !== undefined) {
      throw new DeskFailure('validation', 'A churn reason is recorded only when a win-back contact reached the customer', { field: 'churnReason', rule: 'not_asked' });
    }
    const interactionId = args.interactionId ?? v7();
    // A visit the advisor pays the customer is a home visit; a gift or surprise is handed over at the store.
    const logged = args.channel === 'visit' ? (IN_STORE.has(task.kind) ? 'visit' : 'home_visit') : args.channel;
    return mutate(
      call,
      {
        name: 'tasks.complete',
        args: { taskId: task.id, channel: args.channel, outcome: args.outcome, note: args.note ?? null, interactionId, ...(asked ? { churnReason: args.churnReason } : {}) },
        audit: { action: 'complete', entity: 'task', entityId: task.id, detail: { outcome: args.outcome, channel: args.channel, ...(asked ? { churnReason: args.churnReason } : {}) } },
        tables: ['tasks', 'interactions'],
      },
      async ({ trx, staff, at }): Promise<TaskChange> => {
        mustChange(await completeTask(trx, { id: task.id, outcome: args.outcome, staffId: staff.id, at }));
        await logInteraction(trx, {
          id: interactionId, storeId: task.store_id, customerId: task.customer_id, staffId: staff.id, channel: logged, purpose: taskPurpose({ ...task, reason }) === 'service' ? 'service' : 'care',
          outcome: args.outcome,
          note: args.note ? args.note : null, taskId: task.id, churnReason: args.churnReason ?? null, at,
        });
        return { id: task.id, status: 'done', advisorId: task.advisor_id, snoozedUntil: task.snoozed_until, interactionId };
      },
    );
  },

  snooze: async (args, call) => {
    const task = await openTaskFor(call, args.taskId);
    const day = await storeToday(call);
    if (args.until <= day) throw new DeskFailure('validation', 'Snooze to a day after today', { field: 'until' });
    if (args.until > addDays(day, SNOOZE_MAX_DAYS)) throw new DeskFailure('validation', `Snooze at most ${SNOOZE_MAX_DAYS} days`, { field: 'until' });
    // Past the last day its rule keeps the task, the planner would void it that day and it would never come back.
    const sqlite = call.core.database.sqlite;
    const rules = loadRules(sqlite);
    const customer = runToEnd(loadPlanningInputs(sqlite, day, rules, [task.customer_id])).get(task.customer_id);
    const lastDay = customer ? touchpointLastDay(customer, { today: day, rules }, task.rule, task.occurrence) : null;
    if (lastDay !== null && args.until > lastDay) {
      throw new DeskFailure('validation', `The task ends on ${lastDay}: snooze it to that day at most`, { field: 'until', rule: 'after_task_ends', validUntil: lastDay });
    }
    return mutate(
      call,
      { name: 'tasks.snooze', args: { taskId: task.id, until: args.until }, audit: { action: 'update', entity: 'task', entityId: task.id, detail: { snoozedUntil: args.until } }, tables: ['tasks'] },
      async ({ trx, at }): Promise<TaskChange> => {
        mustChange(await snoozeTask(trx, { id: task.id, until: args.until, at }));
        return { id: task.id, status: 'open', advisorId: task.advisor_id, snoozedUntil: args.until, interactionId: null };
      },
    );
  },

  skip: async (args, call) => {
    const task = await openTaskFor(call, args.taskId);
    const reason = args.note ? `${args.reason}: ${args.note}` : args.reason;
    return mutate(
      call,
      { name: 'tasks.skip', args: { taskId: task.id, reason: args.reason, note: args.note ?? null }, audit: { action: 'update', entity: 'task', entityId: task.id, detail: { skipped: reason } }, tables: ['tasks'] },
      async ({ trx, staff, at }): Promise<TaskChange> => {
        mustChange(await skipTask(trx, { id: task.id, reason, staffId: staff.id, at }));
        return { id: task.id, status: 'skipped', advisorId: task.advisor_id, snoozedUntil: task.snoozed_until, interactionId: null };
      },
    );
  },

  /**
   * A one-off move of one open task (a manager covering for an absent advisor). The customer's
   * advisor stays who they are; the task is pinned to the new advisor (migration 0012), so the
   * planner, which keeps other open tasks with the customer's advisor, does not move it back on any
   * desk. Moving a customer's work for good is reassigning the customer (team.reassign), which also
   * unpins their open tasks.
   */
  reassign: async (args, call) => {
    const task = await openTaskFor(call, args.taskId);
    const target = await getStaff(call.core.database.db, args.advisorId);
    if (!target) throw new DeskFailure('not_found', `Staff ${args.advisorId} does not exist`, { field: 'advisorId', entity: 'staff' });
    if (!target.active) throw new DeskFailure('validation', 'That staff member is no longer active', { field: 'advisorId' });
    // An advisor's Today lists the work; a manager's is a review of the team, where the task would sit unseen.
    if (target.role !== 'advisor') throw new DeskFailure('validation', 'Tasks go to an advisor', { field: 'advisorId', rule: 'not_an_advisor' });
    if (task.advisor_id === args.advisorId) throw new DeskFailure('conflict', 'The task already belongs to that advisor', { field: 'advisorId' });
    return mutate(
      call,
      {
        name: 'tasks.reassign',
        args: { taskId: task.id, advisorId: args.advisorId },
        audit: { action: 'update', entity: 'task', entityId: task.id, detail: { from: task.advisor_id, to: args.advisorId } },
        tables: ['tasks'],
      },
      async ({ trx, at }): Promise<TaskChange> => {
        mustChange(await reassignTask(trx, { id: task.id, advisorId: args.advisorId, at }));
        return { id: task.id, status: 'open', advisorId: args.advisorId, snoozedUntil: task.snoozed_until, interactionId: null };
      },
    );
  },
};

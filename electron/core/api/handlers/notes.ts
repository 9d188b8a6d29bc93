import { v7 } from 'uuid';
import { followUpVerdict, MANUAL_FOLLOW_UP_RULE, nextTaskOf, SUGGESTION_THANKS_RULE, type NoteTaskReason } from '../../../../shared/domain/customer360';
import { liveComplaint, insertComplaint, resolveComplaint } from '../../repos/complaints';
import { consentState, customerForWrite } from '../../repos/consent';
import { insertInteraction, insertManualTask } from '../../repos/interactions';
import { insertPreference, livePreference, removePreference, setSuggestionStatus, updatePreference } from '../../repos/preferences';
import { COMPLAINT_VISIT_RULE, LOW_SCORE_VISIT_RULE, RECOVERY_VISIT_RULES, surveyTurnsRed, type RecoveryReason } from '../../../../shared/domain/recovery';
import { openTaskOf } from '../../repos/tasks';
import { loadRules } from '../../repos/rules';
import { insertSurvey, surveysOf } from '../../repos/surveys';
import { DeskFailure } from '../failure';
import { mutate, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';
import { plannedId } from '../../planner/ids';
import { addDays } from '../../../../shared/domain/rules/days';

/** How far ahead a follow-up's next date may be. */
const NEXT_DATE_MAX_DAYS = 365;

/**
 * The advisor's notes on a customer. Each verb: checks that need the database (the customer
 * exists, dates against today, consent), then ONE mutate(): rows + audit + outbox together.
 */

async function customerOf(call: CallContext, customerId: string) {
  const c = await customerForWrite(call.core.database.db, customerId);
  if (!c) throw new DeskFailure('not_found', `customer ${customerId} does not exist`, { field: 'customerId', entity: 'customer' });
  return c;
}

async function preferenceOf(call: CallContext, id: string) {
  const p = await livePreference(call.core.database.db, id);
  if (!p) throw new DeskFailure('not_found', `preference ${id} does not exist`, { field: 'id', entity: 'preference' });
  return p;
}

const notAfterToday = (field: string, date: string, today: string) => {
  if (date > today) throw new DeskFailure('validation', `${field} must not be after today (${today})`, { field, rule: 'not_after_today' });
};

export const notes: HandlerArea<'notes'> = {
  addPreference: async ({ customerId, category, value }, call) => {
    const c = await customerOf(call, customerId);
    const id = v7();
    await mutate(
      call,
      { name: 'preferences.add', args: { id, customerId, category, value }, audit: { action: 'create', entity: 'preference', entityId: id, detail: { customerId, category } }, tables: ['preferences'] },
      ({ trx, staff, at }) => insertPreference(trx, { id, storeId: c.store_id, customerId, category, value, staffId: staff.id, at }),
    );
    return { id };
  },

  changePreference: async ({ id, category, value }, call) => {
    const p = await preferenceOf(call, id);
    // An adopted or declined suggestion stays one: moved out of the category and back it came back open,
    // its answer lost, and adopting it again failed on the thank-you task it already had.
    if (p.category === 'suggestion' && category !== 'suggestion' && p.suggestionStatus !== null && p.suggestionStatus !== 'open') {
      throw new DeskFailure('validation', `suggestion ${id} was ${p.suggestionStatus} already: it stays a suggestion`, { field: 'category', rule: 'closed_suggestion' });
    }
    await mutate(
      call,
      { name: 'preferences.change', args: { id, category, value }, audit: { action: 'update', entity: 'preference', entityId: id, detail: { customerId: p.customerId, from: { category: p.category, value: p.value }, category } }, tables: ['preferences'] },
      ({ trx, staff, at }) => updatePreference(trx, { id, category, value, staffId: staff.id, at, suggestionStatus: p.suggestionStatus }),
    );
    return { id };
  },

  removePreference: async ({ id }, call) => {
    const p = await preferenceOf(call, id);
    await mutate(
      call,
      { name: 'preferences.remove', args: { id }, audit: { action: 'delete', entity: 'preference', entityId: id, detail: { customerId: p.customerId, category: p.category, value: p.value } }, tables: ['preferences'] },
      ({ trx, staff, at }) => removePreference(trx, { id, staffId: staff.id, at }),
    );
    return { id };
  },

  adoptSuggestion: async ({ id }, call) => {
    const p = await preferenceOf(call, id);
    if (p.category !== 'suggestion') throw new DeskFailure('validation', `preference ${id} is not a suggestion`, { field: 'id', rule: 'not_a_suggestion' });
    if (p.suggestionStatus !== 'open') throw new DeskFailure('conflict', `suggestion ${id} is already ${p.suggestionStatus ?? 'closed'}`, { field: 'id' });
    const c = await customerOf(call, p.customerId);
    // The same id on every desk (customer, rule, suggestion): two desks that adopt the suggestion before
    // either has the other's change write one task, not two HQ would refuse as repeating each other.
    const taskId = plannedId(c.id, SUGGESTION_THANKS_RULE, id);
    await mutate(
      call,
      {
        name: 'suggestions.adopt',
        args: { id, taskId },
        audit: { action: 'update', entity: 'preference', entityId: id, detail: { customerId: p.customerId, suggestionStatus: 'adopted', taskId } },
        tables: ['preferences', 'tasks'],
      },
      async ({ trx, staff, at, today }) => {
        if ((await setSuggestionStatus(trx, { id, status: 'adopted', staffId: staff.id, at })) === 0) {
          throw new DeskFailure('conflict', `suggestion ${id} was closed meanwhile`, { field: 'id' });
        }
        const reason: NoteTaskReason = { code: 'suggestion_adopted', preferenceId: id, suggestion: p.value };
        // Tell them and thank them: the customer's advisor's task, due today.
        await insertManualTask(trx, {
          id: taskId, storeId: c.store_id, customerId: c.id, advisorId: c.advisor_id ?? staff.id, rule: SUGGESTION_THANKS_RULE, occurrence: id,
          kind: 'thanks', channel: null, dueDate: today, reason, at,
        });
      },
    );
    return { id, taskId };
  },

  declineSuggestion: async ({ id }, call) => {
    const p = await preferenceOf(call, id);
    if (p.category !== 'suggestion') throw new DeskFailure('validation', `preference ${id} is not a suggestion`, { field: 'id', rule: 'not_a_suggestion' });
    if (p.suggestionStatus !== 'open') throw new DeskFailure('conflict', `suggestion ${id} is already ${p.suggestionStatus ?? 'closed'}`, { field: 'id' });
    await mutate(
      call,
      { name: 'suggestions.decline', args: { id }, audit: { action: 'update', entity: 'preference', entityId: id, detail: { customerId: p.customerId, suggestionStatus: 'declined' } }, tables: ['preferences'] },
      async ({ trx, staff, at }) => {
        if ((await setSuggestionStatus(trx, { id, status: 'declined', staffId: staff.id, at })) === 0) throw new DeskFailure('conflict', `suggestion ${id} was closed meanwhile`, { field: 'id' });
      },
    );
    return { id };
  },

  logFollowUp: async (args, call) => {
    const { customerId, channel, purpose, outcome, note, nextStep } = args;
    const nextDate = args.nextDate ?? null;
    const c = await customerOf(call, customerId);
    const today = await storeToday(call);
    if (nextDate !== null && nextDate < today) throw new DeskFailure('validation', `nextDate must not be before today (${today})`, { field: 'nextDate', rule: 'not_before_today' });
    // A year at most (a typo of 2062 for 2026 made a task no Today ever showed).
    const latest = addDays(today, NEXT_DATE_MAX_DAYS);
    if (nextDate !== null && nextDate > latest) throw new DeskFailure('validation', `nextDate must be within a year (by ${latest})`, { field: 'nextDate', rule: 'too_far', latest });
    // Consent (PIPL): an outgoing care/marketing contact on a channel the customer refused is not logged as done.
    const consent = await consentState(call.core.database.db, customerId);
    const verdict = consent ? followUpVerdict(consent, channel, purpose) : { allowed: true as const };
    if (!verdict.allowed) {
      throw new DeskFailure('validation', `The customer does not accept ${purpose} contact by ${channel} (${verdict.reason})`, { field: 'channel', reason: verdict.reason });
    }
    const id = v7();
    const taskId = nextDate === null ? null : v7();
    await mutate(
      call,
      {
        name: 'followUps.log',
        args: { id, taskId, customerId, channel, purpose, outcome, note, nextStep, nextDate },
        audit: { action: 'create', entity: 'interaction', entityId: id, detail: { customerId, channel, purpose, outcome, taskId } },
        replan: [customerId],
        tables: taskId ? ['interactions', 'tasks'] : ['interactions'],
      },
      async ({ trx, staff, at }) => {
        await insertInteraction(trx, { id, storeId: c.store_id, customerId, staffId: staff.id, channel, purpose, outcome, note, nextStep, nextDate, at });
        if (taskId !== null && nextDate !== null) {
          const reason: NoteTaskReason = { code: 'manual_follow_up', interactionId: id, nextStep, purpose };
          const next = nextTaskOf(channel);
          await insertManualTask(trx, {
            id: taskId, storeId: c.store_id, customerId, advisorId: c.advisor_id ?? staff.id, rule: MANUAL_FOLLOW_UP_RULE, occurrence: id,
            kind: next.kind, channel: next.channel, dueDate: nextDate, reason, at,
          });
        }
      },
    );
    return { id, taskId };
  },

  recordSurvey: async ({ customerId, score, comment, surveyedOn }, call) => {
    const c = await customerOf(call, customerId);
    const today = await storeToday(call);
    const on = surveyedOn ?? today;
    notAfterToday('surveyedOn', on, today);
    const id = v7();
    const rules = loadRules(call.core.database.sqlite);
    let taskId: string | null = null;
    await mutate(
      call,
      { name: 'surveys.record', args: { id, customerId, score, comment, surveyedOn: on }, audit: { action: 'create', entity: 'survey', entityId: id, detail: { customerId, score } }, replan: [customerId], tables: ['surveys', 'tasks'] },
      async ({ trx, staff, at }) => {
        const earlier = await surveysOf(trx, customerId);
        await insertSurvey(trx, { id, storeId: c.store_id, customerId, surveyedOn: on, score, comment, staffId: staff.id, at });
        if (!surveyTurnsRed({ date: on, score0to10: score }, earlier, today, rules)) return;
        taskId = await openTaskOf(trx, customerId, RECOVERY_VISIT_RULES);
        if (taskId !== null) return;
        taskId = v7();
        const reason: RecoveryReason = { code: 'low_satisfaction', surveyId: id, score: score * 10, surveyedOn: on };
        await insertManualTask(trx, {
          id: taskId, storeId: c.store_id, customerId, advisorId: c.advisor_id ?? staff.id, rule: LOW_SCORE_VISIT_RULE, occurrence: id,
          kind: 'visit', channel: null, dueDate: today, reason, at,
        });
      },
    );
    return { id, taskId };
  },

  openComplaint: async ({ customerId, summary, openedOn }, call) => {
    const c = await customerOf(call, customerId);
    const today = await storeToday(call);
    const on = openedOn ?? today;
    notAfterToday('openedOn', on, today);
    const id = v7();
    let taskId = v7();
    await mutate(
      call,
      {
        name: 'complaints.open', args: { id, customerId, summary, openedOn: on },
        audit: { action: 'create', entity: 'complaint', entityId: id, detail: { customerId } }, replan: [customerId], tables: ['complaints', 'tasks'],
      },
      async ({ trx, staff, at }) => {
        await insertComplaint(trx, { id, storeId: c.store_id, customerId, openedOn: on, summary, staffId: staff.id, at });
        // An open complaint is red on the radar: the advisor's recovery visit, due today (unless one is open already).
        const open = await openTaskOf(trx, customerId, RECOVERY_VISIT_RULES);
        if (open !== null) {
          taskId = open;
          return;
        }
        const reason: RecoveryReason = { code: 'complaint_opened', complaintId: id, summary, openedOn: on };
        await insertManualTask(trx, {
          id: taskId, storeId: c.store_id, customerId, advisorId: c.advisor_id ?? staff.id, rule: COMPLAINT_VISIT_RULE, occurrence: id,
          kind: 'visit', channel: null, dueDate: today, reason, at,
        });
      },
    );
    return { id, taskId };
  },

  resolveComplaint: async ({ id, resolution, resolvedOn }, call) => {
    const k = await liveComplaint(call.core.database.db, id);
    if (!k) throw new DeskFailure('not_found', `complaint ${id} does not exist`, { field: 'id', entity: 'complaint' });
    if (k.resolved_on !== null) throw new DeskFailure('conflict', `complaint ${id} was already resolved on ${k.resolved_on}`, { field: 'id' });
    const today = await storeToday(call);
    const on = resolvedOn ?? today;
    notAfterToday('resolvedOn', on, today);
    if (on < k.opened_on) throw new DeskFailure('validation', `resolvedOn must not be before the complaint was opened (${k.opened_on})`, { field: 'resolvedOn', rule: 'not_before_opened' });
    await mutate(
      call,
      { name: 'complaints.resolve', args: { id, resolution, resolvedOn: on }, audit: { action: 'update', entity: 'complaint', entityId: id, detail: { customerId: k.customer_id, resolvedOn: on } }, replan: [k.customer_id], tables: ['complaints'] },
      async ({ trx, at }) => {
        if ((await resolveComplaint(trx, { id, resolvedOn: on, resolution, at })) === 0) throw new DeskFailure('conflict', `complaint ${id} was resolved meanwhile`, { field: 'id' });
      },
    );
    return { id };
  },
};

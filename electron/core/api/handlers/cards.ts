import { addDays } from '../../../../shared/domain/calendar/dates';
import { canMoveCard, cardDelivery, deliveryOf, type CardStatus } from '../../../../shared/domain/cards';
import { NO_CONSENT } from '../../../../shared/domain/consent';
import { cardRow, countCards, listCards, promptInputs, toCardItem, updateCardStatus } from '../../repos/cards';
import { consentStates } from '../../repos/roster';
import { loadRules } from '../../repos/rules';
import { DeskFailure, notFound } from '../failure';
import { mutate, signedIn, storeToday } from '../mutate';
import type { HandlerArea } from '../types';

const OPEN: readonly CardStatus[] = ['to_write', 'written'];
const LAPSED = 'lapsed';
/** The queue looks a week ahead by default: time to write and mail (cardLeadDays is 7). */
const DEFAULT_DAYS_AHEAD = 7;
/** How far back "all" shows cards no longer open. */
const HISTORY_DAYS = 30;

export const cards: HandlerArea<'cards'> = {
  queue: async ({ advisorId, customerIds, from, to, include, limit }, call) => {
    const staff = signedIn(call);
    if (advisorId && staff.role !== 'manager' && advisorId !== staff.id) {
      throw new DeskFailure('forbidden', "an advisor sees their own cards only", { field: 'advisorId' });
    }
    if (from && to && from > to) throw new DeskFailure('validation', 'from must not be after to', { field: 'from' });
    const today = await storeToday(call);
    const sqlite = call.core.database.sqlite;
    const filter = {
      advisorId: staff.role === 'manager' ? advisorId : staff.id,
      customerIds,
      from,
      to: to ?? addDays(today, DEFAULT_DAYS_AHEAD),
      statuses: include === 'open' ? OPEN : null,
      // "All" is the open cards and the last HISTORY_DAYS of the others: all of history, oldest first, pushed
      // this week's cards past the first page after a few months.
      historyFrom: include === 'all' && !from ? addDays(today, -HISTORY_DAYS) : undefined,
      limit,
    };
    const rows = listCards(sqlite, filter);
    const truncated = rows.length > limit;
    const total = truncated ? countCards(sqlite, filter) : rows.length;
    const kept = rows.slice(0, limit);
    const ids = kept.map((r) => r.customer_id);
    const inputs = promptInputs(sqlite, ids);
    const consent = consentStates(sqlite, ids);
    const rules = loadRules(sqlite);
    return { today, truncated, total, items: kept.map((r) => toCardItem(r, inputs.get(r.customer_id), consent.get(r.customer_id), today, rules)) };
  },

  setStatus: async ({ id, status, reason }, call) => {
    const staff = signedIn(call);
    const sqlite = call.core.database.sqlite;
    const before = cardRow(sqlite, id);
    if (!before) throw notFound('card', id);
    if (staff.role !== 'manager' && before.advisor_id !== null && before.advisor_id !== staff.id) {
      throw new DeskFailure('forbidden', "another advisor's card", { field: 'id' });
    }
    if (status === 'skipped' && !reason) throw new DeskFailure('validation', 'skipping a card needs a reason', { field: 'reason' });
    // The planner's own mark for a card nobody wrote in time (it opens such a card again when wanted).
    if (status === 'skipped' && reason?.trim().toLowerCase() === LAPSED) throw new DeskFailure('validation', `"${LAPSED}" is the planner's own reason; say why in other words`, { field: 'reason', reason: 'reserved' });
    const way = deliveryOf(status);
    const verdict = way ? cardDelivery(consentStates(sqlite, [before.customer_id]).get(before.customer_id) ?? NO_CONSENT, before.address)[way] : null;
    if (verdict?.allowed === false && verdict.reason === 'no_address') {
      throw new DeskFailure('validation', 'the customer has no address: this card cannot be mailed, hand it over', { field: 'address', reason: 'no_address' });
    }
    if (verdict?.allowed === false) {
      throw new DeskFailure('validation', `the customer's consent does not allow this card to be ${status === 'mailed' ? 'mailed' : 'handed over'} (${verdict.reason})`, { field: 'status', reason: verdict.reason });
    }
    if (!canMoveCard(before.status, status)) {
      throw new DeskFailure('conflict', `a card that is ${before.status} cannot become ${status}`, { field: 'status', from: before.status, to: status });
    }
    await mutate(
      call,
      {
        name: 'cards.setStatus',
        args: { id, from: before.status, status, reason: status === 'skipped' ? reason : null },
        audit: { action: 'update', entity: 'card_reminder', entityId: id, detail: { from: before.status, to: status, reason: status === 'skipped' ? reason : undefined } },
        tables: ['card_reminders'],
      },
      async ({ trx, staff: who, at }) => {
        const changed = await updateCardStatus(trx, { id, from: before.status, to: status, reason: status === 'skipped' ? (reason ?? null) : null, staffId: who.id, at });
        if (changed !== 1) throw new DeskFailure('conflict', 'the card changed meanwhile; reload and try again', { field: 'status' });
      },
    );
    const after = cardRow(sqlite, id);
    if (!after) throw notFound('card', id);
    const today = await storeToday(call);
    const inputs = promptInputs(sqlite, [after.customer_id]);
    return toCardItem(after, inputs.get(after.customer_id), consentStates(sqlite, [after.customer_id]).get(after.customer_id), today, loadRules(sqlite));
  },
};

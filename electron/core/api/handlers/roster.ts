import { v5, v7 } from 'uuid';
import type { RosterRow, RosterView } from '../../../../shared/domain/roster';
import { channelVerdict } from '../../../../shared/domain/consent';
import { rosterStatus } from '../../repos/customer-status';
import { consentStates, liveCustomerOwners, nextOccasions, openTaskCounts } from '../../repos/roster';
import { logInteraction } from '../../repos/tasks';
import { freshStatus } from '../../status/refresh';
import { DeskFailure } from '../failure';
import { mutate, signedIn, storeToday } from '../mutate';
import type { HandlerArea } from '../types';
import { whoseWork } from './today';

/** Namespace of the interaction ids a batch follow-up derives from its batch id (replays write them once). */
const BATCH_NS = '6f1c8f7e-3c4b-4d55-9a1e-2b7f4c0d9e11';

export const roster: HandlerArea<'roster'> = {
  list: async (args, call) => {
    const advisorId = await whoseWork(call, args.advisorId);
    const day = await storeToday(call);
    const sqlite = call.core.database.sqlite;
    await freshStatus(sqlite, day, advisorId);
    const open = openTaskCounts(sqlite, advisorId);
    const occasions = nextOccasions(sqlite, advisorId, day);
    // Fields spelled out rather than spread: an advisor has up to ~16k rows, and a spread copies each row field by field through a slow path.
    const rows: RosterRow[] = rosterStatus(sqlite, advisorId).map((r) => ({
      id: r.id, name: r.name, plate: r.plate, tier: r.tier, flag: r.flag, reasons: r.reasons, lastVisitOn: r.lastVisitOn, firstDeliveryOn: r.firstDeliveryOn, riskRank: r.riskRank,
      nextOccasion: occasions.get(r.id) ?? null, openTasks: open.get(r.id) ?? 0,
    }));
    const view: RosterView = { today: day, advisorId, rows };
    return view;
  },

  /**
   * One follow-up written for many customers at once (e.g. a WeChat greeting sent to each):
   * one transaction, one interactions row per customer. Outreach needs consent on the channel:
   * when any selected customer refuses it, nothing is written and the error names `channel`.
   */
  logFollowUp: async (args, call) => {
    const me = signedIn(call);
    const sqlite = call.core.database.sqlite;
    const ids = [...new Set(args.customerIds)];
    const found = liveCustomerOwners(sqlite, ids);
    if (found.length !== ids.length) {
      const missing = ids.find((id) => !found.some((f) => f.id === id));
      throw new DeskFailure('not_found', `Customer ${missing} does not exist`, { field: 'customerIds', entity: 'customer' });
    }
    if (me.role !== 'manager' && found.some((f) => f.advisor_id !== me.id)) {
      throw new DeskFailure('forbidden', 'Some of these customers belong to another advisor', { field: 'customerIds' });
    }
    const consent = consentStates(sqlite, ids);
    const refused = ids.filter((id) => {
      const state = consent.get(id);
      return !state || !channelVerdict(state, args.channel, 'marketing').allowed;
    });
    if (refused.length > 0) {
      // Who, so the advisor can leave them out (the form only said the channel was wrong).
      const names = new Map(found.map((f) => [f.id, f.name]));
      throw new DeskFailure('validation', `${refused.length} of these customers do not allow contact by ${args.channel}`, {
        field: 'channel', reason: 'refused_by_some', refused, names: refused.slice(0, 5).map((id) => names.get(id) ?? id),
      });
    }
    const batchId = args.batchId ?? v7();
    return mutate(
      call,
      {
        name: 'roster.logFollowUp',
        args: { customerIds: ids, channel: args.channel, outcome: args.outcome, note: args.note ?? null, batchId },
        audit: { action: 'create', entity: 'interaction', entityId: batchId, detail: { customers: ids.length, channel: args.channel } },
        tables: ['interactions'],
      },
      async ({ trx, staff, at }) => {
        const channel = args.channel === 'visit' ? 'home_visit' : args.channel;
        for (const c of found) {
          await logInteraction(trx, {
            id: v5(`${batchId}:${c.id}`, BATCH_NS), storeId: c.store_id, customerId: c.id, staffId: staff.id, channel, purpose: 'care', outcome: args.outcome,
            note: args.note ? args.note : null, taskId: null, churnReason: null, at,
          });
        }
        return { logged: found.length };
      },
    );
  },
};

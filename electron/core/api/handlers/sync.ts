import { acceptRefusal } from '../../repos/sync-apply';
import { getStore } from '../../repos/stores';
import { HqRequestError } from '../../sync/http';
import { DeskFailure } from '../failure';
import { signedIn } from '../mutate';
import type { HandlerArea } from '../types';

/** Sync with HQ (electron/core/sync/service.ts): status, connect a store-less desk, sync now, needs attention. */
export const sync: HandlerArea<'sync'> = {
  status: (_args, { core }) => core.sync.status(),
  connect: async (args, { core }) => {
    if (await getStore(core.database.db)) {
      throw new DeskFailure('conflict', 'This desk already has a store; only an empty desk can be connected to HQ.', { field: 'hqUrl' });
    }
    try {
      return await core.sync.connect(args);
    } catch (error) {
      if (!(error instanceof HqRequestError)) throw error;
      if (error.code === 'offline') throw new DeskFailure('offline', `HQ did not answer at ${args.hqUrl}`, { field: 'hqUrl' });
      if (error.code === 'update_needed') throw new DeskFailure('conflict', 'HQ runs another sync version: update this app first', { field: 'hqUrl', reason: 'update_needed' });
      if (error.code === 'validation' && /address/.test(error.message)) throw new DeskFailure('validation', error.message, { field: 'hqUrl' });
      if (error.code === 'moved') throw new DeskFailure('validation', error.message, { field: 'hqUrl', reason: 'moved', location: error.message.match(/https?:\/\/[^\s;]+/)?.[0] ?? null });
      // HQ refused the code (unknown, used, expired) or answered something else.
      throw new DeskFailure('validation', `HQ refused the enrolment code: ${error.message}`, { field: 'code', reason: error.code });
    }
  },
  reconnect: async (args, { core }) => {
    // HQ refuses this desk, or answers from another address (a redirect: the desk asks for it, and a code).
    if (core.sync.status().state !== 'unauthorized' && !core.sync.moved()) throw new DeskFailure('conflict', 'HQ still takes this desk: nothing to reconnect', { field: 'code' });
    try {
      return await core.sync.reconnect(args);
    } catch (error) {
      if (!(error instanceof HqRequestError)) throw error;
      if (error.code === 'offline') throw new DeskFailure('offline', 'HQ did not answer', { field: 'code' });
      if (error.code === 'validation' && /not an address/.test(error.message)) throw new DeskFailure('validation', error.message, { field: 'hqUrl' });
      if (error.code === 'moved') throw new DeskFailure('validation', error.message, { field: 'hqUrl', reason: 'moved', location: error.message.match(/https?:\/\/[^\s;]+/)?.[0] ?? null });
      if (error.code === 'update_needed') throw new DeskFailure('conflict', 'HQ runs another sync version: update this app first', { field: 'code', reason: 'update_needed' });
      throw new DeskFailure('validation', `HQ refused the enrolment code: ${error.message}`, { field: 'code', reason: error.code });
    }
  },
  syncNow: async (_args, { core }) => core.sync.syncNow(),
  resolve: ({ id }, { core }) => {
    if (!core.sync.resolve(id)) throw new DeskFailure('not_found', `nothing open needs attention with id ${id}`, { field: 'id' });
    return core.sync.status();
  },
  acceptRefused: async ({ table, deletes }, call) => {
    const { core } = call;
    const { state, refusal } = core.sync.status();
    if (state !== 'refused' || !refusal) throw new DeskFailure('conflict', 'Sync is not paused by a refused page', { field: 'table' });
    if (refusal.table !== table || refusal.deletes !== deletes) {
      throw new DeskFailure('conflict', `The refused page now deletes ${refusal.deletes} rows of ${refusal.table}, not ${deletes} of ${table}`, { field: 'deletes' });
    }
    acceptRefusal(core.database.sqlite, refusal, signedIn(call).id, core.clock.now().toISOString());
    return core.sync.syncNow();
  },
};

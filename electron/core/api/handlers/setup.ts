import type { SetupStatus } from '../../../../shared/api/contract';
import { generateDemoStore } from '../../demo/generate';
import { countCustomers } from '../../repos/customers';
import { getStore } from '../../repos/stores';
import { initialSyncDone } from '../../repos/sync-state';
import { audit } from '../../repos/audit';
import type { CoreContext, HandlerArea } from '../types';
import { DeskFailure } from '../failure';

async function status(core: CoreContext): Promise<SetupStatus> {
  const store = await getStore(core.database.db);
  // A desk connected to HQ whose initial sync has not finished (e.g. restarted half-way) has only part of
  // its store: the first-run screen keeps showing the download's progress until it is complete.
  const downloading = store !== null && core.sync.status().connected && !initialSyncDone(core.database.sqlite);
  return { hasStore: store !== null && !downloading, store, customerCount: store ? await countCustomers(core.database.db) : 0 };
}

export const setup: HandlerArea<'setup'> = {
  status: (_args, { core }) => status(core),
  loadDemo: async (args, { core }) => {
    if (await getStore(core.database.db)) {
      throw new DeskFailure('conflict', 'This desk already has a store; a demo store can only be loaded into an empty database.');
    }
    // Connected to HQ, its store not here yet (HQ offline after the enrolment): a demo store would sit beside it.
    if (core.sync.status().hqUrl !== null) {
      throw new DeskFailure('conflict', 'This desk is connected to HQ and its store is downloading: no demo store here', { reason: 'connected' });
    }
    const today = core.clock.today('Asia/Shanghai');
    const summary = generateDemoStore(core.database, { customers: args.customers, seed: args.seed, today });
    await audit(core.database.db, { staffId: null, action: 'load_demo', entity: 'store', entityId: summary.storeId, detail: summary }, core.clock.now().toISOString());
    await core.planner.runAll();
    core.broadcast('db:changed', { tables: ['stores', 'staff', 'customers', 'tasks', 'card_reminders'] });
    return status(core);
  },
};

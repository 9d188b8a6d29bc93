import type { DeskEventName, DeskEvents } from '../../shared/api/events';
import type { WireMessage } from '../../shared/api/desk';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/open';
import type { CallContext, CoreContext } from './api/types';
import { dispatch } from './api/dispatch';
import { createPlannerService } from './planner/service';
import { ZERO } from './planner/run';
import { metricRowsChanged, warmDashboardAfterPlan } from './status/metrics-warm';
import { refreshEveryoneInSlices } from './status/refresh';
import { createSyncService, type SyncOptions } from './sync/service';
import { fileTokenStore, tokenFileFor, type TokenStore } from './sync/token-store';
import { retryRefusedRules } from './repos/rules';
import { storeTimezone } from './repos/stores';

export interface CoreConnection {
  receive(message: WireMessage): Promise<void>;
  close(): void;
}

export interface Core {
  context: CoreContext;
  /** A window (or browser tab) connects with a function that delivers messages to it. */
  connect(send: (message: WireMessage) => void): CoreConnection;
  close(): Promise<void>;
}

/** How long closing waits for a whole-store run to stop (it stops within a slice, well under a second). */
const PLANNER_STOP_MS = 10_000;

/** The desk core: owns the database and answers `desk` calls. Imports nothing from electron. */
export function createCore(options: {
  dbFile: string;
  clock?: Clock;
  autoPlan?: boolean;
  /** False for hand-computed test fixtures: a person's write does not re-plan the customers it touched (default true). */
  planAfterWrites?: boolean;
  /** Sync with HQ on a schedule when connected (default true). */
  autoSync?: boolean;
  /** Where the HQ device token is kept (default: a 0600 file next to the database; Electron: safeStorage). */
  tokenStore?: TokenStore;
  syncOptions?: Partial<SyncOptions>;
}): Core {
  const database = openDatabase(options.dbFile);
  // A rules config HQ published that an earlier version of this app could not take: this one may.
  retryRefusedRules(database.sqlite);
  const connections = new Set<(message: WireMessage) => void>();
  const clock = options.clock ?? systemClock;
  const broadcast: CoreContext['broadcast'] = (name, payload) => {
    for (const send of connections) send({ kind: 'event', name, payload });
  };
  const timezone = () => storeTimezone(database.sqlite);
  const planner = createPlannerService({
    sqlite: database.sqlite,
    clock,
    timezone,
    onDone: (c) => {
      // Today/My customers: after the daily whole-store plan, take every customer's status for the new day (status/refresh.ts).
      // Then the dashboard's metric totals (status/metrics-warm.ts), so it opens from the cache.
      if (c.scope === 'all') void refreshEveryoneInSlices(database.sqlite, c.today, () => closed).then(() => (closed ? 0 : warmDashboardAfterPlan(database.sqlite, c.today, () => closed)));
      broadcast('planner:done', { today: c.today, scope: c.scope, customers: c.customers, tasksCreated: c.tasksCreated, tasksVoided: c.tasksVoided, cardsCreated: c.cardsCreated });
    },
  });
  let closed = false;
  const sync = createSyncService({
    sqlite: database.sqlite,
    clock,
    tokens: options.tokenStore ?? fileTokenStore(tokenFileFor(options.dbFile)),
    replan: (ids) => planner.touch(ids),
    planAll: () => planner.runAll(),
    onStatus: (status) => broadcast('sync:status', status),
    onTables: (tables) => {
      broadcast('db:changed', { tables });
      // A manager watching the dashboard: today's metric totals are taken again in the background (status/metrics-warm.ts).
      metricRowsChanged(database.sqlite, tables, clock.now().getTime(), () => clock.today(timezone()));
    },
    options: options.syncOptions,
  });
  const afterWrites = options.planAfterWrites === false ? { ...planner, touch: () => ({ ...ZERO }) } : planner;
  const context: CoreContext = { database, clock, planner: afterWrites, sync, broadcast };
  if (options.autoPlan ?? true) planner.start();
  if (options.autoSync ?? true) sync.start();

  return {
    context,
    connect(send) {
      connections.add(send);
      const call: CallContext = {
        core: context,
        session: { staff: null },
        emit<E extends DeskEventName>(name: E, payload: DeskEvents[E]) {
          send({ kind: 'event', name, payload });
        },
      };
      return {
        async receive(message) {
          if (message?.kind !== 'call' || typeof message.id !== 'number') return;
          const result = await dispatch(call, message.area, message.verb, message.args);
          send({ kind: 'result', id: message.id, result });
        },
        close() {
          connections.delete(send);
        },
      };
    },
    close: async () => {
      closed = true;
      planner.stop();
      sync.stop();
      // A run under way stops at its next slice: the database closes after it, not under it. At most
      // PLANNER_STOP_MS: a run stuck on a worker must not keep the app from quitting (its writes are
      // transactions, so closing under it loses none; it logs the failure).
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, PLANNER_STOP_MS)));
      await Promise.all([sync.idle(), Promise.race([planner.idle(), late])]);
      clearTimeout(timer);
      await database.close();
    },
  };
}

import type { DeskEventName, DeskEvents } from '../../shared/api/events';
import type { WireMessage } from '../../shared/api/desk';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/open';
import type { CallContext, CoreContext } from './api/types';
import { dispatch } from './api/dispatch';
import { createPlannerService } from './planner/service';
import { refreshAfterPlan } from './status/refresh';

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

/** The desk core: owns the database and answers `desk` calls. Imports nothing from electron. */
export function createCore(options: { dbFile: string; clock?: Clock; autoPlan?: boolean }): Core {
  const database = openDatabase(options.dbFile);
  const connections = new Set<(message: WireMessage) => void>();
  const clock = options.clock ?? systemClock;
  const broadcast: CoreContext['broadcast'] = (name, payload) => {
    for (const send of connections) send({ kind: 'event', name, payload });
  };
  const planner = createPlannerService({
    sqlite: database.sqlite,
    clock,
    timezone: () => (database.sqlite.prepare('SELECT timezone FROM stores LIMIT 1').pluck().get() as string | undefined) ?? 'Asia/Shanghai',
    onDone: (c) => {
      // Today/My customers: after the daily whole-store plan, take every customer's status for the new day (status/refresh.ts).
      if (c.scope === 'all') void refreshAfterPlan(database.sqlite, c.today, () => closed);
      broadcast('planner:done', { today: c.today, scope: c.scope, customers: c.customers, tasksCreated: c.tasksCreated, tasksVoided: c.tasksVoided, cardsCreated: c.cardsCreated });
    },
  });
  let closed = false;
  const context: CoreContext = { database, clock, planner, broadcast };
  if (options.autoPlan ?? true) planner.start();

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
      await database.close();
    },
  };
}

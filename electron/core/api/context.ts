import type { DeskEventName, DeskEvents } from '../../../shared/api/events';
import type { Staff } from '../../../shared/domain/types';
import type { Clock } from '../clock';
import type { OpenedDatabase } from '../db/open';
import type { PlannerService } from '../planner/service';
import type { SyncService } from '../sync/service';

/** What every handler can reach: the database, the clock and the event bus. */
export interface CoreContext {
  database: OpenedDatabase;
  clock: Clock;
  planner: PlannerService;
  /** Push and pull with HQ (electron/core/sync). */
  sync: SyncService;
  /** Broadcast to every connected window. */
  broadcast<E extends DeskEventName>(event: E, payload: DeskEvents[E]): void;
}

/** One window's connection: who is signed in there. */
export interface CallContext {
  core: CoreContext;
  session: { staff: Staff | null };
  /** Send to this connection only. */
  emit<E extends DeskEventName>(event: E, payload: DeskEvents[E]): void;
}

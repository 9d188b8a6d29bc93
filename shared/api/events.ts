import type { SyncStatus } from './areas/sync';
import type { SessionInfo } from './contract';

/** Push events from the core, part of the same contract as the verbs. */
export interface DeskEvents {
  'db:changed': { tables: string[] };
  'session:changed': SessionInfo;
  /** Sync with HQ: state, progress, pending changes, needs attention (the Sync screen, the first-run progress bar). */
  'sync:status': SyncStatus;
  'planner:done': { today: string; scope: 'all' | 'customers'; customers: number; tasksCreated: number; tasksVoided: number; cardsCreated: number };
}
export type DeskEventName = keyof DeskEvents;

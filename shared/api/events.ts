import type { SessionInfo } from './contract';

/** Push events from the core, part of the same contract as the verbs. */
export interface DeskEvents {
  'db:changed': { tables: string[] };
  'session:changed': SessionInfo;
}
export type DeskEventName = keyof DeskEvents;

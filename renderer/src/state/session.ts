import { create } from 'zustand';
import type { DeviceSettings, SetupStatus } from '../../../shared/api/contract';
import type { Staff } from '../../../shared/domain/types';

/** What the shell needs to decide which screen to show: first run, pick user, or work. */
interface SessionState {
  setup: SetupStatus | null;
  staff: Staff | null;
  settings: DeviceSettings | null;
  set(partial: Partial<Pick<SessionState, 'setup' | 'staff' | 'settings'>>): void;
}

export const useSession = create<SessionState>((set) => ({
  setup: null,
  staff: null,
  settings: null,
  set: (partial) => set(partial),
}));

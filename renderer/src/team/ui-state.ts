import { create } from 'zustand';
import type { AdvisorCustomerFilter, TeamPeriod } from '../../../shared/api/areas/team';
import type { TeamSortKey } from './sort';

/**
 * The Team screens' UI state (no data): kept while the manager opens a customer and comes back,
 * so the period, the drill-down's filter and its text are as they were left.
 */
interface TeamUi {
  period: TeamPeriod;
  sort: { key: TeamSortKey; desc: boolean };
  /** The drill-down the filter and text belong to; another advisor starts from "all". */
  advisorId: string | null;
  filter: AdvisorCustomerFilter;
  text: string;
  setPeriod(period: TeamPeriod): void;
  /** The same column again flips the order; a new one starts with the largest (names: A to Z). */
  sortBy(key: TeamSortKey): void;
  setDrill(advisorId: string, patch: Partial<Pick<TeamUi, 'filter' | 'text'>>): void;
}

export const useTeamUi = create<TeamUi>((set) => ({
  period: 'week',
  sort: { key: 'tasksOverdue', desc: true },
  advisorId: null,
  filter: 'all',
  text: '',
  setPeriod: (period) => set({ period }),
  sortBy: (key) => set((s) => ({ sort: s.sort.key === key ? { key, desc: !s.sort.desc } : { key, desc: key !== 'name' } })),
  setDrill: (advisorId, patch) =>
    set((s) => (s.advisorId === advisorId ? { ...patch } : { advisorId, filter: 'all', text: '', ...patch })),
}));

/** The drill-down state for one advisor (defaults when it belongs to another). */
export function useDrillState(advisorId: string): { filter: AdvisorCustomerFilter; text: string; set(patch: Partial<{ filter: AdvisorCustomerFilter; text: string }>): void } {
  const ui = useTeamUi();
  const mine = ui.advisorId === advisorId;
  return { filter: mine ? ui.filter : 'all', text: mine ? ui.text : '', set: (patch) => ui.setDrill(advisorId, patch) };
}

import { create } from 'zustand';
import type { RosterFilter, RosterSortKey } from '../../../shared/domain/roster';
import { EMPTY_FILTER } from './Filters';

type Update<T> = T | ((current: T) => T);

/**
 * My customers' UI state (no data): kept while the advisor opens a customer and comes back, so the
 * filter, the order, the selection and the row they were on are as they left them (all of it was
 * reset, the list back at the top).
 */
interface RosterUi {
  /** The advisor a manager looks at (undefined: the first one). */
  advisorId: string | undefined;
  filter: RosterFilter;
  sort: { key: RosterSortKey; desc: boolean };
  selected: ReadonlySet<string>;
  /** The row the keyboard is on, by customer. */
  activeId: string | null;
  set(patch: Partial<Pick<RosterUi, 'advisorId' | 'filter' | 'sort' | 'activeId'>>): void;
  select(update: Update<ReadonlySet<string>>): void;
}

export const useRosterUi = create<RosterUi>((set) => ({
  advisorId: undefined,
  filter: EMPTY_FILTER,
  sort: { key: 'flag', desc: true },
  selected: new Set(),
  activeId: null,
  set: (patch) => set(patch),
  select: (update) => set((s) => ({ selected: typeof update === 'function' ? update(s.selected) : update })),
}));

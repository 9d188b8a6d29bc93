import { create } from 'zustand';

/** Where the user is: UI state only, no data. */
export type Route =
  /**
   * Kept for coming back from a customer: whose day a manager is looking at, how many tasks "show more"
   * shows, and the task row the customer was opened from (with where the screen was scrolled).
   */
  | { screen: 'today'; advisorId?: string; limit?: number; openedFrom?: { taskId: string; index: number; scrollTop: number } }
  | { screen: 'customers' }
  | { screen: 'cards' }
  | { screen: 'cardsPrint'; from: string; to: string; customerIds?: string[] }
  | { screen: 'team'; advisorId?: string }
  | { screen: 'radar' }
  | { screen: 'dashboard' }
  | { screen: 'campaigns' }
  | { screen: 'settings' }
  | { screen: 'customer'; customerId: string };

interface NavState {
  route: Route;
  history: Route[];
  go(route: Route): void;
  /** The current screen's own state changed (a choice on it): no new history entry. */
  replace(route: Route): void;
  back(): void;
}

export const useNav = create<NavState>((set) => ({
  route: { screen: 'today' },
  history: [],
  go: (route) => set((s) => ({ route, history: [...s.history.slice(-30), s.route] })),
  replace: (route) => set({ route }),
  back: () =>
    set((s) => (s.history.length === 0 ? s : { route: s.history[s.history.length - 1]!, history: s.history.slice(0, -1) })),
}));

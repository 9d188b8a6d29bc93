import { create } from 'zustand';

/** Where the user is: UI state only, no data. */
export type Route =
  /** advisorId: whose day a manager is looking at (kept for coming back from a customer). */
  | { screen: 'today'; advisorId?: string }
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

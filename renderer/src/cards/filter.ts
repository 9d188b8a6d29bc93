import { create } from 'zustand';

/** The card queue's filters (UI state): kept while the user goes to the print sheet and back. */
interface CardsFilter {
  advisorId: string;
  include: 'open' | 'all';
  set(partial: Partial<Pick<CardsFilter, 'advisorId' | 'include'>>): void;
}

export const useCardsFilter = create<CardsFilter>((set) => ({
  advisorId: '',
  include: 'open',
  set: (partial) => set(partial),
}));

/** City and address as one line, without repeating the city when the address starts with it; null with no address (blank is none). */
export function fullAddress(card: { address: string | null; city: string | null }): string | null {
  const address = card.address?.trim();
  if (!address) return null;
  const city = card.city?.trim() ?? '';
  return address.startsWith(city) || address.startsWith(`${city}市`) ? address : `${city}${address}`;
}

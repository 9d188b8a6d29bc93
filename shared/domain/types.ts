/** Domain types shared by core, renderer and HQ. Row types never cross the API; these do. */

export type IsoDate = string; // 'YYYY-MM-DD' in the store's time zone
export type Instant = string; // ISO-8601 UTC

export const TIERS = ['normal', 'silver', 'gold', 'diamond'] as const;
export type Tier = (typeof TIERS)[number];

export const ROLES = ['advisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['call', 'sms', 'wechat', 'mail', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];

export const VISIT_TYPES = ['maintenance', 'repair', 'warranty', 'inspection', 'bodywork', 'accessory', 'free_check', 'event'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const PREFERENCE_CATEGORIES = ['drink', 'contact_channel', 'contact_time', 'lounge', 'family', 'hobby', 'do_not_disturb', 'suggestion', 'other'] as const;
export type PreferenceCategory = (typeof PREFERENCE_CATEGORIES)[number];

export type Birthday =
  | { calendar: 'solar'; date: IsoDate }
  | { calendar: 'lunar'; year: number | null; month: number; day: number; leap: boolean };

export interface Store {
  id: string;
  code: string;
  name: string;
  timezone: string;
}

export interface Staff {
  id: string;
  storeId: string;
  name: string;
  role: Role;
  active: boolean;
}

export interface Vehicle {
  id: string;
  plate: string;
  vin: string;
  brand: string;
  model: string;
  color: string | null;
  isNewEnergy: boolean;
  deliveryDate: IsoDate;
  mileageKm: number | null;
}

export interface Visit {
  id: string;
  vehicleId: string | null;
  plate: string | null;
  visitDate: IsoDate;
  type: VisitType;
  amountFen: number;
  mileageKm: number | null;
  advisorName: string | null;
}

export interface Preference {
  id: string;
  category: PreferenceCategory;
  value: string;
  notedBy: string | null;
  notedAt: Instant;
  /** Suggestions only: open, adopted (a thank-you task was created) or declined. */
  suggestionStatus: 'open' | 'adopted' | 'declined' | null;
  /** Last changed by whom and when (equal to notedBy / notedAt until changed). */
  updatedBy: string | null;
  updatedAt: Instant;
}

export interface CustomerSummary {
  id: string;
  name: string;
  phone: string;
  tier: Tier;
  plates: string[];
  advisorName: string | null;
}

export interface SearchHit extends CustomerSummary {
  /** Which key matched, so the list can highlight it. */
  matchedBy: 'plate' | 'phone' | 'name' | 'pinyin' | 'initials';
  matchedText: string;
}

export interface CustomerDetail {
  id: string;
  name: string;
  gender: 'male' | 'female' | null;
  phones: string[];
  tier: Tier;
  birthday: Birthday | null;
  advisor: { id: string; name: string } | null;
  memberSince: IsoDate | null;
  marketingConsent: boolean;
  doNotContact: boolean;
  vehicles: Vehicle[];
  /** Every visit, newest first. */
  visits: Visit[];
  preferences: Preference[];
}

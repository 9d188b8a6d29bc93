import { TIERS, type Tier } from './types';

/**
 * Member benefits per tier (DOMAIN.md "Membership tiers"), as keys the UI translates. A tier
 * keeps the benefits of the tiers below it. Booking days ahead and the points multiplier are
 * numbers of the rules config (tiers.*.bookingDaysAhead / pointsMultiplier), not listed here.
 */
export const BENEFITS = [
  'basic_service', 'birthday_greeting',
  'quarterly_offer',
  'dedicated_advisor', 'loaner_car', 'monthly_event_invite',
  'hotline_24x7', 'pickup_delivery', 'vip_lounge', 'annual_event_gift',
] as const;
export type Benefit = (typeof BENEFITS)[number];

const OWN: Record<Tier, readonly Benefit[]> = {
  normal: ['basic_service', 'birthday_greeting'],
  silver: ['quarterly_offer'],
  gold: ['dedicated_advisor', 'loaner_car', 'monthly_event_invite'],
  diamond: ['hotline_24x7', 'pickup_delivery', 'vip_lounge', 'annual_event_gift'],
};

/** Everything a member of `tier` enjoys: its own benefits and those of every tier below. */
export function benefitsOf(tier: Tier): Benefit[] {
  return TIERS.slice(0, TIERS.indexOf(tier) + 1).flatMap((t) => OWN[t]);
}

/** What reaching `tier` adds to the tier below it (shown next to the path to the next tier). */
export function benefitsGained(tier: Tier): Benefit[] {
  return [...OWN[tier]];
}

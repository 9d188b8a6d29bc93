import type { IsoDate } from '../types';
import type { FestivalKey, RulesConfig } from './config';
import { addDays, anniversaryIn, yearOf } from './days';

/**
 * Surprise triggers (惊喜时刻). Each returns candidates {kind, occurrence, reason}; the planner
 * hashes (customer, kind, occurrence) into ids, so re-running a trigger never duplicates.
 * Weather (an advisor marks a rainy day) and "being seen" (a preference on file) are driven by
 * advisor input and preferences, not by these rules.
 */
export type SurpriseKind = 'koi' | 'nth_visitor' | 'mileage_milestone' | 'membership_year' | 'top_referrer' | 'festival_visit';

export type SurpriseReason =
  | { code: 'koi'; visitId: string; draw: number; probability: number }
  | { code: 'nth_visitor'; n: number }
  | { code: 'mileage_milestone'; vehicleId: string; km: number }
  | { code: 'membership_year'; memberSince: IsoDate; years: number; on: IsoDate }
  | { code: 'top_referrer'; referrals: number; threshold: number }
  | { code: 'festival_visit'; festival: FestivalKey; visitId: string; date: IsoDate };

export interface Surprise {
  kind: SurpriseKind;
  occurrence: string;
  reason: SurpriseReason;
}

/**
 * Deterministic hash of a string to [0, 1): cyrb53 (53-bit, well mixed), so the same
 * (visit, seed) always draws the same number on every PC. Not cryptographic.
 */
export function unitHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n / 2 ** 53;
}

/**
 * Random koi on a service visit: draw = unitHash(seed, visitId) < probability. The planner seeds
 * it with the customer's store id, so every desk of the store draws the same winners; customers
 * see neither that id nor the visit's, so they cannot predict it. With koiPaidVisitsOnly
 * (default) only purchases qualify: the prize is a free service, i.e. the bill is waived.
 */
export function koiDraw(visit: { id: string; amountFen: number }, seed: string, rules: RulesConfig): Surprise | null {
  const { koiProbability: probability, koiPaidVisitsOnly } = rules.surprises;
  if (koiPaidVisitsOnly && visit.amountFen <= 0) return null;
  const draw = unitHash(`${seed}\u0000${visit.id}`);
  if (draw >= probability) return null;
  return { kind: 'koi', occurrence: visit.id, reason: { code: 'koi', visitId: visit.id, draw, probability } };
}

/** Every multiple of `every` in (from, to]; empty when to <= from. */
function multiplesCrossed(from: number, to: number, every: number): number[] {
  const out: number[] = [];
  for (let m = (Math.floor(from / every) + 1) * every; m <= to; m += every) out.push(m);
  return out;
}

/**
 * Nth visitor: the store's visit count went from `previousCount` to `currentCount` (usually +1;
 * more when visits arrive in a batch); each round number crossed (1,000, 2,000...) is a candidate.
 * The caller gives it to the customer whose visit carried that number.
 */
export function nthVisitor(previousCount: number, currentCount: number, rules: RulesConfig): Surprise[] {
  const out: Surprise[] = [];
  for (const n of multiplesCrossed(previousCount, currentCount, rules.surprises.nthVisitorEvery)) {
    out.push({ kind: 'nth_visitor', occurrence: String(n), reason: { code: 'nth_visitor', n } });
  }
  return out;
}

/**
 * Mileage milestone: each multiple of 10,000 km crossed between the vehicle's previous and
 * current readings (previous < milestone <= current). Without a previous reading nothing is
 * awarded: the odometer may have crossed it long ago (imported or second-hand car).
 */
export function mileageMilestones(
  step: { vehicleId: string; previousKm: number | null; currentKm: number | null },
  rules: RulesConfig,
): Surprise[] {
  if (step.previousKm === null || step.currentKm === null) return [];
  const out: Surprise[] = [];
  for (const km of multiplesCrossed(step.previousKm, step.currentKm, rules.surprises.mileageMilestoneKm)) {
    out.push({ kind: 'mileage_milestone', occurrence: `${step.vehicleId}:${km}`, reason: { code: 'mileage_milestone', vehicleId: step.vehicleId, km } });
  }
  return out;
}

/**
 * Membership year: the first membership anniversary (Feb 29 -> Feb 28 in non-leap years). A
 * candidate from leadDays before it (to prepare the gift box) to graceDays after (a PC that was
 * off that day still plans it); occurrence = the anniversary date.
 */
export function membershipYear(memberSince: IsoDate | null, today: IsoDate, rules: RulesConfig): Surprise | null {
  if (memberSince === null) return null;
  const { membershipYears: years, leadDays, graceDays } = rules.surprises;
  const on = anniversaryIn(memberSince, yearOf(memberSince) + years);
  if (today < addDays(on, -leadDays) || today > addDays(on, graceDays)) return null;
  return { kind: 'membership_year', occurrence: on, reason: { code: 'membership_year', memberSince, years, on } };
}

/**
 * Top referrer: successful referrals reached the threshold (5). One per customer (occurrence = the
 * threshold), due on the latest referral's day and a candidate until graceDays after it, like every
 * dated surprise: a thank-you for referrals made years ago (a desk installed since) is no surprise,
 * and it stayed overdue on Today for good. A later referral makes it a candidate again unless done.
 * Without the day (not recorded) it is a candidate, due today.
 */
export function topReferrer(referralsSucceeded: number, latestOn: IsoDate | null, today: IsoDate, rules: RulesConfig): Surprise | null {
  const threshold = rules.surprises.topReferrerCount;
  if (referralsSucceeded < threshold) return null;
  if (latestOn !== null && today > addDays(latestOn, rules.surprises.graceDays)) return null;
  return { kind: 'top_referrer', occurrence: String(threshold), reason: { code: 'top_referrer', referrals: referralsSucceeded, threshold } };
}

/**
 * Festival visit: a visit on a configured festival (Spring Festival, Mid-Autumn, Winter Solstice).
 * `festivalOn` comes from the calendar module (lunar dates and solar terms); which days count
 * (the day itself or a period) is its decision. One per festival day per customer.
 */
export function festivalVisit(
  visit: { id: string; date: IsoDate },
  festivalOn: (date: IsoDate) => string | null,
  rules: RulesConfig,
): Surprise | null {
  const festival = festivalOn(visit.date);
  const configured = rules.surprises.festivals.find((f) => f === festival);
  if (configured === undefined) return null;
  return {
    kind: 'festival_visit', occurrence: `${configured}:${visit.date}`,
    reason: { code: 'festival_visit', festival: configured, visitId: visit.id, date: visit.date },
  };
}

/** What a staff member marked for the store on one day (the weather). */
export interface DayMark {
  date: IsoDate;
  rainy: boolean;
}

/**
 * Weather (天气惊喜): on a day a staff member marked rainy, every visitor gets an umbrella. Only on
 * the marked day itself: yesterday's mark says nothing about today's weather, and a day not
 * marked (or marked by mistake, then cleared) has none.
 */
export function rainyDayUmbrella(mark: DayMark | null, today: IsoDate): { gift: 'umbrella'; reason: { code: 'rainy_day'; date: IsoDate } } | null {
  if (mark === null || !mark.rainy || mark.date !== today) return null;
  return { gift: 'umbrella', reason: { code: 'rainy_day', date: today } };
}

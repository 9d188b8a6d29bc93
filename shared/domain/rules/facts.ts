import type { IsoDate, Tier } from '../types';
import { sortSmall } from '../sort-small';
import { believableAfter, countedReadings, firstTrustedReading, type Reading } from './odometer';

/**
 * What the rules know about one customer; the core builds it from the database.
 * Lists need not be sorted. Rows dated after `today` are ignored by every rule
 * (bookings or clock skew must not change today's answers).
 */
export interface FactVisit {
  /** Visit id: keys per-visit occurrences (koi draw, festival visit). */
  id: string;
  /** Vehicle serviced, when known: odometer readings are compared per vehicle. */
  vehicleId: string | null;
  date: IsoDate;
  /** Integer fen; a visit with amountFen > 0 is a purchase. */
  amountFen: number;
  mileageKm: number | null;
}

export interface FactSurvey {
  date: IsoDate;
  /** The survey score as recorded, 0-10 (satisfaction is this x 10). */
  score0to10: number;
}

export interface FactComplaint {
  openedOn: IsoDate;
  resolvedOn: IsoDate | null;
}

/** A customer's car as the lifecycle rules see it. */
export interface DeliveredVehicle {
  id: string;
  deliveryDate: IsoDate;
  /** Its first visit after the delivery day (its first service), whenever that is; null without any. */
  firstVisitOn: IsoDate | null;
  /**
   * The delivery date first recorded, when the dealer system corrected it later (null or absent:
   * never corrected). The new-owner steps keep it as their occurrence (lifecycle.ts newOwner).
   */
  firstDeliveryDate?: IsoDate | null;
}

export interface CustomerFacts {
  customerId: string;
  /** Delivery date of each of the customer's vehicles. */
  deliveryDates: IsoDate[];
  /**
   * The same vehicles with their first visits, where the caller knows them (the planner's readers).
   * With two or more cars, a car's first service is its own first visit, not another car's
   * (lifecycle.ts firstServiceAfter); without this list, or with one car, any visit after the delivery is.
   */
  vehicles?: readonly DeliveredVehicle[];
  visits: FactVisit[];
  surveys: FactSurvey[];
  complaints: FactComplaint[];
  memberSince: IsoDate | null;
  currentTier: Tier;
  tierSince: IsoDate | null;
  /** Referrals that became customers (the referral points and top-referrer surprise count these). */
  referralsSucceeded: number;
  /** The referral date of the latest of them (null without any): when the top-referrer surprise falls due. */
  referralsSucceededOn: IsoDate | null;
}

/** Delivery dates on or before today, ascending, without duplicates. */
export function deliveredBy(facts: Pick<CustomerFacts, 'deliveryDates'>, today: IsoDate): IsoDate[] {
  // Sorted, then the repeats dropped in place: no Set or copies (the planner asks for 100k customers).
  const out: IsoDate[] = [];
  for (const d of facts.deliveryDates) if (d <= today) out.push(d);
  if (out.length < 2) return out;
  sortSmall(out, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let kept = 1;
  for (let i = 1; i < out.length; i++) if (out[i] !== out[kept - 1]) out[kept++] = out[i]!;
  out.length = kept;
  return out;
}

/**
 * When the customer's membership began, for its anniversaries (tier review, membership-year
 * surprise, membership card): memberSince as HQ or the desk recorded it, else the delivery of
 * the customer's first vehicle (on or before today): HQ's dealer-system import leaves
 * memberSince empty, and a customer becomes one with their car. Null without either.
 */
export function membershipStart(facts: Pick<CustomerFacts, 'memberSince' | 'deliveryDates'>, today: IsoDate): IsoDate | null {
  if (facts.memberSince !== null) return facts.memberSince;
  let first: IsoDate | null = null;
  for (const d of facts.deliveryDates) if (d <= today && (first === null || d < first)) first = d;
  return first;
}

/** The latest visit (any, paid or free) on or before today, or null. */
export function lastVisitOn(visits: readonly { date: IsoDate }[], today: IsoDate): IsoDate | null {
  let last: IsoDate | null = null;
  for (const v of visits) if (v.date <= today && (last === null || v.date > last)) last = v.date;
  return last;
}

export interface OdometerStep {
  visit: FactVisit;
  /**
   * The same vehicle's highest counted reading before it (by date, then visit id), or null: for its
   * first, and for a reading the count of mileage points does not read (odometer.ts
   * countedReadings: further on than the car could have been driven, a digit too many, or a first
   * reading above the next two), which crosses no milestone.
   */
  previousKm: number | null;
}

/**
 * Each visit on or before today with a known reading and vehicle, paired with that vehicle's
 * highest counted reading before it: what mileage milestones compare, counted as the mileage
 * points count them. A reading typed a digit short or long crosses nothing, and the next true one
 * crosses what the car drove. Ordered by date, id.
 */
export function odometerSteps(visits: readonly FactVisit[], today: IsoDate, maxKmPerDay: number): OdometerStep[] {
  const known: FactVisit[] = [];
  for (const v of visits) if (v.date <= today && v.mileageKm !== null && v.vehicleId !== null) known.push(v);
  sortSmall(known, (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Most cars' readings only go up, each believable after the one before: then each counts, from the
  // one before (what countedReadings decides, without its work; the planner asks for every customer).
  const top = new Map<string, Reading>();
  const steps: OdometerStep[] = [];
  for (const visit of known) {
    const before = top.get(visit.vehicleId!);
    const km = visit.mileageKm!;
    if (before && (km < before.km || !believableAfter(before, km, visit.date, maxKmPerDay))) return countedSteps(known, maxKmPerDay);
    if (!before || km > before.km) top.set(visit.vehicleId!, { km, date: visit.date });
    steps.push({ visit, previousKm: before?.km ?? null });
  }
  return steps;
}

/** The steps of readings some of which the count does not read (odometer.ts), car by car. */
function countedSteps(known: readonly FactVisit[], maxKmPerDay: number): OdometerStep[] {
  const byVehicle = new Map<string, FactVisit[]>();
  for (const v of known) {
    const list = byVehicle.get(v.vehicleId!);
    if (list) list.push(v);
    else byVehicle.set(v.vehicleId!, [v]);
  }
  const previous = new Map<FactVisit, number | null>();
  for (const list of byVehicle.values()) {
    const readings = list.map((v) => ({ km: v.mileageKm, date: v.date }));
    const start = firstTrustedReading(readings);
    const counted = countedReadings(readings, start, maxKmPerDay).km;
    let top: number | null = null;
    for (let i = 0; i < list.length; i++) {
      const km = counted[i];
      if (i < start || km === null || km === undefined) {
        previous.set(list[i]!, null);
        continue;
      }
      previous.set(list[i]!, top);
      if (top === null || km > top) top = km;
    }
  }
  return known.map((visit) => ({ visit, previousKm: previous.get(visit) ?? null }));
}

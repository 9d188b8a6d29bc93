import type { IsoDate, Tier } from '../types';
import type { RulesConfig } from './config';
import { daysBetween } from './days';
import { countedReadings, firstTrustedReading, type CountedReadings, type Reading } from './odometer';

/**
 * Points (积分): one currency, integers, never expire. A balance is the sum of an
 * append-only ledger; entries are never edited, only reversed by a new entry.
 */
export type LedgerKind = 'visit' | 'referral' | 'mileage' | 'activity' | 'redemption' | 'transfer_out' | 'transfer_in' | 'reversal';

/** A ledger entry before the core gives it an id and timestamps. */
export interface LedgerEntryDraft {
  customerId: string;
  kind: LedgerKind;
  /** Positive earns, negative spends. */
  points: number;
}

export type PointsRefusal = 'invalid_points' | 'insufficient_balance' | 'same_customer';

/** Integer floor division of a non-negative integer, exact at any safe-integer size. */
function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

export function tierMultiplier(tier: Tier, rules: RulesConfig): number {
  return tier === 'normal' ? rules.points.normalMultiplier : rules.tiers[tier].pointsMultiplier;
}

/**
 * What a visit's spend earns per 1,000 CNY at this tier: points per CNY x the tier multiplier, taken
 * to 1/1000 so that 1.2 x 35 CNY is exactly 42, never 41. Kept with the earning (points_rate): HQ
 * recounts a corrected amount at it.
 */
export function visitPointsRate(tier: Tier, rules: RulesConfig): number {
  return Math.round(tierMultiplier(tier, rules) * rules.points.perCny * 1000);
}

/** Points for a spend at a rate (visitPointsRate): floor(CNY x rate / 1000), in integers. A free visit or a refund earns nothing here. */
export function pointsAtRate(amountFen: number, rate: number): number {
  if (!Number.isInteger(amountFen) || amountFen <= 0) return 0;
  return floorDiv(amountFen * rate, 100 * 1000);
}

/** Visit points: floor(CNY spent x points per CNY x tier multiplier); reversals are their own entries. */
export function visitPoints(amountFen: number, tier: Tier, rules: RulesConfig): number {
  return pointsAtRate(amountFen, visitPointsRate(tier, rules));
}

/**
 * What a visit's spend points change by when the dealer system corrects its amount: what the
 * amount earns now at the rate it was earned at (the tier of that day stays), less what its spend
 * holds already (the earning and earlier corrections). 0: nothing to correct.
 */
export function visitPointsCorrection(rate: number, amountFen: number, held: number): number {
  return pointsAtRate(amountFen, rate) - held;
}

export function referralPoints(rules: RulesConfig): number {
  return rules.points.referral;
}

/**
 * Mileage points: 10 for every 100 km mark the odometer passes between two known readings
 * of the same vehicle. Counting marks (floor(current/100) - floor(previous/100)) instead of
 * floor(delta/100) means no kilometres are lost between visits. Unknown readings or an
 * odometer that went backwards (replaced / typo) earn nothing.
 */
export function mileagePoints(previousKm: number | null, currentKm: number | null, rules: RulesConfig): number {
  if (previousKm === null || currentKm === null || currentKm <= previousKm || previousKm < 0) return 0;
  const step = rules.points.mileageStepKm;
  return (Math.floor(currentKm / step) - Math.floor(previousKm / step)) * rules.points.mileageStepPoints;
}

const KM = new Intl.NumberFormat('en-US');

/**
 * A mileage entry's note: the readings it counted from and to, grouped by thousands ("40,588 →
 * 43,951 km"), shown as written in either language; an unknown reading is "?". HQ's adjustments of
 * a car's mileage say theirs the same way.
 */
export function mileageNote(fromKm: number | null, toKm: number | null): string {
  const km = (n: number | null) => (n === null ? '?' : KM.format(n));
  return `${km(fromKm)} → ${km(toKm)} km`;
}

/**
 * The day the store's points programme started (stores.points_from, set by HQ when it creates the
 * store), null for none: a visit before it earns nothing (its spend or its kilometres).
 */
export type PointsFrom = IsoDate | null;

/** Whether a visit of this day may earn points in a store whose programme started on `pointsFrom`. */
export function earnsInProgramme(visitDate: IsoDate, pointsFrom: PointsFrom): boolean {
  return pointsFrom === null || visitDate >= pointsFrom;
}

/** A visit of one car by one customer, as the count of its mileage points sees it. */
export interface CarVisitState {
  id: string;
  date: IsoDate;
  km: number | null;
  /** Deleted after it earned: it still counts, with its reading (its points are not taken back); deleted unearned: not read. */
  deleted: boolean;
  /** Whether the visit earned its points (spend or mileage): only those hold mileage points. */
  earned: boolean;
}

/**
 * The mileage points a car's earned visits hold together: the kilometres from the car's first known
 * reading to its highest earned reading. The count runs through the car's visits by date (then id):
 * each earned visit counts from the highest of that first reading and the earlier earned readings
 * (the first known reading itself earns nothing: counting from 0 km would pay a used car its earlier
 * owners' kilometres). A first reading above the next two known ones is passed over (a digit too
 * many), by the readings alone, so earning more never makes the count fall. A visit that never earned moves
 * nothing otherwise: its kilometres go to the next earned visit, so none are lost behind a free visit
 * or one the dealer system sends late, and a reading typed wrong on it changes nothing. The counts
 * telescope: whatever order the visits are earned in, a car holds the same, and each earning adds
 * to it. The desks pay each earning what it adds (visitMileage); HQ writes what a car's entries are
 * short of it (mileageOwed), after a corrected reading or an earning a desk made offline. A visit
 * deleted after it earned still counts (its points are not taken back); one deleted unearned is not read.
 * In a store with a programme start (`pointsFrom`), the visits before it are not read (startOfCount).
 */
export function carMileagePoints(visits: readonly CarVisitState[], rules: RulesConfig, pointsFrom: PointsFrom): number {
  return countedPoints(carCount(visits, rules, pointsFrom), rules);
}

function countedPoints(car: CarCount, rules: RulesConfig): number {
  let total = 0;
  countThrough(car, (_v, from, km) => {
    total += mileagePoints(from, km, rules);
  });
  return total;
}

/** A car's visits in the order the count runs through them: by date, then id. */
export function byDateThenId(a: { date: string; id: string }, b: { date: string; id: string }): number {
  return a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A car's counted visits in the order the count runs through them, where its count starts, and the readings it counts. */
interface CarCount extends CountedReadings {
  inOrder: CarVisitState[];
  start: number;
}

function carCount(visits: readonly CarVisitState[], rules: RulesConfig, pointsFrom: PointsFrom): CarCount {
  const inOrder = visits.filter((v) => !v.deleted || v.earned).sort(byDateThenId);
  const start = startOfCount(inOrder, pointsFrom);
  return { inOrder, start, ...countedReadings(inOrder, start, rules.points.mileageMaxKmPerDay) };
}

/** Runs through a car's counted visits in order, giving each earned one the reading its count starts from and its own. */
function countThrough(car: CarCount, each: (v: CarVisitState, from: number | null, km: number | null) => void): void {
  const { inOrder, start } = car;
  let mark: number | null = null;
  for (let i = 0; i < inOrder.length; i++) {
    const v = inOrder[i]!;
    const km = car.km[i]!;
    // Before the start (readings passed over) and at it: nothing to count from.
    if (i <= start) {
      if (v.earned) each(v, null, km);
      if (i === start) mark = km;
      continue;
    }
    if (!v.earned) continue;
    each(v, mark, km);
    if (km !== null && (mark === null || km > mark)) mark = km;
  }
}

/** A reading the count does not read (yet): further above the car's count than it could have been driven since. */
export interface HeldReading {
  km: number;
  /** The highest reading counted before it, and its day. */
  from: Reading;
  /** Whole days between the two (at least 1). */
  days: number;
}

/** Why a visit's reading earns no kilometres (yet), if it is held back (countedReadings); null otherwise. */
export function heldReading(visits: readonly CarVisitState[], visitId: string, rules: RulesConfig, pointsFrom: PointsFrom): HeldReading | null {
  return heldOf(carCount(visits, rules, pointsFrom), visitId);
}

function heldOf(car: CarCount, visitId: string): HeldReading | null {
  const i = car.inOrder.findIndex((v) => v.id === visitId);
  const from = car.heldFrom.get(i);
  const km = car.inOrder[i]?.km;
  if (!from || km === null || km === undefined || car.km[i] !== null) return null;
  return { km, from, days: Math.max(1, daysBetween(from.date, car.inOrder[i]!.date)) };
}

/**
 * Where a car's count starts (in date order): its first trusted reading (odometer.ts
 * firstTrustedReading: not one a digit too many); -1 without readings. With a programme start (the store's points_from), the visits before it are
 * not read: the kilometres driven before the programme earn nothing, and an older visit imported,
 * corrected or deleted later moves nothing. A car that earned on a visit before that day (a store
 * given its start later) keeps the count it had. From the readings and the visits earned before the
 * start alone, which no earning made now changes (those visits are refused), so earning never
 * moves it.
 */
function startOfCount(inOrder: readonly CarVisitState[], pointsFrom: PointsFrom): number {
  let first = 0;
  if (pointsFrom !== null && !inOrder.some((v) => v.earned && v.date < pointsFrom)) {
    while (first < inOrder.length && inOrder[first]!.date < pointsFrom) first++;
  }
  return firstTrustedReading(inOrder, first);
}

/**
 * What a desk pays for earning a visit's kilometres: what the car's mileage points come to with it
 * earned (carMileagePoints) less what the car's entries hold already (`held`: its mileage earnings
 * and HQ's mileage corrections), never below zero; and the reading the payment counts from, for the
 * entry's note. As HQ recounts a car (mileageOwed), so the two agree, and the order the visits are
 * earned in changes nothing. Zero for a visit already earned. `held`: why its reading earns
 * nothing yet (heldReading), for the panel. A visit moved to another customer
 * after this one earned on it is among `visits`, earned (repos/points.ts CAR_VISITS).
 */
export function visitMileage(
  visits: readonly CarVisitState[],
  visitId: string,
  held: number,
  rules: RulesConfig,
  pointsFrom: PointsFrom,
): { points: number; fromKm: number | null; held: HeldReading | null } {
  const self = visits.find((v) => v.id === visitId);
  if (!self || self.earned) return { points: 0, fromKm: null, held: null };
  const car = carCount(
    visits.map((v) => (v.id === visitId ? { ...v, earned: true } : v)),
    rules,
    pointsFrom,
  );
  const points = Math.max(0, countedPoints(car, rules) - held);
  return { points, fromKm: paidFrom(car, visitId, self.km, points, rules), held: heldOf(car, visitId) };
}

/**
 * Where the kilometres a payment covers begin, for its note: the highest reading counted (the
 * count's start, an earned visit's) from which the visit's own
 * reading comes to the points paid. Usually the reading the car was paid up to; lower when the car
 * was owed more (a reading held back and borne out since: 20,000 -> 22,700 km, not 22,400 ->).
 */
function paidFrom(car: CarCount, visitId: string, km: number | null, points: number, rules: RulesConfig): number | null {
  const below = (r: number | null | undefined): r is number => r !== null && r !== undefined && km !== null && r < km;
  const readings = [car.km[car.start]];
  car.inOrder.forEach((v, i) => {
    if (v.earned && v.id !== visitId) readings.push(car.km[i]);
  });
  const candidates = readings.filter(below).sort((a, b) => b - a);
  return candidates.find((r) => mileagePoints(r, km, rules) >= points) ?? candidates[candidates.length - 1] ?? startOf(car, visitId);
}

/** The reading a visit's kilometres count from, as carMileagePoints counts them (null: none before it). */
export function countStart(visits: readonly CarVisitState[], visitId: string, rules: RulesConfig, pointsFrom: PointsFrom): number | null {
  return startOf(carCount(visits, rules, pointsFrom), visitId);
}

function startOf(car: CarCount, visitId: string): number | null {
  let start: number | null = null;
  countThrough(car, (v, from) => {
    if (v.id === visitId) start = from;
  });
  return start;
}

/** A visit of a car as HQ holds it, for the recount of the car's mileage points. */
export type CarVisitReading = Omit<CarVisitState, 'earned'>;

/** A ledger entry naming one of a car's visits. */
export interface CarLedgerEntry {
  id: string;
  visitId: string;
  kind: string;
  points: number;
  reversesId: string | null;
}

/**
 * What a car's mileage points are short of (negative: over) what its earned visits earn on its
 * readings as they are now (carMileagePoints). Held: its mileage earnings and HQ's mileage
 * corrections (the adjustments that name the entry they adjust). A desk pays each earning what it
 * adds to carMileagePoints on the desk's readings (visitMileage), so the entries hold exactly that
 * total, whatever order they were made in; HQ writes this difference as one adjustment on each
 * imported correction of a reading and each pushed earning (a desk that earned on readings HQ has
 * corrected since, two desks offline): every kilometre is paid once.
 */
export function mileageOwed(visits: readonly CarVisitReading[], entries: readonly CarLedgerEntry[], rules: RulesConfig, pointsFrom: PointsFrom): number {
  let held = 0;
  for (const e of entries) if (e.kind === 'mileage' || (e.kind === 'adjustment' && e.reversesId !== null)) held += e.points;
  return carMileagePoints(carStates(visits, earnedVisits(entries)), rules, pointsFrom) - held;
}

/** The visits an entry earned on (their spend or their kilometres). */
export function earnedVisits(entries: readonly CarLedgerEntry[]): Set<string> {
  const earned = new Set<string>();
  for (const e of entries) if (e.kind === 'earn_visit' || e.kind === 'mileage') earned.add(e.visitId);
  return earned;
}

/** A car's visits with whether each earned, from the ledger entries naming them. */
export function carStates(visits: readonly CarVisitReading[], earned: ReadonlySet<string>): CarVisitState[] {
  return visits.map((v) => ({ ...v, earned: earned.has(v.id) }));
}

/** Configured points for an activity or task code; null when the code is not configured. */
export function activityPoints(code: string, rules: RulesConfig): number | null {
  return Object.hasOwn(rules.points.activities, code) ? (rules.points.activities[code] ?? null) : null;
}

/** The balance is the sum of the ledger. */
export function balance(entries: readonly { points: number }[]): number {
  let sum = 0;
  for (const e of entries) sum += e.points;
  return sum;
}

export function isValidPointAmount(points: number): boolean {
  return Number.isSafeInteger(points) && points > 0;
}

/** A redemption (or transfer) of `points` is allowed when it leaves the balance >= 0. */
export function canRedeem(currentBalance: number, points: number): boolean {
  return isValidPointAmount(points) && points <= currentBalance;
}

/** What `points` are worth when redeemed: 1,000 points = 200 CNY = 20,000 fen by default. */
export function redeemValueFen(points: number, rules: RulesConfig): number {
  return points * rules.points.redeemFenPerPoint;
}

export type RedeemResult = { ok: true; entry: LedgerEntryDraft } | { ok: false; reason: PointsRefusal };

export function redeem(account: { customerId: string; balance: number }, points: number): RedeemResult {
  if (!isValidPointAmount(points)) return { ok: false, reason: 'invalid_points' };
  if (!canRedeem(account.balance, points)) return { ok: false, reason: 'insufficient_balance' };
  return { ok: true, entry: { customerId: account.customerId, kind: 'redemption', points: -points } };
}

export type TransferResult =
  | { ok: true; entries: [LedgerEntryDraft, LedgerEntryDraft] }
  | { ok: false; reason: PointsRefusal };

/**
 * A transfer to a family member: a pair of entries (transfer_out negative on the source,
 * transfer_in positive on the target), refused if it would make the source negative.
 * Whether `to` is family is the caller's check (it needs the customer records).
 */
export function transfer(from: { customerId: string; balance: number }, to: { customerId: string }, points: number): TransferResult {
  if (!isValidPointAmount(points)) return { ok: false, reason: 'invalid_points' };
  if (from.customerId === to.customerId) return { ok: false, reason: 'same_customer' };
  if (!canRedeem(from.balance, points)) return { ok: false, reason: 'insufficient_balance' };
  return {
    ok: true,
    entries: [
      { customerId: from.customerId, kind: 'transfer_out', points: -points },
      { customerId: to.customerId, kind: 'transfer_in', points },
    ],
  };
}

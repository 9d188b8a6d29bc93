import type { IsoDate, Tier } from '../types';
import type { RulesConfig } from './config';

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

/** A visit of one car by one customer, as a recount of its mileage points sees it. */
interface CarReading {
  id: string;
  date: IsoDate;
  km: number | null;
  /** Whether the visit earned its points (spend or mileage): only those hold mileage points. */
  earned: boolean;
}

/**
 * The mileage points a car's earned visits hold together, each counting from the highest reading
 * of the car's earlier visits (by date, then id).
 */
function carMileagePoints(visits: readonly CarReading[], rules: RulesConfig): number {
  const inOrder = [...visits].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let highest: number | null = null;
  let total = 0;
  for (const v of inOrder) {
    if (v.earned) total += mileagePoints(highest, v.km, rules);
    if (v.km !== null) highest = highest === null ? v.km : Math.max(highest, v.km);
  }
  return total;
}

/** A visit of a car as HQ holds it, for the recount of the car's mileage points. */
export interface CarVisitReading {
  id: string;
  date: IsoDate;
  km: number | null;
  deleted: boolean;
}

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
 * corrections (the adjustments that name the entry they adjust). A visit deleted after it earned
 * still counts, with its reading: its points are not taken back; one deleted unearned is not read.
 * The totals agree whatever order the visits were earned in (the counts telescope, and a desk's
 * count from a later visit already earned only moves kilometres between visits), so HQ writes this
 * difference as one adjustment on each imported correction of a reading and each pushed earning:
 * every kilometre is paid once, on one desk or several, before or after a correction.
 */
export function mileageOwed(visits: readonly CarVisitReading[], entries: readonly CarLedgerEntry[], rules: RulesConfig): number {
  const earned = new Set<string>();
  let held = 0;
  for (const e of entries) {
    if (e.kind === 'earn_visit' || e.kind === 'mileage') earned.add(e.visitId);
    if (e.kind === 'mileage' || (e.kind === 'adjustment' && e.reversesId !== null)) held += e.points;
  }
  const counted = visits.filter((v) => !v.deleted || earned.has(v.id)).map((v) => ({ id: v.id, date: v.date, km: v.km, earned: earned.has(v.id) }));
  return carMileagePoints(counted, rules) - held;
}

/** The highest reading of a car's counted visits before this one (by date, then id): where its kilometres count from. */
export function readingBefore(visits: readonly CarVisitReading[], visitId: string): number | null {
  const self = visits.find((v) => v.id === visitId);
  let from: number | null = null;
  if (!self) return from;
  for (const v of visits) {
    if (v.id === visitId || v.deleted || v.km === null) continue;
    if (v.date < self.date || (v.date === self.date && v.id < self.id)) from = from === null ? v.km : Math.max(from, v.km);
  }
  return from;
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

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
 * 43,951 km"), shown as written in either language. HQ reads it back (mileageNoteReadings) to
 * recount an entry a desk made on a reading HQ has corrected since; an unknown reading is "?".
 */
export function mileageNote(fromKm: number | null, toKm: number | null): string {
  const km = (n: number | null) => (n === null ? '?' : KM.format(n));
  return `${km(fromKm)} → ${km(toKm)} km`;
}

export function mileageNoteReadings(note: unknown): { fromKm: number | null; toKm: number | null } | null {
  const m = typeof note === 'string' ? /^([\d,]+|\?) → ([\d,]+|\?) km$/.exec(note) : null;
  if (!m) return null;
  const km = (text: string) => (text === '?' ? null : Number(text.replaceAll(',', '')));
  return { fromKm: km(m[1]!), toKm: km(m[2]!) };
}

/** A visit of one car by one customer, as a recount of its mileage points sees it. */
export interface CarReading {
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
export function carMileagePoints(visits: readonly CarReading[], rules: RulesConfig): number {
  const inOrder = [...visits].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let highest: number | null = null;
  let total = 0;
  for (const v of inOrder) {
    if (v.earned) total += mileagePoints(highest, v.km, rules);
    if (v.km !== null) highest = highest === null ? v.km : Math.max(highest, v.km);
  }
  return total;
}

/**
 * What the dealer system's correction of one reading changes in the points the car's earned visits
 * hold (negative: fewer): the recount with the corrected reading less the recount with the old one.
 * The difference only, so what was earned apart from this reading (a visit sent late, dated before
 * visits already paid) stays as it was.
 */
export function mileageCorrection(visits: readonly CarReading[], visitId: string, oldKm: number | null, rules: RulesConfig): number {
  const before = visits.map((v) => (v.id === visitId ? { ...v, km: oldKm } : v));
  return carMileagePoints(visits, rules) - carMileagePoints(before, rules);
}

/**
 * A mileage entry a desk made counting from a reading that no other visit of the car holds any more
 * (the dealer system corrected that earlier reading while the desk was offline): the points it should
 * hold, counted from the highest reading of the car's earlier visits (by date, then id) as they are
 * now, and that reading. Null when the reading it counted from is still there: a correction of the
 * visit's own reading is recounted by mileageCorrection.
 */
export function recountFromCorrectedStart(
  visits: readonly CarReading[],
  visitId: string,
  countedFromKm: number | null,
  rules: RulesConfig,
): { points: number; fromKm: number | null } | null {
  const self = visits.find((v) => v.id === visitId);
  if (!self || countedFromKm === null || visits.some((v) => v.id !== visitId && v.km === countedFromKm)) return null;
  let fromKm: number | null = null;
  for (const v of visits) {
    const earlier = v.date < self.date || (v.date === self.date && v.id < self.id);
    if (earlier && v.km !== null) fromKm = fromKm === null ? v.km : Math.max(fromKm, v.km);
  }
  return { points: mileagePoints(fromKm, self.km, rules), fromKm };
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

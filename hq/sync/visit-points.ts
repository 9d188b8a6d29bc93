import { v7 as uuidv7 } from 'uuid';
import type { RulesConfig } from '../../shared/domain/rules/config';
import { byDateThenId, carStates, countStart, earnedVisits, mileageOwed, visitPointsCorrection, type CarLedgerEntry, type CarVisitReading, type PointsFrom } from '../../shared/domain/rules/points';

/**
 * A visit's spend points follow its amount. The dealer system may correct a repair order after the
 * customer earned on it (ingest finds the visit by its number and updates it): HQ then adds an
 * 'adjustment' entry naming the visit, so that the spend holds what the corrected amount earns at
 * the rate it was earned at (points_rate: the tier of that day). A desk that earned offline on an
 * amount HQ has since corrected gets the same correction with its push. Only HQ writes these, in
 * the store's lock, so two desks never correct a visit twice. An earning without a rate (made
 * before desk migration 0029) is left as it is.
 */
export function visitPointsAdjustment(
  visit: { id: string; store_id: string; amount_fen: number },
  entries: readonly Record<string, unknown>[],
  on: { date: string; at: string },
): Record<string, unknown> | null {
  const earning = entries.find((e) => e.kind === 'earn_visit');
  const rate = earning?.points_rate;
  if (!earning || typeof rate !== 'number' || rate <= 0) return null;
  const held = entries.reduce((sum, e) => sum + Number(e.points), 0);
  const points = visitPointsCorrection(rate, visit.amount_fen, held);
  if (points === 0) return null;
  return adjustmentRow({ store_id: visit.store_id, customer_id: earning.customer_id, visit_id: visit.id, points, reverses_id: null, note: null, points_rate: rate }, on);
}

/**
 * The adjustment that makes a car's mileage points what its earned visits earn on its readings as
 * they are now (points.ts mileageOwed), after the dealer system corrected a reading (ingest) or a
 * desk pushed an earning made offline (push.ts). It names a visit, the entry it adjusts (reverses_id:
 * what tells it from a correction of the amount, which names none) and the kilometres in its note.
 * Before, a reading typed with a digit too many kept the thousands of points it paid. Null when
 * nothing is owed.
 */
export function carMileageAdjustment(
  car: CarMileage,
  names: { store_id: string; customer_id: string; visit_id: string; reverses_id: string; note: string },
  rules: RulesConfig,
  on: { date: string; at: string },
): Record<string, unknown> | null {
  const points = mileageOwed(car.visits, ledgerEntries(car.entries), rules, car.pointsFrom);
  if (points === 0) return null;
  return adjustmentRow({ ...names, points, points_rate: null }, on);
}

/** A car's visits and the ledger entries naming them, by id, and its store's points programme start (repos/rows.ts carMileageRows). */
export interface CarMileage {
  visits: readonly CarVisitReading[];
  entries: ReadonlyMap<string, Record<string, unknown>>;
  pointsFrom: PointsFrom;
}

/**
 * The entry an imported correction of a visit's reading adjusts: that visit's mileage or spend
 * earning, else the first earned visit's after it (whose kilometres counted from it), else the car's
 * latest earning. Null when the car earned nothing.
 */
export function entryToAdjust(car: CarMileage, visitId: string): string | null {
  const earnings = ledgerEntries(car.entries).filter((e) => e.kind === 'mileage' || e.kind === 'earn_visit');
  const earnedOn = earnedVisits(earnings);
  const earned = car.visits.filter((v) => earnedOn.has(v.id)).sort(byDateThenId);
  const corrected = car.visits.find((v) => v.id === visitId);
  const visit = (corrected && earned.find((v) => byDateThenId(v, corrected) >= 0)) ?? earned[earned.length - 1];
  if (!visit) return null;
  const own = earnings.filter((e) => e.visitId === visit.id);
  return (own.find((e) => e.kind === 'mileage') ?? own[0])!.id;
}

/** The reading a visit's kilometres count from on the car as it is (for an adjustment's note). */
export function countStartOf(car: CarMileage, visitId: string, rules: RulesConfig): number | null {
  return countStart(carStates(car.visits, earnedVisits(ledgerEntries(car.entries))), visitId, rules, car.pointsFrom);
}

function ledgerEntries(entries: ReadonlyMap<string, Record<string, unknown>>): CarLedgerEntry[] {
  return [...entries].map(([id, e]) => ({
    id, visitId: String(e.visit_id), kind: String(e.kind), points: Number(e.points), reversesId: typeof e.reverses_id === 'string' ? e.reverses_id : null,
  }));
}

/** An HQ 'adjustment' ledger row (only HQ writes these, in the store's lock). */
function adjustmentRow(
  a: { store_id: string; customer_id: unknown; visit_id: string; points: number; reverses_id: string | null; note: string | null; points_rate: number | null },
  on: { date: string; at: string },
): Record<string, unknown> {
  return {
    id: uuidv7(), store_id: a.store_id, customer_id: a.customer_id, entry_date: on.date, kind: 'adjustment', points: a.points,
    visit_id: a.visit_id, counterparty_id: null, reverses_id: a.reverses_id, note: a.note, created_by: null, created_at: on.at, points_rate: a.points_rate,
  };
}

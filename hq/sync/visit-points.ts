import { v7 as uuidv7 } from 'uuid';
import type { RulesConfig } from '../../shared/domain/rules/config';
import { mileageCorrection, mileageNote, visitPointsCorrection } from '../../shared/domain/rules/points';

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
 * A visit's mileage reading the dealer system corrected (ingest, by repair-order number): the points
 * the car's earned visits hold follow it, as an 'adjustment' that names the corrected visit, the
 * entry it adjusts (reverses_id: that visit's mileage or spend earning, else the first earned visit
 * after it: what tells it from a correction of the amount) and the kilometres in its note. Before, a
 * reading typed with a digit too many kept the thousands of points it paid. Null when nothing changes.
 */
export function visitMileageAdjustment(
  visit: { id: string; store_id: string; customer_id: string; oldKm: number | null; newKm: number | null },
  car: readonly CarVisit[],
  rules: RulesConfig,
  on: { date: string; at: string },
): Record<string, unknown> | null {
  const readings = car.map((v) => ({ id: v.id, date: v.date, km: v.km, earned: v.entries.length > 0 }));
  const points = mileageCorrection(readings, visit.id, visit.oldKm, rules);
  if (points === 0) return null;
  const corrected = car.find((v) => v.id === visit.id);
  const after = [...car].filter((v) => v.entries.length > 0 && corrected && (v.date > corrected.date || (v.date === corrected.date && v.id >= corrected.id)));
  after.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : 1));
  const adjusted = after[0]?.entries.find((e) => e.kind === 'mileage') ?? after[0]?.entries[0];
  if (!adjusted) return null;
  return adjustmentRow({ store_id: visit.store_id, customer_id: visit.customer_id, visit_id: visit.id, points, reverses_id: adjusted.id, note: mileageNote(visit.oldKm, visit.newKm), points_rate: null }, on);
}

/**
 * A desk's earning recounted at its push on readings HQ has corrected since (push.ts
 * followVisitCorrections): the adjustment that makes its mileage `holds` points, naming the entry,
 * with the kilometres in its note. Null when nothing changes.
 */
export function mileageEntryRecount(
  entry: { id: string; store_id: string; customer_id: string; visit_id: string; points: number },
  holds: number,
  note: string,
  on: { date: string; at: string },
): Record<string, unknown> | null {
  const points = holds - entry.points;
  if (points === 0) return null;
  return adjustmentRow({ store_id: entry.store_id, customer_id: entry.customer_id, visit_id: entry.visit_id, points, reverses_id: entry.id, note, points_rate: null }, on);
}

/** A visit's car as a recount of its mileage sees it: each visit with its reading and its earning entries. */
export interface CarVisit {
  id: string;
  date: string;
  km: number | null;
  entries: readonly { id: string; kind: string }[];
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

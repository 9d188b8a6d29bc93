import { v7 as uuidv7 } from 'uuid';
import { visitPointsCorrection } from '../../shared/domain/rules/points';

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
  return {
    id: uuidv7(), store_id: visit.store_id, customer_id: earning.customer_id, entry_date: on.date, kind: 'adjustment', points,
    visit_id: visit.id, counterparty_id: null, reverses_id: null, note: null, created_by: null, created_at: on.at, points_rate: rate,
  };
}

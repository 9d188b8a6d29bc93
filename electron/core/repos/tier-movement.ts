import type BetterSqlite3 from 'better-sqlite3';
import { indexedBy } from './indexes';
import { TIERS, type IsoDate, type Tier } from '../../../shared/domain/types';

/** Live customers per tier now. */
export function tierDistribution(sqlite: BetterSqlite3.Database): Map<Tier, number> {
  const rows = sqlite.prepare(`SELECT tier, count(*) FROM customers${indexedBy(sqlite, 'customers_live_tier')} WHERE deleted_at IS NULL GROUP BY tier`).raw().all() as [Tier, number][];
  return new Map(rows);
}

const RANK = new Map<string, number>(TIERS.map((t, i) => [t, i]));

/**
 * Upgrades and downgrades per month ('YYYY-MM') from the tier changes this desk recorded
 * (migration 0009) between `from` and `to`. A change from nothing (a customer that arrived above
 * normal) counts as an upgrade from normal. Customers deleted since still count: they moved then.
 */
export function tierMovesByMonth(sqlite: BetterSqlite3.Database, from: IsoDate, to: IsoDate): Map<string, { upgrades: number; downgrades: number }> {
  const rows = sqlite
    .prepare(
      `SELECT substr(changed_on, 1, 7), coalesce(from_tier, 'normal'), to_tier, count(*) FROM tier_changes
       WHERE changed_on >= ? AND changed_on <= ? GROUP BY 1, 2, 3`,
    )
    .raw()
    .all(from, to) as [string, string, string, number][];
  const out = new Map<string, { upgrades: number; downgrades: number }>();
  for (const [month, a, b, n] of rows) {
    const m = out.get(month) ?? { upgrades: 0, downgrades: 0 };
    const d = (RANK.get(b) ?? 0) - (RANK.get(a) ?? 0);
    if (d > 0) m.upgrades += n;
    else if (d < 0) m.downgrades += n;
    out.set(month, m);
  }
  return out;
}

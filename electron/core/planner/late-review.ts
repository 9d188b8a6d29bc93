import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { earnedTier } from '../../../shared/domain/rules/tier';
import { trailingStart } from '../../../shared/domain/rules/trailing';
import { TIERS, type Tier } from '../../../shared/domain/types';
import { activityBetween } from '../repos/trailing-activity';
import type { TierChange } from './rows';

/**
 * The tier changes to write, the late anniversary reviews among them checked against the activity
 * of the anniversary itself (DOMAIN.md: the downgrade is decided at the anniversary). A run after
 * days nobody planned reviews them with today's facts, whose window has moved on: a visit just
 * inside the anniversary's twelve months had dropped out, and a Gold customer lost Gold for it.
 * Rare (the desk was off over the day), so one query each.
 */
export function withLateReviewsChecked(sqlite: BetterSqlite3.Database, tiers: readonly TierChange[], rules: RulesConfig): TierChange[] {
  return tiers.filter((t) => {
    if (!t.lateReview) return true;
    const { anniversary, from } = t.lateReview;
    const earned = earnedTier(activityBetween(sqlite, t.customerId, trailingStart(anniversary, rules), anniversary), rules);
    return TIERS.indexOf(earned) < TIERS.indexOf(from as Tier);
  });
}

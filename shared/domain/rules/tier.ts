import { TIERS, type IsoDate, type Tier } from '../types';
import type { RulesConfig } from './config';
import { anniversaryIn, yearOf } from './days';

export interface TrailingActivity {
  spendFen: number;
  visits: number;
}

const ASCENDING: Exclude<Tier, 'normal'>[] = ['silver', 'gold', 'diamond'];

const rank = (tier: Tier): number => TIERS.indexOf(tier);

/** The tier earned by trailing-12-month activity: either threshold is enough ("at least"). */
export function earnedTier(activity: TrailingActivity, rules: RulesConfig): Tier {
  let tier: Tier = 'normal';
  for (const key of ASCENDING) {
    const t = rules.tiers[key];
    if (activity.spendFen >= t.minSpendFen || activity.visits >= t.minVisits) tier = key;
  }
  return tier;
}

export interface TierPath {
  next: Exclude<Tier, 'normal'>;
  /** Fen still to spend in the trailing window (0 when the spend threshold is met). */
  spendFenMissing: number;
  /** Visits still to make in the trailing window. Either one is enough. */
  visitsMissing: number;
}

/**
 * The path to the next tier ("1,200 CNY or 2 visits to Gold"): the tier above the higher of
 * the earned tier and `currentTier` (a held tier counts: the path of a Gold customer leads
 * to Diamond). Null at Diamond.
 */
export function tierPath(activity: TrailingActivity, rules: RulesConfig, currentTier: Tier = 'normal'): TierPath | null {
  const from = Math.max(rank(earnedTier(activity, rules)), rank(currentTier));
  const next = ASCENDING.find((t) => rank(t) > from);
  if (next === undefined) return null;
  const t = rules.tiers[next];
  return {
    next,
    spendFenMissing: Math.max(0, t.minSpendFen - activity.spendFen),
    visitsMissing: Math.max(0, t.minVisits - activity.visits),
  };
}

/** The latest membership anniversary on or before today; null before the first one. */
export function lastMembershipAnniversary(memberSince: IsoDate, today: IsoDate): IsoDate | null {
  const year = yearOf(today);
  const since = yearOf(memberSince);
  if (year <= since) return null;
  const thisYear = anniversaryIn(memberSince, year);
  if (thisYear <= today) return thisYear;
  return year - 1 > since ? anniversaryIn(memberSince, year - 1) : null;
}

/** The first membership anniversary strictly after today. */
export function nextMembershipAnniversary(memberSince: IsoDate, today: IsoDate): IsoDate {
  const year = Math.max(yearOf(today), yearOf(memberSince) + 1);
  // Arithmetic rather than a second branch: the planner calls this for 100k customers, and a
  // branch its optimized code meets late makes V8 throw that code away and compile it again.
  const passed = anniversaryIn(memberSince, year) <= today ? 1 : 0;
  return anniversaryIn(memberSince, year + passed);
}

export type TierReason =
  | { code: 'upgrade'; from: Tier; to: Tier; spendFen: number; visits: number }
  | { code: 'anniversary_downgrade'; from: Tier; to: Tier; earned: Tier; anniversary: IsoDate }
  | { code: 'held_until_anniversary'; earned: Tier; anniversary: IsoDate | null }
  | { code: 'unchanged' };

export interface TierDecision {
  tier: Tier;
  change: 'upgrade' | 'downgrade' | 'none';
  reason: TierReason;
}

export interface TierInput {
  currentTier: Tier;
  /** The membership's start (facts.ts membershipStart); null: no anniversary. */
  memberSince: IsoDate | null;
  /** The day the current tier was set (null: unknown): one set on or after an anniversary is not reviewed at it. */
  tierSince: IsoDate | null;
  activity: TrailingActivity;
}

/**
 * DOMAIN.md's decision: an upgrade takes effect at once (possibly several levels); a
 * downgrade happens only at the membership anniversary, and by one level at most (never
 * below the earned tier). The review is made on the anniversary itself, with that day's
 * activity. `reviewFrom` (default: today) lets a planner run that follows days nobody planned
 * (the desk was switched off) make the reviews of anniversaries it missed from that day on,
 * with today's activity (the planner's writer then checks each against the activity of the
 * anniversary itself: planner/late-review.ts): else such a tier would stay for another year. A tier set on or after
 * the anniversary (an upgrade since) is not reviewed. Without a memberSince there is no
 * anniversary: the tier is held ('held_until_anniversary' with anniversary null).
 */
export function evaluateTier(input: TierInput, today: IsoDate, rules: RulesConfig, reviewFrom: IsoDate = today): TierDecision {
  const { currentTier, memberSince, tierSince, activity } = input;
  const earned = earnedTier(activity, rules);
  if (rank(earned) > rank(currentTier)) {
    return { tier: earned, change: 'upgrade', reason: { code: 'upgrade', from: currentTier, to: earned, spendFen: activity.spendFen, visits: activity.visits } };
  }
  if (rank(earned) === rank(currentTier)) return { tier: currentTier, change: 'none', reason: { code: 'unchanged' } };
  const last = memberSince === null ? null : lastMembershipAnniversary(memberSince, today);
  if (last !== null && last >= reviewFrom && (tierSince === null || tierSince < last)) {
    const to = TIERS[rank(currentTier) - 1] ?? 'normal';
    return { tier: to, change: 'downgrade', reason: { code: 'anniversary_downgrade', from: currentTier, to, earned, anniversary: last } };
  }
  const anniversary = memberSince === null ? null : nextMembershipAnniversary(memberSince, today);
  return { tier: currentTier, change: 'none', reason: { code: 'held_until_anniversary', earned, anniversary } };
}

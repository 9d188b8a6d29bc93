import type { Tier } from '../types';
import type { RulesConfig } from './config';

export interface TrailingActivity {
  spendFen: number;
  visits: number;
}

const ASCENDING: Exclude<Tier, 'normal'>[] = ['silver', 'gold', 'diamond'];

/** The tier earned by trailing-12-month activity: either threshold is enough ("at least"). */
export function earnedTier(activity: TrailingActivity, rules: RulesConfig): Tier {
  let tier: Tier = 'normal';
  for (const key of ASCENDING) {
    const t = rules.tiers[key];
    if (activity.spendFen >= t.minSpendFen || activity.visits >= t.minVisits) tier = key;
  }
  return tier;
}

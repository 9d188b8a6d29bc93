import { TIERS, type IsoDate, type Tier } from './types';

/**
 * Offers and campaigns a store manager creates. DOMAIN.md pitfall 1 (and root cause 3,
 * "unfairness"): a campaign for new customers only drove 2,400 loyal customers away at one
 * brand, so such a campaign is saved only after the manager saw the warning and confirmed it.
 */
export const CAMPAIGN_KINDS = ['offer', 'campaign'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** Who a campaign is for: everyone, new customers only, existing (loyal) customers only, or some tiers. */
export const CAMPAIGN_AUDIENCES = ['everyone', 'new_customers', 'existing_customers', 'tiers'] as const;
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number];

export interface CampaignDraft {
  kind: CampaignKind;
  audience: CampaignAudience;
  /** For audience 'tiers': the tiers it is for. */
  tiers: readonly Tier[];
}

/** The warning code a new-customers-only campaign carries (the UI translates it). */
export const LOYAL_WARNING = 'new_customers_only' as const;
/** A tier campaign that leaves out a tier above one it is for (normal and silver, not gold and diamond). */
export const HIGHER_TIERS_WARNING = 'higher_tiers_left_out' as const;
export type CampaignWarning = typeof LOYAL_WARNING | typeof HIGHER_TIERS_WARNING;
export const CAMPAIGN_WARNINGS: readonly CampaignWarning[] = [LOYAL_WARNING, HIGHER_TIERS_WARNING];

/**
 * The warnings a draft must be acknowledged for before it is saved (none for a fair campaign). A tier
 * keeps what the tiers below it get (benefits.ts), so an offer for the lower tiers only is the same
 * unfairness as one for new customers only: it went through without a warning.
 */
export function campaignWarnings(draft: CampaignDraft): CampaignWarning[] {
  if (draft.audience === 'new_customers') return [LOYAL_WARNING];
  if (draft.audience !== 'tiers') return [];
  const lowest = TIERS.findIndex((t) => draft.tiers.includes(t));
  return lowest >= 0 && TIERS.slice(lowest).some((t) => !draft.tiers.includes(t)) ? [HIGHER_TIERS_WARNING] : [];
}

export interface Campaign {
  id: string;
  kind: CampaignKind;
  name: string;
  /** What the customer gets ("免费深度检测一次"). */
  benefit: string;
  audience: CampaignAudience;
  tiers: Tier[];
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The manager saw the loyal-customer warning and saved anyway. */
  loyalWarningAcknowledged: boolean;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

import type { RulesConfig } from './rules/config';
import type { FactComplaint } from './rules/facts';
import { riskFlag, type RiskResult } from './rules/radar';
import type { IsoDate, Tier } from './types';

/**
 * The facts about one customer that the risk radar and the roster need, as the core stores
 * them (customer_status): enough for the pure radar to give the same answer as it would
 * from every visit, survey and complaint, for any day on or after the day they were taken.
 */
export interface StatusFacts {
  customerId: string;
  advisorId: string | null;
  tier: Tier;
  /** Latest visit (paid or free) on or before the day the facts were taken. */
  lastVisitOn: IsoDate | null;
  /** Latest purchase (a visit with an amount) on or before that day. */
  lastPurchaseOn: IsoDate | null;
  /** Earliest delivery of the customer's vehicles on or before that day. */
  firstDeliveryOn: IsoDate | null;
  /** The survey satisfaction counts (latest; the lower score on a tie), 0-10. */
  survey: { date: IsoDate; score0to10: number } | null;
  /** The complaints that can still count: open, or opened within the complaint window. */
  complaints: FactComplaint[];
}

/** The radar over stored facts: the same flag and reasons riskFlag gives from the raw rows. */
export function statusRisk(s: StatusFacts, today: IsoDate, rules: RulesConfig): RiskResult {
  return riskFlag(
    {
      visits: s.lastPurchaseOn === null ? [] : [{ id: '', vehicleId: null, date: s.lastPurchaseOn, amountFen: 1, mileageKm: null }],
      deliveryDates: s.firstDeliveryOn === null ? [] : [s.firstDeliveryOn],
      surveys: s.survey === null ? [] : [s.survey],
      complaints: s.complaints,
    },
    today,
    rules,
  );
}

/** Urgency within a flag, for ordering (higher first): an open complaint, then the longest since the last purchase. */
export function riskRank(risk: RiskResult): number {
  let days = 0;
  let complaint = 0;
  for (const r of risk.reasons) {
    if (r.code === 'days_since_purchase') days = Math.max(days, r.days);
    else if (r.code === 'complaint_open') complaint = 1;
    else if (r.code === 'satisfaction') days = Math.max(days, Math.min(99_999, 100 - r.score));
  }
  return complaint * 100_000 + Math.min(days, 99_999);
}

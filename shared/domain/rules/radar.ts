import type { IsoDate } from '../types';
import type { RulesConfig } from './config';
import { daysBetween } from './days';
import type { CustomerFacts, FactSurvey } from './facts';
import { trailingActivity } from './trailing';

export type RiskFlag = 'red' | 'yellow' | 'green';

/** Structured so the UI can translate it ("193 days since last visit; complaint open"). */
export type RiskReason =
  | { code: 'days_since_purchase'; days: number; since: IsoDate; basis: 'purchase' | 'delivery' }
  | { code: 'satisfaction'; score: number; surveyedOn: IsoDate }
  | { code: 'complaint_open'; openedOn: IsoDate }
  | { code: 'complaint_recent'; openedOn: IsoDate; resolvedOn: IsoDate };

export interface RiskResult {
  flag: RiskFlag;
  /** Every reason that applies at the flag's level. Green lists the facts that make it green. */
  reasons: RiskReason[];
}

/**
 * Satisfaction = the latest survey on or before today, x10 (0-100); null without one.
 * Two surveys on the same latest day: the lower score counts (deterministic, conservative).
 */
export function satisfaction(surveys: readonly FactSurvey[], today: IsoDate): { score: number; surveyedOn: IsoDate } | null {
  let best: FactSurvey | null = null;
  for (const s of surveys) {
    if (s.date > today) continue;
    if (best === null || s.date > best.date || (s.date === best.date && s.score0to10 < best.score0to10)) best = s;
  }
  return best === null ? null : { score: best.score0to10 * 10, surveyedOn: best.date };
}

/** Complaints that count today: unresolved (as of today), or opened complaintWindowDays ago or less. */
export function countingComplaints(
  complaints: CustomerFacts['complaints'],
  today: IsoDate,
  rules: Pick<RulesConfig, 'radar'>,
): RiskReason[] {
  const reasons: RiskReason[] = [];
  const sorted = [...complaints].sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0));
  for (const c of sorted) {
    if (c.openedOn > today) continue;
    if (c.resolvedOn === null || c.resolvedOn > today) reasons.push({ code: 'complaint_open', openedOn: c.openedOn });
    else if (daysBetween(c.openedOn, today) <= rules.radar.complaintWindowDays) {
      reasons.push({ code: 'complaint_recent', openedOn: c.openedOn, resolvedOn: c.resolvedOn });
    }
  }
  return reasons;
}

/**
 * The risk radar: red > yellow > green, first match from the top wins; the result lists
 * every reason at the winning level. Days are days since the last purchase (DOMAIN.md
 * "Definitions": with no purchase yet, since the first vehicle's delivery; with neither,
 * the days criterion does not apply).
 */
export function riskFlag(
  facts: Pick<CustomerFacts, 'visits' | 'deliveryDates' | 'surveys' | 'complaints'>,
  today: IsoDate,
  rules: RulesConfig,
): RiskResult {
  const { radar } = rules;
  const activity = trailingActivity(facts, today, rules);
  const red: RiskReason[] = [];
  const yellow: RiskReason[] = [];
  const green: RiskReason[] = [];

  if (activity.lastPurchase !== null && activity.lastPurchaseBasis !== null) {
    const days = daysBetween(activity.lastPurchase, today);
    const reason: RiskReason = { code: 'days_since_purchase', days, since: activity.lastPurchase, basis: activity.lastPurchaseBasis };
    if (days > radar.redAfterDays) red.push(reason);
    else if (days >= radar.yellowMinDays) yellow.push(reason);
    else green.push(reason);
  }

  const sat = satisfaction(facts.surveys, today);
  if (sat !== null) {
    const reason: RiskReason = { code: 'satisfaction', ...sat };
    if (sat.score < radar.satisfactionRedBelow) red.push(reason);
    else if (sat.score <= radar.satisfactionFineAbove) yellow.push(reason);
    else green.push(reason);
  }

  red.push(...countingComplaints(facts.complaints, today, rules));

  if (red.length > 0) return { flag: 'red', reasons: red };
  if (yellow.length > 0) return { flag: 'yellow', reasons: yellow };
  return { flag: 'green', reasons: green };
}

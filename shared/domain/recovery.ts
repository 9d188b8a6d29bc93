import type { RulesConfig } from './rules/config';
import type { FactSurvey } from './rules/facts';
import type { LifecycleRule } from './rules/lifecycle';
import { satisfaction } from './rules/radar';
import type { IsoDate } from './types';

/**
 * A complaint, or a survey score below the radar's red line, turns a customer red at once, and
 * DOMAIN.md's radar answers red with "win-back plan, advisor home visit". The planner's win-back
 * plan follows a quiet spell (lifecycle.ts); these two are the advisor's visit for the other red
 * reasons, made when the complaint or the score is recorded (notes.openComplaint, recordSurvey),
 * due that day. People's tasks, not the planner's: it never voids them.
 */
export const COMPLAINT_VISIT_RULE = 'complaint_visit';
export const LOW_SCORE_VISIT_RULE = 'low_score_visit';
/**
 * One open recovery visit per customer: a complaint and a low score on one day ask one visit, not
 * two. Only these, people's tasks: an open win-back plan does not answer them, as the planner voids
 * it once the customer's visit arrives (often just after the complaint) and the complaint would be
 * left without a visit.
 */
export const RECOVERY_VISIT_RULES: readonly string[] = [COMPLAINT_VISIT_RULE, LOW_SCORE_VISIT_RULE];
/** Every open task that takes the advisor to a red customer's home: the recovery visits and the win-back plan (the radar's "visit planned"). */
export const RECOVERY_RULES: readonly string[] = [...RECOVERY_VISIT_RULES, 'winback_plan' satisfies LifecycleRule];

/** tasks.reason of a recovery visit. */
export type RecoveryReason =
  | { code: 'complaint_opened'; complaintId: string; summary: string; openedOn: IsoDate }
  | { code: 'low_satisfaction'; surveyId: string; score: number; surveyedOn: IsoDate };

/**
 * Whether a survey just recorded turns the customer red: it is the one the radar reads (the latest
 * by today; the lower of one day's scores) and below `radar.satisfactionRedBelow` (0-100). A
 * low score recorded late, behind a newer survey, changes no flag and asks no visit.
 */
export function surveyTurnsRed(recorded: FactSurvey, earlier: readonly FactSurvey[], today: IsoDate, rules: Pick<RulesConfig, 'radar'>): boolean {
  const sat = satisfaction([...earlier, recorded], today);
  return sat !== null && sat.surveyedOn === recorded.date && sat.score === recorded.score0to10 * 10 && sat.score < rules.radar.satisfactionRedBelow;
}

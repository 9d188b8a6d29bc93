import { z } from 'zod';
import { calendarRulesSchema, DEFAULT_CALENDAR_RULES } from '../calendar/config';

/**
 * The rules config: every number of DOMAIN.md lives here, versioned, replaceable by HQ.
 * Code reads thresholds from a config object, never from literals. Objects are strict so
 * a misspelt key from HQ is refused (naming it) instead of silently falling back.
 * Units: money in fen, distances in km, durations in days, ratios as fractions (0.8 = 80%).
 */
const int = z.number().int().nonnegative();
const days = z.number().int().nonnegative();
const positiveDays = z.number().int().positive();
const fraction = z.number().min(0).max(1);

const tierThreshold = z.strictObject({
  minSpendFen: int,
  minVisits: int,
  bookingDaysAhead: int,
  pointsMultiplier: z.number().positive(),
});

const radar = z.strictObject({
  /** Yellow from this many days since the last purchase (green below). */
  yellowMinDays: positiveDays,
  /** Red after this many days (red when days > redAfterDays). */
  redAfterDays: positiveDays,
  /** Satisfaction (survey 0-10 x 10) above this is fine. */
  satisfactionFineAbove: z.number().min(0).max(100),
  /** Satisfaction below this is red; from here up to satisfactionFineAbove is yellow. */
  satisfactionRedBelow: z.number().min(0).max(100),
  /** A resolved complaint still counts when opened this many days ago or less. */
  complaintWindowDays: days,
});

const lifecycle = z.strictObject({
  d3CallDay: days,
  d7GuideDay: days,
  d15MeetupDay: days,
  d30FirstServiceDay: days,
  /** Stage ends, in days since the latest delivery: New 0..newEnd, Growth ..growthEnd, Mature ..matureEnd. */
  newStageEndDay: positiveDays,
  growthStageEndDay: positiveDays,
  matureStageEndDay: positiveDays,
  firstServiceSurveyDelayDays: days,
  careCallQuietDays: positiveDays,
  offerQuietDays: positiveDays,
  atRiskQuietDays: positiveDays,
  /** Touchpoints due within this many days ahead are listed as upcoming. */
  upcomingDays: days,
  /** Our decisions (DOMAIN.md is silent): how long an overdue touchpoint stays valid. */
  firstServiceReminderValidDays: days,
  surveyValidDays: days,
  anniversaryGiftLeadDays: days,
  anniversaryValidDays: days,
  inspectionValidDays: days,
});

const points = z.strictObject({
  /** Points per CNY spent, before the tier multiplier (normal tier uses normalMultiplier). */
  perCny: z.number().positive(),
  normalMultiplier: z.number().positive(),
  referral: int,
  mileageStepKm: z.number().int().positive(),
  mileageStepPoints: int,
  /**
   * The most kilometres a car is taken to drive in a day between two readings: a reading further
   * above the count than that is not paid until the next reading bears it out (a digit too many).
   * Defaulted so a config published before it existed still validates.
   */
  mileageMaxKmPerDay: z.number().int().positive().default(500),
  /** Redemption value: 1,000 points = 200 CNY = 20 fen a point. */
  redeemFenPerPoint: z.number().int().positive(),
  /** Activities and tasks earn configured amounts (keys are activity codes). */
  activities: z.record(z.string().min(1), int),
});

/**
 * Service booking (预约): the store's calendar opens to everyone `openDaysAhead` days ahead;
 * each tier's `bookingDaysAhead` adds to that; slots kept for members need `reservedMinTier`.
 * Defaulted so a config published before booking existed still validates.
 */
const booking = z
  .strictObject({
    openDaysAhead: days,
    reservedMinTier: z.enum(['silver', 'gold', 'diamond']),
  })
  .default({ openDaysAhead: 7, reservedMinTier: 'gold' });

const festivalKey = z.enum(['spring_festival', 'mid_autumn', 'winter_solstice']);

const surprises = z.strictObject({
  koiProbability: fraction,
  koiPaidVisitsOnly: z.boolean(),
  nthVisitorEvery: z.number().int().positive(),
  mileageMilestoneKm: z.number().int().positive(),
  membershipYears: z.number().int().positive(),
  topReferrerCount: z.number().int().positive(),
  festivals: z.array(festivalKey),
  /** A dated surprise (membership year) is a candidate from leadDays before to graceDays after. */
  leadDays: days,
  graceDays: days,
});

const comparator = z.enum(['>', '<', '<=', 'watch']);
const target = z.strictObject({ target: z.number().nullable(), comparator });

export const METRIC_KEYS = [
  'retention_30d', 'retention_90d', 'retention_12m', 'monthly_visit_frequency', 'annual_spend_per_customer',
  'active_ratio', 'silent_ratio', 'churn_risk_count', 'annual_churn_rate', 'repurchase_rate',
  'ltv_growth', 'average_ticket_growth', 'nps', 'referral_conversion', 'referred_new_customers',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

const metrics = z.strictObject({
  shortRetentionDays: positiveDays,
  mediumRetentionDays: positiveDays,
  npsPromoterMin: z.number().min(0).max(10),
  npsDetractorMax: z.number().min(0).max(10),
  targets: z.strictObject(Object.fromEntries(METRIC_KEYS.map((k) => [k, target])) as Record<MetricKey, typeof target>),
});

const baseSchema = z.strictObject({
  version: z.number().int().positive(),
  trailingDays: positiveDays,
  tiers: z.strictObject({ silver: tierThreshold, gold: tierThreshold, diamond: tierThreshold }),
  radar,
  lifecycle,
  points,
  surprises,
  metrics,
  booking,
  /** Emotional calendar (cardLeadDays: a handwritten card falls due 7 days before the occasion). */
  calendar: calendarRulesSchema,
});

type Issue = { path: string[]; message: string };

/** Cross-field rules a per-field schema cannot say. */
function crossFieldIssues(c: z.infer<typeof baseSchema>): Issue[] {
  const issues: Issue[] = [];
  const order = ['silver', 'gold', 'diamond'] as const;
  for (let i = 1; i < order.length; i++) {
    const lower = order[i - 1] as (typeof order)[number];
    const key = order[i] as (typeof order)[number];
    for (const field of ['minSpendFen', 'minVisits'] as const) {
      if (c.tiers[key][field] <= c.tiers[lower][field]) {
        issues.push({ path: ['tiers', key, field], message: `must be greater than tiers.${lower}.${field}` });
      }
    }
  }
  if (c.radar.yellowMinDays > c.radar.redAfterDays) {
    issues.push({ path: ['radar', 'yellowMinDays'], message: 'must not exceed radar.redAfterDays' });
  }
  if (c.radar.satisfactionRedBelow > c.radar.satisfactionFineAbove) {
    issues.push({ path: ['radar', 'satisfactionRedBelow'], message: 'must not exceed radar.satisfactionFineAbove' });
  }
  const l = c.lifecycle;
  if (l.growthStageEndDay <= l.newStageEndDay) issues.push({ path: ['lifecycle', 'growthStageEndDay'], message: 'must be greater than lifecycle.newStageEndDay' });
  if (l.matureStageEndDay <= l.growthStageEndDay) issues.push({ path: ['lifecycle', 'matureStageEndDay'], message: 'must be greater than lifecycle.growthStageEndDay' });
  if (l.offerQuietDays <= l.careCallQuietDays) issues.push({ path: ['lifecycle', 'offerQuietDays'], message: 'must be greater than lifecycle.careCallQuietDays' });
  // The win-back plan follows the care call and the offer of one quiet spell, never comes before them.
  if (l.atRiskQuietDays < l.offerQuietDays) issues.push({ path: ['lifecycle', 'atRiskQuietDays'], message: 'must be at least lifecycle.offerQuietDays' });
  if (c.metrics.npsDetractorMax >= c.metrics.npsPromoterMin) issues.push({ path: ['metrics', 'npsDetractorMax'], message: 'must be less than metrics.npsPromoterMin' });
  // Visit points are counted in whole thousandths of a point per CNY (points.ts visitPoints):
  // a rate finer than that would be rounded, silently, instead of earned as configured.
  const rates: [string[], number, string][] = [[['points', 'normalMultiplier'], c.points.normalMultiplier, 'points.normalMultiplier']];
  for (const key of order) rates.push([['tiers', key, 'pointsMultiplier'], c.tiers[key].pointsMultiplier, `tiers.${key}.pointsMultiplier`]);
  for (const [path, multiplier, name] of rates) {
    const perMille = multiplier * c.points.perCny * 1000;
    if (Math.abs(perMille - Math.round(perMille)) > 1e-6 || Math.round(perMille) < 1) {
      issues.push({ path, message: `times points.perCny (${c.points.perCny}) must give points per CNY in whole thousandths, at least 0.001: ${name} ${multiplier} gives ${multiplier * c.points.perCny}` });
    }
  }
  return issues;
}

export const rulesConfigSchema = baseSchema.superRefine((c, ctx) => {
  for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export type RulesConfig = z.infer<typeof rulesConfigSchema>;
export type FestivalKey = z.infer<typeof festivalKey>;
export type MetricComparator = z.infer<typeof comparator>;

export type ParseRulesResult = { ok: true; config: RulesConfig } | { ok: false; field: string; message: string };

/** Validates a config from HQ; a refusal names the first failing field path, e.g. 'tiers.gold.minVisits'. */
export function parseRulesConfig(input: unknown): ParseRulesResult {
  const result = rulesConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, field: '', message: 'invalid rules config' };
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object; name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return { ok: false, field: path.join('.'), message: issue.message };
}

const pct = (target: number, comparator: MetricComparator) => ({ target, comparator });
const watch = { target: null, comparator: 'watch' as const };

export const DEFAULT_RULES: RulesConfig = {
  version: 1,
  trailingDays: 365,
  tiers: {
    silver: { minSpendFen: 300_000, minVisits: 3, bookingDaysAhead: 3, pointsMultiplier: 1.2 },
    gold: { minSpendFen: 800_000, minVisits: 6, bookingDaysAhead: 7, pointsMultiplier: 1.5 },
    diamond: { minSpendFen: 1_500_000, minVisits: 10, bookingDaysAhead: 14, pointsMultiplier: 2.0 },
  },
  radar: { yellowMinDays: 90, redAfterDays: 180, satisfactionFineAbove: 70, satisfactionRedBelow: 50, complaintWindowDays: 180 },
  lifecycle: {
    d3CallDay: 3, d7GuideDay: 7, d15MeetupDay: 15, d30FirstServiceDay: 30,
    newStageEndDay: 30, growthStageEndDay: 180, matureStageEndDay: 365,
    firstServiceSurveyDelayDays: 7, careCallQuietDays: 90, offerQuietDays: 180, atRiskQuietDays: 180,
    upcomingDays: 30,
    firstServiceReminderValidDays: 59, surveyValidDays: 30,
    anniversaryGiftLeadDays: 7, anniversaryValidDays: 30, inspectionValidDays: 60,
  },
  points: {
    perCny: 1, normalMultiplier: 1, referral: 6_000,
    mileageStepKm: 100, mileageStepPoints: 10, mileageMaxKmPerDay: 500,
    redeemFenPerPoint: 20,
    // DOMAIN.md: "activities and tasks earn configured amounts" without numbers: HQ sets these.
    activities: { survey_completed: 100, event_attended: 200 },
  },
  surprises: {
    koiProbability: 0.02, koiPaidVisitsOnly: true, nthVisitorEvery: 1_000, mileageMilestoneKm: 10_000,
    membershipYears: 1, topReferrerCount: 5, festivals: ['spring_festival', 'mid_autumn', 'winter_solstice'],
    leadDays: 7, graceDays: 30,
  },
  metrics: {
    shortRetentionDays: 30, mediumRetentionDays: 90, npsPromoterMin: 9, npsDetractorMax: 6,
    targets: {
      retention_30d: pct(0.8, '>'),
      retention_90d: pct(0.65, '>'),
      retention_12m: pct(0.5, '>'),
      monthly_visit_frequency: pct(0.5, '>'),
      annual_spend_per_customer: pct(500_000, '>'),
      active_ratio: pct(0.6, '>'),
      silent_ratio: pct(0.2, '<='),
      churn_risk_count: watch,
      annual_churn_rate: pct(0.25, '<'),
      repurchase_rate: pct(0.7, '>'),
      ltv_growth: pct(0.15, '>'),
      average_ticket_growth: pct(0.1, '>'),
      nps: pct(60, '>'),
      referral_conversion: pct(0.25, '>'),
      referred_new_customers: watch,
    },
  },
  booking: { openDaysAhead: 7, reservedMinTier: 'gold' },
  calendar: DEFAULT_CALENDAR_RULES,
};

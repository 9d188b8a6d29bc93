import { cardReminders } from '../../../shared/domain/calendar/cards';
import { festivalOn } from '../../../shared/domain/calendar/festivals';
import { PLANNED_DESPITE_DO_NOT_CONTACT } from '../../../shared/domain/consent';
import { upcomingOccasions, type Occasion } from '../../../shared/domain/calendar/occasions';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { membershipStart, odometerSteps, type FactVisit } from '../../../shared/domain/rules/facts';
import { lifecycleTouchpoints, type LifecycleRule, type Touchpoint } from '../../../shared/domain/rules/lifecycle';
import { festivalVisit, koiDraw, membershipYear, mileageMilestones, topReferrer, type Surprise } from '../../../shared/domain/rules/surprises';
import { evaluateTier } from '../../../shared/domain/rules/tier';
import { trailingActivity } from '../../../shared/domain/rules/trailing';
import type { PlanningCustomer } from '../repos/planner-inputs-types';
import { plannedId } from './ids';
import type { DesiredCard, DesiredTask, TierChange } from './rows';

export const LIFECYCLE_RULES: readonly LifecycleRule[] = [
  'd3_call', 'd7_guide', 'd15_meetup', 'd30_first_service', 'first_service_survey', 'care_call_90',
  'offer_180', 'quarterly_invite', 'purchase_anniversary_gift', 'yearly_inspection', 'winback_plan', 'monthly_tip',
];
const SURPRISE_RULES = ['koi', 'nth_visitor', 'mileage_milestone', 'membership_year', 'top_referrer', 'festival_visit'].map((k) => `surprise_${k}`);
/** Rules whose open tasks the planner owns (and may void); tasks people create are not among them. */
export const PLANNER_RULES: readonly string[] = [...LIFECYCLE_RULES, ...SURPRISE_RULES];

/** Touchpoints that reach out to the customer; gifts and surprises happen when they visit. */
const CONTACT_KINDS = new Set(['call', 'message', 'invite', 'offer', 'survey', 'visit']);

export interface PlanContext {
  today: string;
  rules: RulesConfig;
  /** The first day nobody planned before today, when a run follows such days: tier reviews of anniversaries since then are made now (tier.ts evaluateTier). */
  tierReviewFrom?: string;
}

/** The dates planning every customer for the same day and rules compares with, computed once. */
interface Days {
  today: string;
  rules: RulesConfig;
  /** Surprises from a visit count only while fresh (from here on): a visit long ago is no surprise any more. */
  recentFrom: string;
  /** Touchpoints due by this day are tasks. */
  due: string;
  /** Occasions up to this day get cards. */
  cardsUntil: string;
}
let days: Days | null = null;

function daysFor(ctx: PlanContext): Days {
  const { today, rules } = ctx;
  if (days === null || days.today !== today || days.rules !== rules) {
    days = {
      today, rules,
      recentFrom: addDays(today, -rules.surprises.graceDays),
      due: addDays(today, rules.lifecycle.upcomingDays),
      cardsUntil: addDays(today, rules.calendar.occasionHorizonDays),
    };
  }
  return days;
}

function surprisesFor(c: PlanningCustomer, ctx: PlanContext): { surprise: Surprise; due: string }[] {
  const out: { surprise: Surprise; due: string }[] = [];
  const { recentFrom } = daysFor(ctx);
  const visits = c.facts.visits;
  let recent: Set<FactVisit> | null = null;
  for (const v of visits) if (v.date >= recentFrom && v.date <= ctx.today) (recent ??= new Set()).add(v);
  // By visit, not id: the planner's facts stand for older visits with id-less dates (planner-inputs.ts).
  if (recent !== null) {
    for (const v of visits) {
      if (!recent.has(v)) continue;
      const koi = koiDraw(v, c.storeId, ctx.rules);
      if (koi) out.push({ surprise: koi, due: v.date });
      const festival = festivalVisit(v, festivalOn, ctx.rules);
      if (festival) out.push({ surprise: festival, due: v.date });
    }
    for (const step of odometerSteps(visits, ctx.today, ctx.rules.points.mileageMaxKmPerDay)) {
      if (!recent.has(step.visit) || step.visit.vehicleId === null) continue;
      for (const s of mileageMilestones({ vehicleId: step.visit.vehicleId, previousKm: step.previousKm, currentKm: step.visit.mileageKm }, ctx.rules)) {
        out.push({ surprise: s, due: step.visit.date });
      }
    }
  }
  const year = membershipYear(membershipStart(c.facts, ctx.today), ctx.today, ctx.rules);
  if (year) out.push({ surprise: year, due: year.reason.code === 'membership_year' ? year.reason.on : ctx.today });
  const referrer = topReferrer(c.facts.referralsSucceeded, c.facts.referralsSucceededOn, ctx.today, ctx.rules);
  // Due when the referrals that earned it were made: a fixed day (it used to be today, moved every day).
  if (referrer) out.push({ surprise: referrer, due: c.facts.referralsSucceededOn ?? ctx.today });
  return out;
}

/**
 * How far past `upcomingDays` and the card horizon planning a customer looks: what it finds there
 * tells wake.ts the day the customer's answer next changes. Every customer is planned again on
 * the next January 1 at the latest, so nothing beyond a year matters.
 */
export const LOOKAHEAD_DAYS = 400;

const widened = new WeakMap<RulesConfig, RulesConfig>();

/** The same rules, listing touchpoints due up to LOOKAHEAD_DAYS later than they would. */
function withLookahead(rules: RulesConfig): RulesConfig {
  let wide = widened.get(rules);
  if (!wide) {
    wide = { ...rules, lifecycle: { ...rules.lifecycle, upcomingDays: rules.lifecycle.upcomingDays + LOOKAHEAD_DAYS } };
    widened.set(rules, wide);
  }
  return wide;
}

/**
 * The last day the rules keep a lifecycle task (its touchpoint's `validUntil`; null: open-ended, or
 * not a lifecycle touchpoint of this customer today): a task snoozed past it would be voided that
 * day, unseen.
 */
export function touchpointLastDay(c: PlanningCustomer, ctx: PlanContext, rule: string, occurrence: string): string | null {
  if (!(LIFECYCLE_RULES as readonly string[]).includes(rule)) return null;
  const tp = planCustomer(c, ctx, false).touchpoints.find((t) => t.rule === rule && t.occurrence === occurrence);
  return tp?.validUntil ?? null;
}

/** What should exist for one customer today: tier, advisor tasks, card reminders, surprise candidates. */
export function desiredFor(c: PlanningCustomer, ctx: PlanContext): { tasks: DesiredTask[]; cards: DesiredCard[]; tier: TierChange | null } {
  const { tasks, cards, tier } = planCustomer(c, ctx);
  return { tasks, cards, tier };
}

export interface CustomerPlan {
  tasks: DesiredTask[];
  cards: DesiredCard[];
  tier: TierChange | null;
  /** Open touchpoints due within upcomingDays + LOOKAHEAD_DAYS (the tasks come from those due within upcomingDays). */
  touchpoints: Touchpoint[];
  /** Occasions within the card horizon + LOOKAHEAD_DAYS (the cards come from those within the horizon). */
  occasions: Occasion[];
}

/**
 * desiredFor, and what lies just beyond it. The touchpoints due within upcomingDays are exactly
 * those lifecycleTouchpoints lists with the rules as they are (it lists one per rule and
 * occurrence, and those share their dates), and the occasions within the horizon those
 * upcomingOccasions lists: one call looks further for both answers. Without `taskIds` the tasks'
 * ids are left '' (compute.ts gives them their ids when it needs them: most customers of a
 * whole-store run have the digest kept, and their tasks are not written).
 */
export function planCustomer(c: PlanningCustomer, ctx: PlanContext, taskIds = true): CustomerPlan {
  const { today, rules } = ctx;
  const id = c.facts.customerId;
  const { storeId, advisorId } = c;

  const activity = c.activity ?? trailingActivity(c.facts, today, rules);
  const memberSince = membershipStart(c.facts, today);
  const decision = evaluateTier({ currentTier: c.facts.currentTier, memberSince, tierSince: c.facts.tierSince, activity }, today, rules, ctx.tierReviewFrom ?? today);
  const late = decision.reason.code === 'anniversary_downgrade' && decision.reason.anniversary < today ? { anniversary: decision.reason.anniversary, from: c.facts.currentTier } : undefined;
  const tier = decision.tier !== c.facts.currentTier ? { customerId: id, tier: decision.tier, since: today, ...(late ? { lateReview: late } : {}) } : null;

  const tasks: DesiredTask[] = [];
  const { due, cardsUntil: end } = daysFor(ctx);
  const touchpoints = lifecycleTouchpoints(c.facts, today, withLookahead(rules));
  for (const tp of touchpoints) {
    if (tp.dueDate > due) continue; // not upcoming yet
    // Only open touchpoints come back. Automatic messages (new-owner guide, monthly tip) are sent by the app, not an advisor's task.
    if (tp.automatic) continue;
    // PIPL: never contact a customer who opted out, but the first-service reminder stays (a service notice).
    if (c.doNotContact && CONTACT_KINDS.has(tp.kind) && !PLANNED_DESPITE_DO_NOT_CONTACT.has(tp.rule)) continue;
    tasks.push({ id: taskIds ? plannedId(id, tp.rule, tp.occurrence) : '', customerId: id, storeId, advisorId, rule: tp.rule, occurrence: tp.occurrence, kind: tp.kind, channel: null, dueDate: tp.dueDate, reason: JSON.stringify(tp.reason) });
  }
  for (const { surprise, due: dueDate } of surprisesFor(c, ctx)) {
    const rule = `surprise_${surprise.kind}`;
    tasks.push({ id: taskIds ? plannedId(id, rule, surprise.occurrence) : '', customerId: id, storeId, advisorId, rule, occurrence: surprise.occurrence, kind: 'surprise', channel: null, dueDate, reason: JSON.stringify(surprise.reason) });
  }

  const horizon = rules.calendar.occasionHorizonDays;
  const deliveryDates: { vehicleId: string; date: string }[] = [];
  for (const v of c.vehicles) deliveryDates.push({ vehicleId: v.id, date: v.deliveryDate });
  const occasions = upcomingOccasions(
    {
      birthday: c.birthday,
      deliveryDates,
      weddingDate: c.weddingDate,
      memberSince,
      children: c.children,
    },
    today,
    horizon + LOOKAHEAD_DAYS,
  );
  const cards: DesiredCard[] = [];
  // A mailed card is contact too.
  if (!c.doNotContact) {
    const soon: Occasion[] = [];
    for (const o of occasions) if (o.date <= end) soon.push(o);
    for (const r of cardReminders(soon, rules.calendar.cardLeadDays)) {
      cards.push({ customerId: id, storeId, advisorId, id: plannedId(id, 'card', r.key), occasion: r.occasion, subjectId: r.subjectId, occasionDate: r.occasionDate, lunarLabel: r.lunarLabel, dueDate: r.dueDate });
    }
  }
  return { tasks, cards, tier, touchpoints, occasions };
}

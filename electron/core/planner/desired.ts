import { cardReminders } from '../../../shared/domain/calendar/cards';
import { festivalOn } from '../../../shared/domain/calendar/festivals';
import { upcomingOccasions } from '../../../shared/domain/calendar/occasions';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { odometerSteps } from '../../../shared/domain/rules/facts';
import { lifecycleTouchpoints, type LifecycleRule } from '../../../shared/domain/rules/lifecycle';
import { festivalVisit, koiDraw, membershipYear, mileageMilestones, topReferrer, type Surprise } from '../../../shared/domain/rules/surprises';
import { evaluateTier } from '../../../shared/domain/rules/tier';
import { trailingActivity } from '../../../shared/domain/rules/trailing';
import type { PlanningCustomer } from '../repos/planner-inputs';
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
  /** The store's secret for the koi draw, so customers cannot predict it. */
  koiSeed: string;
}

/** Surprises from a visit count only while fresh: a visit long ago is no surprise any more. */
function recentVisits(c: PlanningCustomer, ctx: PlanContext) {
  const from = addDays(ctx.today, -ctx.rules.surprises.graceDays);
  return c.facts.visits.filter((v) => v.date >= from && v.date <= ctx.today);
}

function surprisesFor(c: PlanningCustomer, ctx: PlanContext): { surprise: Surprise; due: string }[] {
  const out: { surprise: Surprise; due: string }[] = [];
  const recent = new Set(recentVisits(c, ctx).map((v) => v.id));
  for (const v of c.facts.visits) {
    if (!recent.has(v.id)) continue;
    const koi = koiDraw(v, ctx.koiSeed, ctx.rules);
    if (koi) out.push({ surprise: koi, due: v.date });
    const festival = festivalVisit(v, festivalOn, ctx.rules);
    if (festival) out.push({ surprise: festival, due: v.date });
  }
  for (const step of odometerSteps(c.facts.visits, ctx.today)) {
    if (!recent.has(step.visit.id) || step.visit.vehicleId === null) continue;
    for (const s of mileageMilestones({ vehicleId: step.visit.vehicleId, previousKm: step.previousKm, currentKm: step.visit.mileageKm }, ctx.rules)) {
      out.push({ surprise: s, due: step.visit.date });
    }
  }
  const year = membershipYear(c.facts.memberSince, ctx.today, ctx.rules);
  if (year) out.push({ surprise: year, due: year.reason.code === 'membership_year' ? year.reason.on : ctx.today });
  const referrer = topReferrer(c.facts.referralsSucceeded, ctx.rules);
  if (referrer) out.push({ surprise: referrer, due: ctx.today });
  return out;
}

/** What should exist for one customer today: tier, advisor tasks, card reminders, surprise candidates. */
export function desiredFor(c: PlanningCustomer, ctx: PlanContext): { tasks: DesiredTask[]; cards: DesiredCard[]; tier: TierChange | null } {
  const { today, rules } = ctx;
  const id = c.facts.customerId;
  const { storeId, advisorId } = c;

  const activity = trailingActivity(c.facts, today, rules);
  const decision = evaluateTier({ currentTier: c.facts.currentTier, memberSince: c.facts.memberSince, activity }, today, rules);
  const tier = decision.tier !== c.facts.currentTier ? { customerId: id, tier: decision.tier, since: today } : null;

  const tasks: DesiredTask[] = [];
  for (const tp of lifecycleTouchpoints(c.facts, today, rules)) {
    // Only open touchpoints come back. Automatic messages (new-owner guide, monthly tip) are sent by the app, not an advisor's task.
    if (tp.automatic) continue;
    if (c.doNotContact && CONTACT_KINDS.has(tp.kind)) continue; // PIPL: never contact a customer who opted out
    tasks.push({ customerId: id, storeId, advisorId, id: plannedId(id, tp.rule, tp.occurrence), rule: tp.rule, occurrence: tp.occurrence, kind: tp.kind, channel: null, dueDate: tp.dueDate, reason: JSON.stringify(tp.reason) });
  }
  for (const { surprise, due } of surprisesFor(c, ctx)) {
    const rule = `surprise_${surprise.kind}`;
    tasks.push({ customerId: id, storeId, advisorId, id: plannedId(id, rule, surprise.occurrence), rule, occurrence: surprise.occurrence, kind: 'surprise', channel: null, dueDate: due, reason: JSON.stringify(surprise.reason) });
  }

  const occasions = upcomingOccasions(
    {
      birthday: c.birthday,
      deliveryDates: c.vehicles.map((v) => ({ vehicleId: v.id, date: v.deliveryDate })),
      weddingDate: c.weddingDate,
      memberSince: c.facts.memberSince,
      children: c.children,
    },
    today,
    rules.calendar.occasionHorizonDays,
  );
  // A mailed card is contact too.
  const cards = c.doNotContact ? [] : cardReminders(occasions, rules.calendar.cardLeadDays).map(
    (r): DesiredCard => ({ customerId: id, storeId, advisorId, id: plannedId(id, 'card', r.key), occasion: r.occasion, subjectId: r.subjectId, occasionDate: r.occasionDate, lunarLabel: r.lunarLabel, dueDate: r.dueDate }),
  );
  return { tasks, cards, tier };
}

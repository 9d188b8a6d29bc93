import { upcomingOccasions } from '../../../shared/domain/calendar/occasions';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays, anniversaryIn, epochDayOf, fromEpochDay, isIsoDate, toEpochDay, yearOf } from '../../../shared/domain/rules/days';
import { deliveredBy } from '../../../shared/domain/rules/facts';
import { lifecycleTouchpoints } from '../../../shared/domain/rules/lifecycle';
import { nextMembershipAnniversary } from '../../../shared/domain/rules/tier';
import { trailingStart } from '../../../shared/domain/rules/trailing';
import type { IsoDate } from '../../../shared/domain/types';
import type { PlanningCustomer } from '../repos/planner-inputs';
import type { PlanContext } from './desired';
import type { DesiredCard, DesiredTask, TierChange } from './rows';

/**
 * How far past a window the planner looks for what comes next. Every customer is planned again
 * on the next January 1 at the latest, so nothing beyond a year matters.
 */
const LOOKAHEAD_DAYS = 400;

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
 * The first day after `today` on which planning this customer may give a different answer, with
 * their facts as they are: until then a daily run can skip them (planner_wake). Whatever changes
 * their facts marks them due at once (the triggers of migration 0004), so only the passing of
 * time counts here. desiredFor's answer depends on the day through these, each listed below:
 * - the tier: visits entering or leaving the trailing window, a membership anniversary (the only
 *   day a downgrade happens); a tier written today: tomorrow, from the new tier;
 * - touchpoints: each one's due day coming within `upcomingDays`, and the day after it expires;
 *   the touchpoints not due yet come from the same rule with a wider `upcomingDays` (one void or
 *   expired today stays so, as the days only add visits to "visited since"); the yearly window of
 *   anniversaries moves on January 1; the New and Growth stages end;
 * - surprises: a visit leaving the grace window, the membership-year window, and the top-referrer
 *   surprise (due today, every day: tomorrow);
 * - cards: an occasion coming within the horizon or passing; an unwritten card lapsing;
 * - rows dated after today (a delivery, a visit, a survey): the day the rules start to see them.
 * The store-wide Nth visitor is compared run by run (run.ts). planner/wake.test.ts checks, day
 * by day, that the answer does not change before the day returned.
 */
export function nextPlanningDay(
  c: PlanningCustomer,
  ctx: PlanContext,
  planned: { tasks: readonly DesiredTask[]; cards: readonly DesiredCard[]; tier: TierChange | null },
  openCardDates: readonly IsoDate[],
): IsoDate {
  const { today, rules } = ctx;
  const lc = rules.lifecycle;
  const t = toEpochDay(today);
  let wake = epochDayOf(yearOf(today) + 1, 1, 1);
  const at = (day: number) => {
    if (day > t && day < wake) wake = day;
  };
  /** `date` + `plus` days; a date the rules could not read either: tomorrow, to be safe. */
  const after = (date: IsoDate | null | undefined, plus = 0) => {
    if (date === null || date === undefined) return;
    if (isIsoDate(date)) at(toEpochDay(date) + plus);
    else at(t + 1);
  };
  const { facts } = c;

  if (planned.tier) at(t + 1);
  if (facts.referralsSucceeded >= rules.surprises.topReferrerCount) at(t + 1);

  for (const d of facts.deliveryDates) if (d > today) after(d);
  if (c.laterFactOn && c.laterFactOn > today) after(c.laterFactOn);

  const trailingFrom = trailingStart(today, rules);
  const recentFrom = addDays(today, -rules.surprises.graceDays);
  for (const v of facts.visits) {
    if (v.date > today) continue;
    if (v.date >= trailingFrom) after(v.date, rules.trailingDays);
    if (v.date >= recentFrom) after(v.date, rules.surprises.graceDays + 1);
  }
  const memberSince = facts.memberSince;
  if (memberSince !== null) {
    if (isIsoDate(memberSince)) {
      after(nextMembershipAnniversary(memberSince, today));
      const on = anniversaryIn(memberSince, yearOf(memberSince) + rules.surprises.membershipYears);
      after(on, -rules.surprises.leadDays);
      after(on, rules.surprises.graceDays + 1);
    } else at(t + 1);
  }

  for (const tp of lifecycleTouchpoints(facts, today, withLookahead(rules))) {
    after(tp.dueDate, -lc.upcomingDays);
    if (tp.validUntil !== null) after(tp.validUntil, 1);
  }
  const deliveries = deliveredBy(facts, today);
  const newOwnerDays = Math.max(lc.newStageEndDay, lc.d30FirstServiceDay + lc.firstServiceReminderValidDays, lc.d3CallDay, lc.d7GuideDay, lc.d15MeetupDay);
  for (const d of deliveries) after(d, newOwnerDays + 1);
  const latest = deliveries[deliveries.length - 1];
  if (latest !== undefined) after(latest, lc.growthStageEndDay + 101);

  if (!c.doNotContact) {
    const horizon = rules.calendar.occasionHorizonDays;
    const end = addDays(today, horizon);
    const occasions = upcomingOccasions(
      {
        birthday: c.birthday,
        deliveryDates: c.vehicles.map((v) => ({ vehicleId: v.id, date: v.deliveryDate })),
        weddingDate: c.weddingDate,
        memberSince,
        children: c.children,
      },
      today,
      horizon + LOOKAHEAD_DAYS,
    );
    for (const o of occasions) after(o.date, o.date <= end ? 1 : -horizon);
  }
  for (const d of openCardDates) after(d, 1);
  for (const k of planned.cards) after(k.occasionDate, 1);

  return fromEpochDay(wake);
}

import { addDays, anniversaryIn, epochDayOf, fromEpochDay, isIsoDate, toEpochDay, yearOf } from '../../../shared/domain/rules/days';
import { toEpochDayOrNull } from '../../../shared/domain/calendar/dates';
import { deliveredBy, membershipStart } from '../../../shared/domain/rules/facts';
import { nextMembershipAnniversary } from '../../../shared/domain/rules/tier';
import type { IsoDate } from '../../../shared/domain/types';
import type { PlanningCustomer } from '../repos/planner-inputs-types';
import type { CustomerPlan, PlanContext } from './desired';

/**
 * The first day after `today` on which planning this customer may give a different answer, with
 * their facts as they are: until then a daily run can skip them (planner_wake). Whatever changes
 * their facts marks them due at once (the triggers of migration 0004), so only the passing of
 * time counts here. desiredFor's answer depends on the day through these, each listed below:
 * - the tier: with the same visits the trailing activity only shrinks as days pass, so the earned
 *   tier never rises, and a held tier only drops on a membership anniversary; a tier written
 *   today: tomorrow, from the new tier;
 * - touchpoints: each one's due day coming within `upcomingDays`, and the day after it expires;
 *   the touchpoints not due yet are those planCustomer found within LOOKAHEAD_DAYS more (with the
 *   same facts, one void or expired today stays so); the yearly window of anniversaries moves on
 *   January 1; the New and Growth stages end;
 * - surprises: a visit leaving the grace window, the membership-year window, and the latest
 *   referral leaving the grace window (the top-referrer surprise is due on that fixed day);
 * - cards: an occasion coming within the horizon or passing; an unwritten card lapsing;
 * - rows dated after today (a delivery, a visit, a survey): the day the rules start to see them.
 * The store-wide Nth visitor is compared run by run (run.ts). planner/wake.test.ts checks, day
 * by day, that the answer does not change before the day returned.
 */
export function nextPlanningDay(
  c: PlanningCustomer,
  ctx: PlanContext,
  planned: Pick<CustomerPlan, 'cards' | 'tier' | 'touchpoints' | 'occasions'>,
  openCardDates: readonly IsoDate[],
): IsoDate {
  const { today, rules } = ctx;
  const lc = rules.lifecycle;
  const t = toEpochDay(today);
  const tomorrow = t + 1;
  // The earliest day found so far, from tomorrow on; module-level helpers, no closures (100k customers a run).
  const w: Earliest = { t, wake: epochDayOf(yearOf(today) + 1, 1, 1) };
  const { facts } = c;

  // One call whatever the answer (see `at`): tomorrow for a tier written today.
  at(w, planned.tier !== null ? tomorrow : w.wake);

  for (const d of facts.deliveryDates) if (d > today) after(w, d);
  if (c.laterFactOn && c.laterFactOn > today) after(w, c.laterFactOn);

  const recentFrom = addDays(today, -rules.surprises.graceDays);
  for (const v of facts.visits) if (v.date >= recentFrom && v.date <= today) after(w, v.date, rules.surprises.graceDays + 1);
  // Any customer with a referral, not only top referrers: one more wake day, no branch for the rare ones (see `at`).
  after(w, facts.referralsSucceededOn, rules.surprises.graceDays + 1);
  const memberSince = membershipStart(facts, today);
  if (memberSince !== null) {
    if (isIsoDate(memberSince)) {
      after(w, nextMembershipAnniversary(memberSince, today));
      const on = anniversaryIn(memberSince, yearOf(memberSince) + rules.surprises.membershipYears);
      after(w, on, -rules.surprises.leadDays);
      after(w, on, rules.surprises.graceDays + 1);
    } else at(w, tomorrow);
  }

  for (const tp of planned.touchpoints) {
    after(w, tp.dueDate, -lc.upcomingDays);
    if (tp.validUntil !== null) after(w, tp.validUntil, 1);
  }
  const deliveries = deliveredBy(facts, today);
  const newOwnerDays = Math.max(lc.newStageEndDay, lc.d30FirstServiceDay + lc.firstServiceReminderValidDays, lc.d3CallDay, lc.d7GuideDay, lc.d15MeetupDay);
  for (const d of deliveries) after(w, d, newOwnerDays + 1);
  const latest = deliveries[deliveries.length - 1];
  if (latest !== undefined) after(w, latest, lc.growthStageEndDay + 101);

  if (!c.doNotContact) {
    const horizon = rules.calendar.occasionHorizonDays;
    const end = addDays(today, horizon);
    for (const o of planned.occasions) after(w, o.date, o.date <= end ? 1 : -horizon);
  }
  for (const d of openCardDates) after(w, d, 1);
  for (const k of planned.cards) after(w, k.occasionDate, 1);

  return fromEpochDay(w.wake);
}

interface Earliest {
  /** Today, as an epoch day. */
  t: number;
  wake: number;
}

/**
 * Moves the wake day earlier to `day` (a later day, or w.wake itself, changes nothing). Rare
 * cases call it with w.wake instead of skipping the call: code V8 optimized without ever taking
 * a branch is thrown away and compiled again when a customer first takes it.
 */
function at(w: Earliest, day: number): void {
  if (day > w.t && day < w.wake) w.wake = day;
}

/** `date` + `plus` days; a date the rules could not read either: tomorrow, to be safe. */
function after(w: Earliest, date: IsoDate | null | undefined, plus = 0): void {
  if (date === null || date === undefined) return;
  const n = toEpochDayOrNull(date);
  at(w, n === null ? w.t + 1 : n + plus);
}

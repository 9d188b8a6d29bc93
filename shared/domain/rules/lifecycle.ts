import type { IsoDate } from '../types';
import type { RulesConfig } from './config';
import { daysInMonth, parseIsoDate, toIsoDate } from '../calendar/dates';
import { addDays, addMonths, anniversaryIn, epochDayOf, fromEpochDay, maxDate, quarterOf, toEpochDay, yearOf } from './days';
import { deliveredBy, lastVisitOn, type CustomerFacts, type DeliveredVehicle } from './facts';
import { sortSmall } from '../sort-small';

/**
 * Lifecycle touchpoints (DOMAIN.md table). Day 0 = a vehicle's delivery date.
 *
 * Decisions where DOMAIN.md is silent or ambiguous:
 * - New-owner steps (D3/D7/D15/D30) run for every delivered vehicle; occurrence = its delivery date
 *   as first recorded (DeliveredVehicle.firstDeliveryDate): a date the dealer system corrects later
 *   re-dates the open steps and leaves the done ones done, instead of starting them all again. Cars
 *   delivered on one day share their steps (newOwnerOccurrence): a car corrected onto another's day,
 *   or away from a day another car keeps, takes that day's steps or its own new day's.
 *   The other stages follow the latest delivered vehicle (L).
 * - Quiet spell: it starts at A = the later of the last visit (any, paid or free) and L; one spell
 *   gives at most one care call, one offer and one win-back, each with occurrence = A (when A is a
 *   delivery the dealer system corrected since, the date first recorded, as for the new-owner steps), so moving
 *   `today` forward never changes the occurrence of an open touchpoint, and a visit (or a new
 *   delivery) starts a new spell and voids the old ones.
 * - Care call at A + 90 in any stage (the radar turns yellow at 90 days whatever the stage).
 * - "At risk (366+, or 180 days without a visit)": read as BOTH, as the Chinese source has it
 *   (流失风险期(366天+): 识别流失预警信号(180天未到店)); 366+ days since L alone is not a
 *   risk for a customer who keeps visiting, and a quiet 180 days inside the Mature stage is answered
 *   by the "long time no see" offer. The win-back plan starts on entering: the later of A + 180 and
 *   L + 366. The offer is only made when A + 180 comes before that entry, and stays valid until it.
 *   A customer with no delivered vehicle on file counts as past the Mature stage.
 * - Purchase-anniversary gift and free deep inspection recur on every delivery anniversary of every
 *   vehicle (the table lists them in Mature, where the first one falls); occurrence = the anniversary
 *   of the date first recorded (as for the new-owner steps: one done before a correction stays done).
 * - Monthly tip: on the delivery day-of-month in each month whose date lies in Growth (days 31-180);
 *   occurrence 'YYYY-MM'. Quarterly invite: each calendar quarter overlapping Growth, due on the
 *   later of the quarter's first day and day 31; occurrence 'YYYY-Qn'.
 * - First service = the first visit after L; with two or more cars on file, the first visit of the car
 *   delivered on L (firstServiceAfter); the same for a car's D30 reminder. The survey is void once a
 *   survey on or after the first service exists.
 */
export type LifecycleRule =
  | 'd3_call' | 'd7_guide' | 'd15_meetup' | 'd30_first_service' | 'first_service_survey' | 'care_call_90'
  | 'offer_180' | 'quarterly_invite' | 'purchase_anniversary_gift' | 'yearly_inspection' | 'winback_plan' | 'monthly_tip';

export type TouchpointKind = 'call' | 'message' | 'invite' | 'survey' | 'offer' | 'gift' | 'visit';

export type TouchpointReason =
  | { code: 'new_owner'; deliveredOn: IsoDate; day: number }
  | { code: 'first_service'; servicedOn: IsoDate }
  | { code: 'growth_stage'; deliveredOn: IsoDate }
  | { code: 'no_visit'; since: IsoDate; quietDays: number }
  | { code: 'at_risk'; since: IsoDate; quietDays: number; deliveredOn: IsoDate | null }
  | { code: 'delivery_anniversary'; deliveredOn: IsoDate; years: number };

export interface Touchpoint {
  rule: LifecycleRule;
  /** Stable key: the planner hashes (customer, rule, occurrence) into the task id. */
  occurrence: string;
  dueDate: IsoDate;
  /** Last day it is still worth doing; null = until void. */
  validUntil: IsoDate | null;
  kind: TouchpointKind;
  /** Automatic messages are sent and logged by the app, not an advisor task. */
  automatic: boolean;
  reason: TouchpointReason;
}

type Lc = RulesConfig['lifecycle'];
const NEW_OWNER: readonly [LifecycleRule, keyof Lc, TouchpointKind, boolean][] = [
  ['d3_call', 'd3CallDay', 'call', false],
  ['d7_guide', 'd7GuideDay', 'message', true],
  ['d15_meetup', 'd15MeetupDay', 'invite', false],
  ['d30_first_service', 'd30FirstServiceDay', 'message', false],
];

/**
 * Today as days since 1970, and a date test: a touchpoint is only listed when due by the
 * horizon and not expired. The generators below skip building the touchpoints that fail it
 * (the final filter in lifecycleTouchpoints would drop them anyway): the planner runs this for
 * 100k customers, and most of their dated touchpoints are far off or long past.
 */
interface Window {
  today: IsoDate;
  todayN: number;
  horizonN: number;
}
const inWindow = (w: Window, dueN: number, validUntilN: number | null) => dueN <= w.horizonN && (validUntilN === null || w.todayN <= validUntilN);

function newOwner(deliveries: IsoDate[], facts: Pick<CustomerFacts, 'deliveryDates' | 'vehicles'>, lc: Lc): Touchpoint[] {
  const out: Touchpoint[] = [];
  for (const d of deliveries) {
    const occurrence = newOwnerOccurrence(d, facts);
    for (const [rule, field, kind, automatic] of NEW_OWNER) {
      const day = lc[field] as number;
      const dueDate = addDays(d, day);
      const lastDay = rule === 'd30_first_service' ? day + lc.firstServiceReminderValidDays : lc.newStageEndDay;
      out.push({ rule, occurrence, dueDate, validUntil: maxDate(dueDate, addDays(d, lastDay)), kind, automatic, reason: { code: 'new_owner', deliveredOn: d, day } });
    }
  }
  return out;
}

/**
 * The new-owner steps' occurrence for the cars delivered on `deliveredOn`: the day itself when a car
 * delivered then was never corrected (its steps carry that day), else the earliest date first
 * recorded among them, unless another car is delivered on that date (its steps carry it).
 */
function newOwnerOccurrence(deliveredOn: IsoDate, facts: Pick<CustomerFacts, 'deliveryDates' | 'vehicles'>): IsoDate {
  const cars = facts.vehicles;
  if (cars === undefined) return deliveredOn;
  let first: IsoDate | null = null;
  for (const car of cars) {
    if (car.deliveryDate !== deliveredOn) continue;
    const was = car.firstDeliveryDate;
    if (was == null) return deliveredOn;
    if (first === null || was < first) first = was;
  }
  if (first === null) return deliveredOn;
  for (const d of facts.deliveryDates) if (d === first) return deliveredOn;
  return first;
}

function growth(latest: IsoDate, facts: Pick<CustomerFacts, 'visits' | 'vehicles'>, w: Window, lc: Lc): Touchpoint[] {
  const { today } = w;
  const out: Touchpoint[] = [];
  // Tips and invites expire by the end of the month or quarter after the stage: skip the loops
  // once the stage is long past (most customers, most days; the planner runs for 100k of them).
  const stageLongPast = w.todayN - (toEpochDay(latest) + lc.growthStageEndDay) > 100;
  if (!stageLongPast) {
    const growthStart = addDays(latest, lc.newStageEndDay + 1);
    const growthEnd = addDays(latest, lc.growthStageEndDay);
    const reason: TouchpointReason = { code: 'growth_stage', deliveredOn: latest };
    for (let k = 1; addMonths(latest, k) <= growthEnd; k++) {
      const dueDate = addMonths(latest, k);
      if (dueDate < growthStart) continue;
      const validUntil = addDays(addMonths(latest, k + 1), -1);
      out.push({ rule: 'monthly_tip', occurrence: dueDate.slice(0, 7), dueDate, validUntil, kind: 'message', automatic: true, reason });
    }
    for (let q = quarterOf(growthStart); q.start <= growthEnd; q = quarterOf(addDays(q.end, 1))) {
      out.push({ rule: 'quarterly_invite', occurrence: q.key, dueDate: maxDate(q.start, growthStart), validUntil: q.end, kind: 'invite', automatic: false, reason });
    }
  }
  const firstService = firstServiceAfter(facts, latest, today);
  if (firstService !== null) {
    const dueN = toEpochDay(firstService) + lc.firstServiceSurveyDelayDays;
    const validUntilN = dueN + lc.surveyValidDays;
    if (inWindow(w, dueN, validUntilN)) {
      out.push({
        rule: 'first_service_survey', occurrence: firstService, dueDate: fromEpochDay(dueN), validUntil: fromEpochDay(validUntilN),
        kind: 'survey', automatic: false, reason: { code: 'first_service', servicedOn: firstService },
      });
    }
  }
  return out;
}

function quietSpell(latest: IsoDate | null, lastVisit: IsoDate | null, facts: Pick<CustomerFacts, 'deliveryDates' | 'vehicles'>, w: Window, lc: Lc): Touchpoint[] {
  const since = latest === null ? lastVisit : lastVisit === null ? latest : maxDate(latest, lastVisit);
  if (since === null) return [];
  // A spell that starts at a delivery the dealer system corrected since keeps the date first recorded
  // as its occurrence, as the new-owner steps do: a care call made before the correction stays made.
  const occurrence = since === latest ? newOwnerOccurrence(latest, facts) : since;
  const out: Touchpoint[] = [];
  const sinceN = toEpochDay(since);
  const offerDueN = sinceN + lc.offerQuietDays;
  const riskQuietN = sinceN + lc.atRiskQuietDays;
  const riskEntryN = latest === null ? riskQuietN : Math.max(riskQuietN, toEpochDay(latest) + lc.matureStageEndDay + 1);
  const careDueN = sinceN + lc.careCallQuietDays;
  if (inWindow(w, careDueN, offerDueN - 1)) {
    out.push({
      rule: 'care_call_90', occurrence, dueDate: fromEpochDay(careDueN), validUntil: fromEpochDay(offerDueN - 1),
      kind: 'call', automatic: false, reason: { code: 'no_visit', since, quietDays: lc.careCallQuietDays },
    });
  }
  if (offerDueN < riskEntryN && inWindow(w, offerDueN, riskEntryN - 1)) {
    out.push({
      rule: 'offer_180', occurrence, dueDate: fromEpochDay(offerDueN), validUntil: fromEpochDay(riskEntryN - 1),
      kind: 'offer', automatic: false, reason: { code: 'no_visit', since, quietDays: lc.offerQuietDays },
    });
  }
  if (inWindow(w, riskEntryN, null)) {
    out.push({
      rule: 'winback_plan', occurrence, dueDate: fromEpochDay(riskEntryN), validUntil: null,
      kind: 'visit', automatic: false, reason: { code: 'at_risk', since, quietDays: lc.atRiskQuietDays, deliveredOn: latest },
    });
  }
  return out;
}

function anniversaries(deliveries: IsoDate[], facts: Pick<CustomerFacts, 'deliveryDates' | 'vehicles'>, w: Window, lc: Lc): Touchpoint[] {
  const out: Touchpoint[] = [];
  const year = yearOf(w.today);
  for (const d of deliveries) {
    const { year: from, month, day } = parseIsoDate(d);
    // A delivery date corrected since keeps the anniversaries of the date first recorded as their
    // occurrence, as the new-owner steps do: a gift given before the correction is not asked again.
    const first = newOwnerOccurrence(d, facts);
    for (let y = Math.max(year - 1, from + 1); y <= year + 1; y++) {
      if (y > 9999) anniversaryIn(d, y); // out of range: throws
      const onDay = Math.min(day, daysInMonth(y, month));
      const onN = epochDayOf(y, month, onDay);
      const giftN = onN - lc.anniversaryGiftLeadDays;
      const gift = inWindow(w, giftN, onN + lc.anniversaryValidDays);
      const inspection = inWindow(w, onN, onN + lc.inspectionValidDays);
      if (!gift && !inspection) continue;
      const on = toIsoDate(y, month, onDay);
      const occurrence = first === d ? on : anniversaryIn(first, yearOf(first) + (y - from));
      const reason: TouchpointReason = { code: 'delivery_anniversary', deliveredOn: d, years: y - from };
      if (gift) {
        out.push({
          rule: 'purchase_anniversary_gift', occurrence, dueDate: fromEpochDay(giftN),
          validUntil: fromEpochDay(onN + lc.anniversaryValidDays), kind: 'gift', automatic: false, reason,
        });
      }
      if (inspection) out.push({ rule: 'yearly_inspection', occurrence, dueDate: on, validUntil: fromEpochDay(onN + lc.inspectionValidDays), kind: 'invite', automatic: false, reason });
    }
  }
  return out;
}

/**
 * Adds the touchpoints of `list` due by the horizon and open to `out`, in order, but for one of a
 * (rule, occurrence) already there (the first one is kept). A customer has a few: a scan of them,
 * no keys built, no closures (the planner asks for 100k customers).
 */
function keepOpen(out: Touchpoint[], list: readonly Touchpoint[], facts: CustomerFacts, today: IsoDate, horizon: IsoDate): void {
  for (const tp of list) {
    if (tp.dueDate > horizon || touchpointStatus(tp, facts, today) !== 'open' || listed(out, tp)) continue;
    out.push(tp);
  }
}

function listed(out: readonly Touchpoint[], tp: Touchpoint): boolean {
  for (const o of out) if (o.rule === tp.rule && o.occurrence === tp.occurrence) return true;
  return false;
}

/** True once today is past the touchpoint's last valid day. */
export function isTouchpointExpired(tp: Pick<Touchpoint, 'validUntil'>, today: IsoDate): boolean {
  return tp.validUntil !== null && today > tp.validUntil;
}

/**
 * True once the touchpoint's reason has disappeared (expiry aside; see touchpointStatus):
 * the first-service reminder once the car came in after delivery; the survey once a survey
 * was recorded on or after the first service; the quiet-spell touchpoints (care call, offer,
 * win-back) once the customer visited (any visit, as DOMAIN.md: "the customer visited") or
 * took delivery of another vehicle after the spell began; the inspection invite once the
 * customer visited on or after its due date.
 */
export function isTouchpointVoid(tp: Touchpoint, facts: Pick<CustomerFacts, 'visits' | 'surveys' | 'deliveryDates' | 'vehicles'>, today: IsoDate): boolean {
  const r = tp.reason;
  switch (tp.rule) {
    case 'd30_first_service':
      return r.code === 'new_owner' && firstServiceAfter(facts, r.deliveredOn, today) !== null;
    case 'first_service_survey':
      if (r.code !== 'first_service') return false;
      for (const s of facts.surveys) if (s.date >= r.servicedOn && s.date <= today) return true;
      return false;
    case 'care_call_90':
    case 'offer_180':
    case 'winback_plan': {
      if (r.code !== 'no_visit' && r.code !== 'at_risk') return false;
      if (visitAfter(facts.visits, r.since, false, today)) return true;
      for (const d of facts.deliveryDates) if (d > r.since && d <= today) return true;
      return false;
    }
    case 'yearly_inspection':
      return visitAfter(facts.visits, tp.dueDate, true, today);
    default:
      return false;
  }
}

/**
 * The first service after a delivery on `deliveredOn`, by today (null: none yet): the first visit
 * after that day. A customer with two or more cars on file (facts.vehicles) has it per car: the
 * first visit of a car delivered that day, so another car's service neither ends this car's D30
 * reminder nor counts as its first service (a visit naming no car is not known to be theirs).
 */
export function firstServiceAfter(facts: Pick<CustomerFacts, 'visits' | 'vehicles'>, deliveredOn: IsoDate, today: IsoDate): IsoDate | null {
  let first: IsoDate | null = null;
  const cars = facts.vehicles;
  if (cars !== undefined && cars.length > 1) {
    for (const car of cars) {
      const on = car.firstVisitOn;
      if (car.deliveryDate === deliveredOn && on !== null && on <= today && (first === null || on < first)) first = on;
    }
    return first;
  }
  for (const v of facts.visits) if (v.date > deliveredOn && v.date <= today && (first === null || v.date < first)) first = v.date;
  return first;
}

/** A visit by today after `from` (or on it, `inclusive`). Plain loops, no closures: the planner asks this for 100k customers. */
function visitAfter(visits: CustomerFacts['visits'], from: IsoDate, inclusive: boolean, today: IsoDate): boolean {
  for (const v of visits) if (v.date <= today && (inclusive ? v.date >= from : v.date > from)) return true;
  return false;
}

export type TouchpointStatus = 'open' | 'void' | 'expired';

/** What the planner does with an existing task: keep it, or close it (void / expired). */
export function touchpointStatus(tp: Touchpoint, facts: Pick<CustomerFacts, 'visits' | 'surveys' | 'deliveryDates' | 'vehicles'>, today: IsoDate): TouchpointStatus {
  if (isTouchpointVoid(tp, facts, today)) return 'void';
  return isTouchpointExpired(tp, today) ? 'expired' : 'open';
}

/**
 * The occurrence a touchpoint had before it took the delivery date first recorded (planner 8: a
 * purchase anniversary's gift and invite, the anniversary of the date as it is now; planner 9: a
 * quiet spell that starts at a delivery, that date): one an advisor closed under it is not asked
 * again under the new one (planner/apply.ts). Null for other rules, and when the two are the same
 * (the date never corrected: the reason names the occurrence, checked without parsing it).
 */
export function formerOccurrence(rule: string, occurrence: string, reason: string): IsoDate | null {
  if (rule === 'care_call_90' || rule === 'offer_180' || rule === 'winback_plan') {
    if (reason.includes(`"since":"${occurrence}"`)) return null;
    const r = JSON.parse(reason) as Partial<{ since: IsoDate }>;
    return typeof r.since === 'string' && r.since !== occurrence ? r.since : null;
  }
  if (rule !== 'purchase_anniversary_gift' && rule !== 'yearly_inspection') return null;
  const r = JSON.parse(reason) as Partial<{ code: string; deliveredOn: IsoDate; years: number }>;
  if (r.code !== 'delivery_anniversary' || typeof r.deliveredOn !== 'string' || typeof r.years !== 'number') return null;
  const former = anniversaryIn(r.deliveredOn, yearOf(r.deliveredOn) + r.years);
  return former === occurrence ? null : former;
}

/**
 * Touchpoints due, upcoming (due within lifecycle.upcomingDays) or overdue but still valid,
 * sorted by due date then rule; one per (rule, occurrence).
 */
export function lifecycleTouchpoints(facts: CustomerFacts, today: IsoDate, rules: RulesConfig): Touchpoint[] {
  const lc = rules.lifecycle;
  const deliveries = deliveredBy(facts, today);
  const latest = deliveries[deliveries.length - 1] ?? null;
  const horizon = addDays(today, lc.upcomingDays);
  const todayN = toEpochDay(today);
  const w: Window = { today, todayN, horizonN: todayN + lc.upcomingDays };
  // New-owner steps end by this day (a cheap pre-filter; expiry decides exactly).
  const newOwnerDays = Math.max(lc.newStageEndDay, lc.d30FirstServiceDay + lc.firstServiceReminderValidDays, lc.d3CallDay, lc.d7GuideDay, lc.d15MeetupDay);
  const recent: IsoDate[] = [];
  for (const d of deliveries) if (todayN - toEpochDay(d) <= newOwnerDays) recent.push(d);
  const out: Touchpoint[] = [];
  keepOpen(out, newOwner(recent, facts, lc), facts, today, horizon);
  if (latest !== null) keepOpen(out, growth(latest, facts, w, lc), facts, today, horizon);
  keepOpen(out, quietSpell(latest, lastVisitOn(facts.visits, today), facts, w, lc), facts, today, horizon);
  keepOpen(out, anniversaries(deliveries, facts, w, lc), facts, today, horizon);
  return sortSmall(out, (a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** The rules whose touchpoints are automatic messages, not an advisor's task. */
export const AUTOMATIC_RULES = ['d7_guide', 'monthly_tip'] as const satisfies readonly LifecycleRule[];
export type AutomaticRule = (typeof AUTOMATIC_RULES)[number];

/**
 * The automatic messages (DOMAIN.md: the new-owner guide on D7, the monthly car-care tip) a
 * customer's cars make due today: due on or before today and still valid. They depend on the cars'
 * deliveries alone, which is all HQ reads to plan them (hq/messages).
 */
export function automaticMessagesDue(vehicles: readonly Omit<DeliveredVehicle, 'firstVisitOn'>[], today: IsoDate, rules: RulesConfig): Touchpoint[] {
  const facts: CustomerFacts = {
    customerId: '', deliveryDates: vehicles.map((v) => v.deliveryDate), vehicles: vehicles.map((v) => ({ ...v, firstVisitOn: null })),
    visits: [], surveys: [], complaints: [], memberSince: null, currentTier: 'normal', tierSince: null, referralsSucceeded: 0, referralsSucceededOn: null,
  };
  return lifecycleTouchpoints(facts, today, rules).filter((tp) => tp.automatic && tp.dueDate <= today && (tp.validUntil === null || tp.validUntil >= today));
}

import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays, fromEpochDay, toEpochDay } from '../../../shared/domain/rules/days';
import type { FactVisit } from '../../../shared/domain/rules/facts';
import type { IsoDate, Tier } from '../../../shared/domain/types';
import { hasIndexes } from './indexes';
import { birthdayOf, dateOnly, interner, NO_ACTIVITY, NONE, type PlanningCustomer, type Raw, type VisitRow } from './planner-inputs-types';

/**
 * What the planner's readers (planner-inputs-whole-store.ts, planner-inputs-scoped.ts) keep of
 * the rows they read, the same for both: they differ in how they find the rows, not in what they
 * make of them. See loadPlanningInputs (planner-inputs.ts) for what the rules can see.
 */

/**
 * The first day from which the planner reads a customer's visits in full for `today`: far
 * enough back for the trailing-12-month tier activity, the surprise grace window and a first
 * service whose survey is still valid. See loadPlanningInputs.
 */
export function planningWindowStart(today: IsoDate, rules: RulesConfig): IsoDate {
  const lc = rules.lifecycle;
  return addDays(today, -Math.max(rules.trailingDays - 1, rules.surprises.graceDays, lc.firstServiceSurveyDelayDays + lc.surveyValidDays + 1));
}

/** The columns every reader selects, in the order the fold reads them. */
export const CUSTOMER_COLUMNS = `id, store_id, advisor_id, member_since, tier, tier_since, do_not_contact,
              birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date`;
export const CUSTOMER_COLUMN_COUNT = 13;
/**
 * A vehicle's first visit after its delivery by its owner (vehicles aliased `v`; a car sold on
 * keeps the earlier owner's visits, which are neither the new owner's service nor wake the new
 * owner when written), '' without any: the owner's visits after the delivery in date order
 * through visits_customer_date, up to the first of this car (an index of its own, on
 * (vehicle, customer, date), was 140 MB and 5 s to build on the 100k store for ~0.2 s less a read).
 */
export const FIRST_VISIT = `coalesce((SELECT x.visit_date FROM visits x
                WHERE x.customer_id = v.customer_id AND x.visit_date > v.delivery_date AND x.vehicle_id = v.id AND x.deleted_at IS NULL
                ORDER BY x.visit_date LIMIT 1), '')`;
/** The delivery date first recorded when it was corrected since, else '' (vehicles aliased `v`; migration 0023). */
const FIRST_DELIVERY = `coalesce(nullif(v.first_delivery_date, v.delivery_date), '')`;
/**
 * A customer's live vehicles as one value after CUSTOMER_COLUMNS (customers aliased `c`): id,
 * delivery date, first-recorded delivery date and first visit of each, in rowid order (as a scan
 * of the vehicles finds them), unpacked by addPackedVehicles; null without any.
 */
export const PACKED_VEHICLES = `(SELECT group_concat(v.id || char(31) || v.delivery_date || char(31) || ${FIRST_DELIVERY} || char(31) || ${FIRST_VISIT}, char(30) ORDER BY v.rowid)
                FROM vehicles v INDEXED BY vehicles_customer WHERE v.customer_id = c.id AND v.deleted_at IS NULL)`;
/** A vehicle row as addVehicle reads it (vehicles aliased `v`). */
export const VEHICLE_COLUMNS = `v.customer_id, v.id, v.delivery_date, ${FIRST_DELIVERY}, ${FIRST_VISIT}`;
const UNIT = String.fromCharCode(31);
const RECORD = String.fromCharCode(30);
export const VISIT_COLUMNS = 'customer_id, id, vehicle_id, visit_date, amount_fen, mileage_km, rowid';
/**
 * A referrer's successful referrals (referrals aliased `r`) as the readers fold them: how many, and
 * the latest day one succeeded, the referred customer's first delivery when it came after the day
 * of the referral (the friend bought weeks later; HQ records the success with the purchase), else
 * the referral's day. From the referral's day alone, a fifth referral imported with its purchase
 * more than graceDays later was never thanked (surprises.ts topReferrer).
 */
export const REFERRALS_SUCCEEDED = `r.referrer_customer_id, count(*), max(max(r.referred_on, coalesce((SELECT min(v.delivery_date) FROM vehicles v
                WHERE v.customer_id = r.referred_customer_id AND v.deleted_at IS NULL), '')))
              FROM referrals r WHERE r.status = 'success' AND r.deleted_at IS NULL`;
export const CHILD_COLUMNS = 'customer_id, id, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap';

/** Which of PlanningFold's boundaries (from, trailingFrom, recentFrom, surveyCutoff, today) a kind of row is compared with. */
const FROM = 1, TRAILING = 2, RECENT = 4, SURVEY_CUTOFF = 8, TODAY = 16;
const VISIT = FROM | TRAILING | RECENT | TODAY;
const SURVEY = FROM | TODAY;
const DELIVERY = FROM | TODAY;
const FIRST_SERVICE = SURVEY_CUTOFF;

/**
 * Facts read are kept for at most this many days, whatever their rows say (factsUntil): a bound
 * on how long a fault in that reckoning could last, at the price of ~1/60 of the store read again a day.
 */
const FACTS_KEPT_DAYS_AT_MOST = 60;

/** Ids per statement when looking up what lies before the window: each slice is a few tens of ms. */
const IDS_PER_SLICE = 5_000;

/** What the planner keeps of a customer's visits before the recent ones. */
interface Earlier {
  /** The latest delivery on or before today, once looked up. */
  latest: string | null | undefined;
  last: string | null;
  firstAfterLatest: string | null;
  /** Vehicles with a recent reading: their latest earlier reading found so far. */
  readings: Map<string, { date: string; id: string; km: number } | null> | null;
}

/** The customers being read, and what is kept of their rows so far. */
export class PlanningFold {
  readonly out = new Map<string, PlanningCustomer>();
  readonly from: IsoDate;
  readonly recentFrom: IsoDate;
  readonly trailingFrom: IsoDate;
  readonly surveyCutoff: IsoDate;
  private readonly intern = interner();
  /** Rowids of the recent visits, when they do not come in (date, rowid) order. */
  private readonly rowids: Map<FactVisit, number> | null;
  private readonly earlier = new Map<PlanningCustomer, Earlier>();
  /** The day boundaries the readers compare rows with, in the order of the masks below (see factsUntil). */
  private readonly bounds: IsoDate[];
  private readonly nearest = new Map<PlanningCustomer, (IsoDate | undefined)[]>();

  constructor(
    readonly today: IsoDate,
    rules: RulesConfig,
    recentInOrder: boolean,
  ) {
    this.from = planningWindowStart(today, rules);
    this.recentFrom = addDays(today, -rules.surprises.graceDays);
    this.trailingFrom = addDays(today, -rules.trailingDays + 1);
    this.surveyCutoff = addDays(today, -(rules.lifecycle.firstServiceSurveyDelayDays + rules.lifecycle.surveyValidDays + 1));
    this.rowids = recentInOrder ? null : new Map();
    this.bounds = [this.from, this.trailingFrom, this.recentFrom, this.surveyCutoff, today];
  }

  /**
   * A row dated `date` that the read compares with the boundaries in `mask` (VISIT, SURVEY,
   * DELIVERY, ...). Rows before the window never cross one again (the boundaries only move on).
   */
  private seen(c: PlanningCustomer, date: string, mask: number): void {
    const b = this.bounds;
    if (date < this.from) return;
    let n = this.nearest.get(c);
    if (n === undefined) this.nearest.set(c, (n = [undefined, undefined, undefined, undefined, undefined]));
    for (let i = 0; i < b.length; i++) if ((mask & (1 << i)) !== 0 && date >= b[i]! && (n[i] === undefined || date < n[i]!)) n[i] = date;
  }

  /**
   * The last day these facts stay true with the rows as they are (any change to the rows marks
   * the customer for a new read: migration 0004's triggers). What the readers keep depends on the
   * day only through comparisons of row dates with boundaries that move one day per day: visits
   * with from, trailingFrom, recentFrom and today; surveys and deliveries with from and today; the
   * first service with surveyCutoff. A row on or after boundary b today can first compare
   * differently on the day b reaches it, today + (date - b), and not before tomorrow. Only the
   * earliest such row per boundary matters. At most `maxDays` ahead.
   */
  factsUntil(c: PlanningCustomer, maxDays: number): IsoDate {
    const t = toEpochDay(this.today);
    let first = t + maxDays + 1;
    const n = this.nearest.get(c);
    if (n !== undefined) {
      for (let i = 0; i < n.length; i++) {
        if (n[i] === undefined) continue;
        const day = Math.max(t + 1, t + toEpochDay(n[i]!) - toEpochDay(this.bounds[i]!));
        if (day < first) first = day;
      }
    }
    return fromEpochDay(first - 1);
  }

  /** A row of CUSTOMER_COLUMNS. */
  addCustomer(r: Raw): void {
    const id = r[0] as string;
    this.out.set(id, {
      facts: {
        customerId: id, deliveryDates: NONE, vehicles: NONE, visits: NONE, surveys: NONE, complaints: NONE,
        memberSince: r[3] as string | null, currentTier: this.intern(r[4] as Tier), tierSince: r[5] as string | null, referralsSucceeded: 0, referralsSucceededOn: null,
      },
      storeId: this.intern(r[1] as string),
      advisorId: this.intern(r[2] as string | null),
      doNotContact: r[6] === 1,
      birthday: birthdayOf(r[7], r[8], r[9], r[10], r[11]),
      weddingDate: r[12] as string | null,
      vehicles: NONE,
      children: NONE,
      laterFactOn: null,
      activity: NO_ACTIVITY,
      // Set by finish; here so that customers read and customers decoded (planner-facts-codec.ts) are objects of one shape.
      factsUntil: undefined,
    });
  }

  /** A row of VEHICLE_COLUMNS. */
  addVehicle(r: Raw): void {
    const c = this.out.get(r[0] as string);
    if (!c) return;
    this.vehicle(c, r[1] as string, r[2] as string, r[3] as string, r[4] as string);
  }

  /** A vehicle, its delivery, the delivery date first recorded if corrected since and its first visit after it ('' without either). */
  private vehicle(c: PlanningCustomer, id: string, deliveryDate: string, firstDelivery: string, firstVisit: string): void {
    const firstVisitOn = firstVisit === '' ? null : firstVisit;
    if (c.vehicles === NONE) {
      c.vehicles = [];
      c.facts.vehicles = c.vehicles;
      c.facts.deliveryDates = [];
    }
    c.vehicles.push({ id, deliveryDate, firstVisitOn, firstDeliveryDate: firstDelivery === '' ? null : firstDelivery });
    c.facts.deliveryDates.push(deliveryDate);
    this.seen(c, deliveryDate, DELIVERY);
    if (firstVisitOn !== null) this.seen(c, firstVisitOn, FIRST_SERVICE | TODAY);
  }

  /** A customer's vehicles as PACKED_VEHICLES gives them. */
  addPackedVehicles(customerId: string, packed: string | null): void {
    const c = this.out.get(customerId);
    if (!c || packed === null) return;
    for (let at = 0; at < packed.length; ) {
      const unit = packed.indexOf(UNIT, at);
      const second = packed.indexOf(UNIT, unit + 1);
      const third = packed.indexOf(UNIT, second + 1);
      const end = packed.indexOf(RECORD, third);
      const until = end === -1 ? packed.length : end;
      this.vehicle(c, packed.slice(at, unit), packed.slice(unit + 1, second), packed.slice(second + 1, third), packed.slice(third + 1, until));
      at = until + 1;
    }
  }

  /** A visit from recentFrom to today, kept as read. */
  addRecentVisit(r: VisitRow): void {
    const c = this.out.get(r[0]);
    if (!c) return;
    const visit: FactVisit = { id: r[1], vehicleId: r[2], date: r[3], amountFen: r[4], mileageKm: r[5] };
    if (c.facts.visits === NONE) c.facts.visits = [];
    c.facts.visits.push(visit);
    this.rowids?.set(visit, r[6]);
    this.seen(c, r[3], VISIT);
    if (r[3] >= this.trailingFrom) count(c, r[4]);
  }

  /** Once the recent visits are read: their order, and the vehicles whose earlier reading is wanted. */
  startEarlier(): void {
    const rowids = this.rowids;
    for (const c of this.out.values()) {
      if (c.facts.visits === NONE) continue;
      if (rowids) c.facts.visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rowids.get(a)! - rowids.get(b)!));
      let readings: Earlier['readings'] = null;
      for (const v of c.facts.visits) if (v.vehicleId !== null && v.mileageKm !== null) (readings ??= new Map()).set(v.vehicleId, null);
      this.earlier.set(c, { latest: undefined, last: null, firstAfterLatest: null, readings });
    }
  }

  /** A visit from the window start to before recentFrom: only what stands for it is kept. */
  addEarlierVisit(r: VisitRow): void {
    const c = this.out.get(r[0]);
    if (!c) return;
    const date = r[3];
    this.seen(c, date, VISIT);
    if (date >= this.trailingFrom) count(c, r[4]);
    let e = this.earlier.get(c);
    if (e === undefined) this.earlier.set(c, (e = { latest: undefined, last: null, firstAfterLatest: null, readings: null }));
    if (e.last === null || date > e.last) e.last = date;
    if (e.latest === undefined) e.latest = latestDelivery(c.facts.deliveryDates, this.today);
    if (e.latest !== null && date > e.latest && (e.firstAfterLatest === null || date < e.firstAfterLatest)) e.firstAfterLatest = date;
    const vehicleId = r[2];
    if (e.readings !== null && vehicleId !== null && r[5] !== null && e.readings.has(vehicleId)) {
      const best = e.readings.get(vehicleId);
      if (!best || date > best.date || (date === best.date && r[1] > best.id)) e.readings.set(vehicleId, { date, id: r[1], km: r[5] });
    }
  }

  /**
   * What stands for some of a customer's earlier visits, summed by SQL (the whole-store reader's
   * purchases): `visits` of them on or after trailingFrom, with `spendFen`; dates from `first` to
   * `last`. True when the first visit after the latest delivery is among them but not known from
   * these alone: then firstVisitAfter must be told. Readings are looked up apart (lookUpBeforeWindow).
   * `nearest`: their earliest date on or after each day boundary (null: none), see boundaryDays.
   */
  addEarlierSummary(customerId: string, visits: number, spendFen: number, first: string, last: string, nearest: readonly (string | null)[]): boolean {
    const c = this.out.get(customerId);
    if (!c) return false;
    this.seen(c, first, VISIT);
    for (const date of nearest) if (date !== null) this.seen(c, date, VISIT);
    if (visits > 0) {
      if (c.activity === NO_ACTIVITY) c.activity = { spendFen: 0, visits: 0 };
      c.activity!.spendFen += spendFen;
      c.activity!.visits += visits;
    }
    const e = this.earlierOf(c);
    if (e.last === null || last > e.last) e.last = last;
    if (e.latest === null || last <= e.latest!) return false;
    if (first > e.latest!) {
      if (e.firstAfterLatest === null || first < e.firstAfterLatest) e.firstAfterLatest = first;
      return false;
    }
    return true;
  }

  /** The latest delivery of a customer addEarlierSummary asked about, and the first visit after it (before recentFrom), if any. */
  latestDeliveryOf(customerId: string): string | null {
    const c = this.out.get(customerId);
    return c ? (this.earlierOf(c).latest ?? null) : null;
  }

  firstVisitAfter(customerId: string, date: string | null): void {
    const c = this.out.get(customerId);
    if (!c || date === null) return;
    const e = this.earlierOf(c);
    if (e.firstAfterLatest === null || date < e.firstAfterLatest) e.firstAfterLatest = date;
  }

  /** An earlier visit known by its date and amount alone (the whole-store reader's free visits): readings are added apart. */
  addEarlierDate(customerId: string, date: string, amountFen: number): void {
    const c = this.out.get(customerId);
    if (!c) return;
    this.seen(c, date, VISIT);
    if (date >= this.trailingFrom) count(c, amountFen);
    const e = this.earlierOf(c);
    if (e.last === null || date > e.last) e.last = date;
    if (e.latest !== null && date > e.latest! && (e.firstAfterLatest === null || date < e.firstAfterLatest)) e.firstAfterLatest = date;
  }

  private earlierOf(c: PlanningCustomer): Earlier {
    let e = this.earlier.get(c);
    if (e === undefined) this.earlier.set(c, (e = { latest: undefined, last: null, firstAfterLatest: null, readings: null }));
    if (e.latest === undefined) e.latest = latestDelivery(c.facts.deliveryDates, this.today);
    return e;
  }

  /** Adds what stands for the earlier visits; returns what is still to look up before the window. */
  standIns(): { needLatest: string[]; needReading: [string, string][] } {
    const needLatest: string[] = [];
    const needReading: [string, string][] = [];
    for (const c of this.out.values()) {
      const e = this.earlier.get(c);
      if (e === undefined) {
        needLatest.push(c.facts.customerId);
        continue;
      }
      if (c.facts.visits === NONE) c.facts.visits = [];
      const visits = c.facts.visits;
      let firstService: string | null = e.firstAfterLatest;
      if (e.latest === undefined) e.latest = latestDelivery(c.facts.deliveryDates, this.today);
      if (e.latest !== null) for (const v of visits) if (v.date > e.latest && (firstService === null || v.date < firstService)) firstService = v.date;
      if (e.last !== null) visits.push(dateOnly(e.last));
      if (e.firstAfterLatest !== null && e.firstAfterLatest !== e.last) visits.push(dateOnly(e.firstAfterLatest));
      if (e.readings !== null) {
        for (const [vehicleId, best] of e.readings) {
          if (best) visits.push({ id: best.id, vehicleId, date: best.date, amountFen: 0, mileageKm: best.km });
          else needReading.push([c.facts.customerId, vehicleId]);
        }
      }
      if (firstService !== null) this.seen(c, firstService, FIRST_SERVICE);
      if (e.latest !== null && e.latest < this.from && firstService !== null && firstService >= this.surveyCutoff) needLatest.push(c.facts.customerId);
    }
    this.earlier.clear();
    return { needLatest, needReading };
  }

  /** customer_id, surveyed_on, score. */
  addSurvey(r: Raw): void {
    const c = this.out.get(r[0] as string);
    if (!c) return;
    if (c.facts.surveys === NONE) c.facts.surveys = [];
    c.facts.surveys.push({ date: r[1] as string, score0to10: r[2] as number });
    this.seen(c, r[1] as string, SURVEY);
  }

  /** referrer_customer_id, count, latest referral date. */
  setReferrals(r: Raw): void {
    const c = this.out.get(r[0] as string);
    if (!c) return;
    c.facts.referralsSucceeded = r[1] as number;
    c.facts.referralsSucceededOn = this.intern(r[2] as string);
  }

  /** A row of CHILD_COLUMNS. */
  addChild(r: Raw): void {
    const c = this.out.get(r[0] as string);
    if (!c) return;
    if (c.children === NONE) c.children = [];
    c.children.push({ id: r[1] as string, name: r[2] as string, birthday: birthdayOf(r[3], r[4], r[5], r[6], r[7]) });
  }

  /** customer_id, the earliest date of a visit or survey after today. */
  later(r: Raw): void {
    const c = this.out.get(r[0] as string);
    if (!c) return;
    if (c.laterFactOn == null || (r[1] as string) < c.laterFactOn) c.laterFactOn = r[1] as string;
    this.seen(c, r[1] as string, VISIT | SURVEY);
  }

  /** Every customer read, each with how long its facts stay true (factsUntil). */
  finish(): Map<string, PlanningCustomer> {
    for (const c of this.out.values()) c.factsUntil = this.factsUntil(c, FACTS_KEPT_DAYS_AT_MOST);
    this.nearest.clear();
    return this.out;
  }

  /** The boundaries visits are compared with inside the window before recentFrom (summed by SQL): addEarlierSummary's `nearest`, in this order. */
  boundaryDays(): IsoDate[] {
    return this.bounds.filter((b, i) => (VISIT & (1 << i)) !== 0 && b > this.from && b < this.recentFrom);
  }
}

/**
 * Looks up what lies before the window: the latest visit of the customers that need it, and the
 * latest reading before recentFrom of vehicles with a recent reading and none found (the
 * whole-store reader finds none: one seek per vehicle through visits_customer_date reads far
 * fewer rows than the window's readings did). Yields between slices of ids.
 */
export function* lookUpBeforeWindow(sqlite: BetterSqlite3.Database, fold: PlanningFold, need: ReturnType<PlanningFold['standIns']>): Generator<void, void, void> {
  const { needLatest, needReading } = need;
  const { out, from } = fold;
  // The latest visit before the window: from visits_customer_date alone (no row read) for a
  // customer without deleted visits, which only the partial index visits_deleted knows cheaply.
  const withDeleted = hasIndexes(sqlite, 'visits_deleted')
    ? new Set(sqlite.prepare('SELECT DISTINCT customer_id FROM visits INDEXED BY visits_deleted WHERE deleted_at IS NOT NULL').pluck().all() as string[])
    : null;
  const latestBefore = {
    live: sqlite.prepare(
      `SELECT j.value, (SELECT v.visit_date FROM visits v WHERE v.customer_id = j.value AND v.visit_date < ? AND v.deleted_at IS NULL ORDER BY v.visit_date DESC LIMIT 1)
       FROM json_each(?) j`,
    ).raw(true),
    any: sqlite.prepare(`SELECT j.value, (SELECT max(v.visit_date) FROM visits v INDEXED BY visits_customer_date WHERE v.customer_id = j.value AND v.visit_date < ?) FROM json_each(?) j`).raw(true),
  };
  for (let i = 0; i < needLatest.length; i += IDS_PER_SLICE) {
    const slice = needLatest.slice(i, i + IDS_PER_SLICE);
    const plain = withDeleted === null ? [] : slice.filter((id) => !withDeleted.has(id));
    const careful = withDeleted === null ? slice : slice.filter((id) => withDeleted.has(id));
    for (const [statement, list] of [[latestBefore.any, plain], [latestBefore.live, careful]] as const) {
      if (list.length === 0) continue;
      for (const r of statement.iterate(from, JSON.stringify(list)) as Iterable<Raw>) {
        if (typeof r[1] !== 'string') continue;
        const c = out.get(r[0] as string);
        if (!c) continue;
        if (c.facts.visits === NONE) c.facts.visits = [];
        c.facts.visits.push(dateOnly(r[1]));
      }
    }
    yield;
  }
  const readingBefore = sqlite.prepare(
    `SELECT j.value ->> 0, (SELECT json_array(v.id, v.visit_date, v.mileage_km) FROM visits v
       WHERE v.customer_id = j.value ->> 0 AND v.vehicle_id = j.value ->> 1 AND v.visit_date < ? AND v.mileage_km IS NOT NULL AND v.deleted_at IS NULL
       ORDER BY v.visit_date DESC, v.id DESC LIMIT 1)
     FROM json_each(?) j`,
  ).raw(true);
  for (let i = 0; i < needReading.length; i += IDS_PER_SLICE) {
    const pairs = needReading.slice(i, i + IDS_PER_SLICE);
    let k = 0;
    for (const r of readingBefore.iterate(fold.recentFrom, JSON.stringify(pairs)) as Iterable<Raw>) {
      const vehicleId = pairs[k++]![1];
      if (typeof r[1] !== 'string') continue;
      const [id, date, mileageKm] = JSON.parse(r[1]) as [string, string, number];
      out.get(r[0] as string)?.facts.visits.push({ id, vehicleId, date, amountFen: 0, mileageKm });
    }
    yield;
  }
}

/** Adds a trailing-window visit to the customer's activity. */
function count(c: PlanningCustomer, amountFen: number): void {
  if (c.activity === NO_ACTIVITY) c.activity = { spendFen: 0, visits: 0 };
  c.activity!.spendFen += amountFen;
  c.activity!.visits += 1;
}

function latestDelivery(deliveries: readonly string[], today: IsoDate): string | null {
  let latest: string | null = null;
  for (const d of deliveries) if (d <= today && (latest === null || d > latest)) latest = d;
  return latest;
}

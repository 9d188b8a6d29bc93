import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import type { CustomerFacts, FactVisit } from '../../../shared/domain/rules/facts';
import type { Birthday, IsoDate, Tier } from '../../../shared/domain/types';

/** What the planner's rules read about one customer (see loadPlanningInputs). */
export interface PlanningCustomer {
  facts: CustomerFacts;
  storeId: string;
  advisorId: string | null;
  doNotContact: boolean;
  birthday: Birthday | null;
  weddingDate: string | null;
  vehicles: { id: string; deliveryDate: string }[];
  children: { id: string; name: string; birthday: Birthday | null }[];
  /** The earliest visit or survey dated after today (a booking, a clock ahead), if any: the rules ignore it until then. */
  laterFactOn?: string | null;
  /** Trailing-window spend and visits, when the loader summed them (facts.visits then holds only some of the window's visits). */
  activity?: { spendFen: number; visits: number };
}

/**
 * Everything about a customer, read in a few table scans with raw statements
 * (Kysely row mapping would double the time). `ids` limits it to some customers.
 * The CLI's audit export (risk, tier path) reads this; the planner reads the
 * lighter loadPlanningInputs.
 */
export interface PlannerCustomer extends PlanningCustomer {
  marketingConsent: boolean;
  /** Channels the customer opted out of. */
  blockedChannels: string[];
}

type Raw = unknown[];

function birthdayOf(calendar: unknown, birthDate: unknown, month: unknown, day: unknown, leap: unknown): Birthday | null {
  if (calendar === 'lunar' && typeof month === 'number' && typeof day === 'number') {
    return { calendar: 'lunar', year: typeof birthDate === 'string' ? Number(birthDate.slice(0, 4)) : null, month, day, leap: leap === 1 };
  }
  return typeof birthDate === 'string' ? { calendar: 'solar', date: birthDate } : null;
}

export function loadPlannerInputs(sqlite: BetterSqlite3.Database, ids?: readonly string[]): Map<string, PlannerCustomer> {
  const scoped = ids !== undefined;
  const param = scoped ? [JSON.stringify(ids)] : [];
  const only = (column: string) => (scoped ? ` AND ${column} IN (SELECT value FROM json_each(?))` : '');
  const rows = (sql: string): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...param) as Iterable<Raw>;

  const out = new Map<string, PlannerCustomer>();
  for (const r of rows(
    `SELECT id, store_id, advisor_id, member_since, tier, tier_since, do_not_contact, marketing_consent,
            birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date
     FROM customers WHERE deleted_at IS NULL${only('id')}`,
  )) {
    const id = r[0] as string;
    out.set(id, {
      facts: {
        customerId: id,
        deliveryDates: [],
        visits: [],
        surveys: [],
        complaints: [],
        memberSince: r[3] as string | null,
        currentTier: r[4] as Tier,
        tierSince: r[5] as string | null,
        referralsSucceeded: 0,
      },
      storeId: r[1] as string,
      advisorId: r[2] as string | null,
      doNotContact: r[6] === 1,
      marketingConsent: r[7] === 1,
      blockedChannels: [],
      birthday: birthdayOf(r[8], r[9], r[10], r[11], r[12]),
      weddingDate: r[13] as string | null,
      vehicles: [],
      children: [],
    });
  }
  const each = (sql: string, apply: (c: PlannerCustomer, r: Raw) => void) => {
    for (const r of rows(sql)) {
      const c = out.get(r[0] as string);
      if (c) apply(c, r);
    }
  };
  each(`SELECT customer_id, id, delivery_date FROM vehicles WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.vehicles.push({ id: r[1] as string, deliveryDate: r[2] as string });
    c.facts.deliveryDates.push(r[2] as string);
  });
  each(`SELECT customer_id, id, vehicle_id, visit_date, amount_fen, mileage_km FROM visits WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.visits.push({ id: r[1] as string, vehicleId: r[2] as string | null, date: r[3] as string, amountFen: r[4] as number, mileageKm: r[5] as number | null });
  });
  each(`SELECT customer_id, surveyed_on, score FROM surveys WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.surveys.push({ date: r[1] as string, score0to10: r[2] as number });
  });
  each(`SELECT customer_id, opened_on, resolved_on FROM complaints WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.complaints.push({ openedOn: r[1] as string, resolvedOn: r[2] as string | null });
  });
  each(
    `SELECT referrer_customer_id, count(*) FROM referrals WHERE status = 'success' AND deleted_at IS NULL${only('referrer_customer_id')} GROUP BY referrer_customer_id`,
    (c, r) => {
      c.facts.referralsSucceeded = r[1] as number;
    },
  );
  each(
    `SELECT customer_id, id, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap
     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL${only('customer_id')}`,
    (c, r) => {
      c.children.push({ id: r[1] as string, name: r[2] as string, birthday: birthdayOf(r[3], r[4], r[5], r[6], r[7]) });
    },
  );
  each(`SELECT customer_id, channel FROM customer_channel_consents WHERE allowed = 0${only('customer_id')}`, (c, r) => {
    c.blockedChannels.push(r[1] as string);
  });
  return out;
}

/**
 * The first day from which the planner reads a customer's visits in full for `today`: far
 * enough back for the trailing-12-month tier activity, the surprise grace window and a first
 * service whose survey is still valid. See loadPlanningInputs.
 */
export function planningWindowStart(today: IsoDate, rules: RulesConfig): IsoDate {
  const lc = rules.lifecycle;
  return addDays(today, -Math.max(rules.trailingDays - 1, rules.surprises.graceDays, lc.firstServiceSurveyDelayDays + lc.surveyValidDays + 1));
}

/** Rows per slice of a whole-store load: each slice is a few tens of ms, so the core keeps answering between them. */
const ROWS_PER_SLICE = 15_000;
const IDS_PER_SLICE = 5_000;
const WINDOW_DAYS_PER_SLICE = 30;

type Scope = { where: string; args: unknown[] };
type VisitRow = [customerId: string, id: string, vehicleId: string | null, date: string, amountFen: number, mileageKm: number | null, rowid: number];

/** Shared by the customers without any: the rules only read these lists. */
const NONE: never[] = [];
Object.freeze(NONE);

/** What the planner keeps of a customer's visits before the recent ones (see loadPlanningInputs). */
interface Earlier {
  /** The latest delivery on or before today, once looked up. */
  latest: string | null | undefined;
  last: string | null;
  firstAfterLatest: string | null;
  /** Vehicles with a recent reading: their latest earlier reading found so far. */
  readings: Map<string, { date: string; id: string; km: number } | null> | null;
}

/**
 * What the planner needs to plan `today`, per customer (all, or just `ids`), read with few
 * statements: whole-store reads scan each table once in slices (rowid ranges; visits through
 * their date index, a store and a month at a time), yielding between slices so the caller can
 * let other work run.
 *
 * `facts.visits` is NOT every visit: reading 1.5M visits per run is what made planning slow.
 * The rules ignore rows after today; of the others, what they can see for `today` is:
 * - the trailing-window activity (spend, visit count), summed here into `activity`;
 * - every recent visit (within the surprise grace window), as read, in (date, rowid) order:
 *   koi, festival and mileage surprises;
 * - dates that stand for older visits (id '', no vehicle, amount 0, no reading): the latest
 *   visit (last visit, start of a quiet spell), the first visit after the latest delivery (first
 *   service), and, when the window from planningWindowStart has no visit or the first service
 *   before it decides whether the survey has expired, the latest visit before the window;
 * - for a vehicle with a recent reading, its latest earlier one (the mileage milestone compares
 *   with it).
 * Surveys are those from the window start to today (a still-valid first-service survey is
 * answered by one of them). Everything else is read in full. planner/wake.test.ts checks that
 * these facts plan exactly what complete facts plan.
 */
export function* loadPlanningInputs(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  ids?: readonly string[],
): Generator<void, Map<string, PlanningCustomer>, void> {
  const from = planningWindowStart(today, rules);
  const recentFrom = addDays(today, -rules.surprises.graceDays);
  const trailingFrom = addDays(today, -rules.trailingDays + 1);
  const surveyCutoff = addDays(today, -(rules.lifecycle.firstServiceSurveyDelayDays + rules.lifecycle.surveyValidDays + 1));
  const scoped = ids !== undefined;
  const idList = scoped ? JSON.stringify(ids) : '';
  const out = new Map<string, PlanningCustomer>();
  // The same few values in every row: kept once, so the copies each row brings die young.
  const interned = new Map<string, string>();
  const intern = <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const known = interned.get(value);
    if (known !== undefined) return known as T;
    interned.set(value, value);
    return value;
  };

  const rowidRanges = function* (table: string, column: string): Generator<Scope> {
    if (scoped) {
      yield { where: `${column} IN (SELECT value FROM json_each(?))`, args: [idList] };
      return;
    }
    const [lo, hi] = sqlite.prepare(`SELECT min(rowid), max(rowid) FROM ${table}`).raw(true).get() as [number | null, number | null];
    if (lo === null || hi === null) return;
    for (let start = lo - 1; start < hi; start += ROWS_PER_SLICE) yield { where: 'rowid > ? AND rowid <= ?', args: [start, Math.min(start + ROWS_PER_SLICE, hi)] };
  };
  const rows = (sql: string, args: unknown[]): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...args) as Iterable<Raw>;

  for (const s of rowidRanges('customers', 'id')) {
    for (const r of rows(
      `SELECT id, store_id, advisor_id, member_since, tier, tier_since, do_not_contact,
              birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date
       FROM customers WHERE ${s.where} AND deleted_at IS NULL`,
      s.args,
    )) {
      const id = r[0] as string;
      out.set(id, {
        facts: {
          customerId: id, deliveryDates: NONE, visits: NONE, surveys: NONE, complaints: NONE,
          memberSince: r[3] as string | null, currentTier: intern(r[4] as Tier), tierSince: r[5] as string | null, referralsSucceeded: 0,
        },
        storeId: intern(r[1] as string),
        advisorId: intern(r[2] as string | null),
        doNotContact: r[6] === 1,
        birthday: birthdayOf(r[7], r[8], r[9], r[10], r[11]),
        weddingDate: r[12] as string | null,
        vehicles: NONE,
        children: NONE,
        laterFactOn: null,
        activity: NO_ACTIVITY,
      });
    }
    if (!scoped) yield;
  }

  for (const s of rowidRanges('vehicles', 'customer_id')) {
    for (const r of rows(`SELECT customer_id, id, delivery_date FROM vehicles WHERE ${s.where} AND deleted_at IS NULL`, s.args)) {
      const c = out.get(r[0] as string);
      if (!c) continue;
      if (c.vehicles === NONE) {
        c.vehicles = [];
        c.facts.deliveryDates = [];
      }
      c.vehicles.push({ id: r[1] as string, deliveryDate: r[2] as string });
      c.facts.deliveryDates.push(r[2] as string);
    }
    if (!scoped) yield;
  }

  // Visits of the window, recent ones first. Scoped: through visits_customer_date, (date, rowid)
  // per customer. Whole store: through visits_store_date, a store and a month at a time; with one
  // store (a desk's usual case) the recent ones come in (date, rowid) order too, else they are sorted.
  const visitColumns = 'customer_id, id, vehicle_id, visit_date, amount_fen, mileage_km, rowid';
  const stores = scoped ? [] : visitStores(sqlite);
  const ranges = (lo: string, hi: string, hiIncluded: boolean): Scope[] => {
    const below = hiIncluded ? '<=' : '<';
    if (scoped) return [{ where: `customer_id IN (SELECT value FROM json_each(?)) AND visit_date >= ? AND visit_date ${below} ?`, args: [idList, lo, hi] }];
    const out: Scope[] = [];
    for (let start = lo; start < hi || (hiIncluded && start === hi); ) {
      const next = addDays(start, WINDOW_DAYS_PER_SLICE);
      const last = next >= hi;
      for (const store of stores) {
        out.push({ where: `store_id = ? AND visit_date >= ? AND visit_date ${last ? below : '<'} ?`, args: [store, start, last ? hi : next] });
      }
      if (last) break;
      start = next;
    }
    return out;
  };
  const rowids = stores.length > 1 ? new Map<FactVisit, number>() : null;
  for (const s of ranges(recentFrom, today, true)) {
    for (const r of rows(`SELECT ${visitColumns} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args) as Iterable<VisitRow>) {
      const c = out.get(r[0]);
      if (!c) continue;
      const visit: FactVisit = { id: r[1], vehicleId: r[2], date: r[3], amountFen: r[4], mileageKm: r[5] };
      if (c.facts.visits === NONE) c.facts.visits = [];
      c.facts.visits.push(visit);
      rowids?.set(visit, r[6]);
      if (r[3] >= trailingFrom) count(c, r[4]);
    }
    if (!scoped) yield;
  }
  const earlier = new Map<PlanningCustomer, Earlier>();
  for (const c of out.values()) {
    if (c.facts.visits === NONE) continue;
    if (rowids) c.facts.visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rowids.get(a)! - rowids.get(b)!));
    let readings: Earlier['readings'] = null;
    for (const v of c.facts.visits) if (v.vehicleId !== null && v.mileageKm !== null) (readings ??= new Map()).set(v.vehicleId, null);
    earlier.set(c, { latest: undefined, last: null, firstAfterLatest: null, readings });
  }
  for (const s of ranges(from, recentFrom, false)) {
    for (const r of rows(`SELECT ${visitColumns} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args) as Iterable<VisitRow>) {
      const c = out.get(r[0]);
      if (!c) continue;
      const date = r[3];
      if (date >= trailingFrom) count(c, r[4]);
      let e = earlier.get(c);
      if (e === undefined) earlier.set(c, (e = { latest: undefined, last: null, firstAfterLatest: null, readings: null }));
      if (e.last === null || date > e.last) e.last = date;
      if (e.latest === undefined) e.latest = latestDelivery(c.facts.deliveryDates, today);
      if (e.latest !== null && date > e.latest && (e.firstAfterLatest === null || date < e.firstAfterLatest)) e.firstAfterLatest = date;
      const vehicleId = r[2];
      if (e.readings !== null && vehicleId !== null && r[5] !== null && e.readings.has(vehicleId)) {
        const best = e.readings.get(vehicleId);
        if (!best || date > best.date || (date === best.date && r[1] > best.id)) e.readings.set(vehicleId, { date, id: r[1], km: r[5] });
      }
    }
    if (!scoped) yield;
  }

  // What stands for the earlier visits; what is still to look up before the window.
  const needLatest: string[] = [];
  const needReading: [string, string][] = [];
  for (const c of out.values()) {
    const e = earlier.get(c);
    if (e === undefined) {
      needLatest.push(c.facts.customerId);
      continue;
    }
    if (c.facts.visits === NONE) c.facts.visits = [];
    const visits = c.facts.visits;
    let firstService: string | null = e.firstAfterLatest;
    if (e.latest === undefined) e.latest = latestDelivery(c.facts.deliveryDates, today);
    if (e.latest !== null) for (const v of visits) if (v.date > e.latest && (firstService === null || v.date < firstService)) firstService = v.date;
    if (e.last !== null) visits.push(dateOnly(e.last));
    if (e.firstAfterLatest !== null && e.firstAfterLatest !== e.last) visits.push(dateOnly(e.firstAfterLatest));
    if (e.readings !== null) {
      for (const [vehicleId, best] of e.readings) {
        if (best) visits.push({ id: best.id, vehicleId, date: best.date, amountFen: 0, mileageKm: best.km });
        else needReading.push([c.facts.customerId, vehicleId]);
      }
    }
    if (e.latest !== null && e.latest < from && firstService !== null && firstService >= surveyCutoff) needLatest.push(c.facts.customerId);
  }
  // The latest visit before the window: from visits_customer_date alone (no row read) for a
  // customer without deleted visits, which only the partial index visits_deleted knows cheaply.
  const withDeleted = hasDeletedVisitsIndex(sqlite)
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
    if (!scoped) yield;
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
    for (const r of readingBefore.iterate(from, JSON.stringify(pairs)) as Iterable<Raw>) {
      const vehicleId = pairs[k++]![1];
      if (typeof r[1] !== 'string') continue;
      const [id, date, mileageKm] = JSON.parse(r[1]) as [string, string, number];
      out.get(r[0] as string)?.facts.visits.push({ id, vehicleId, date, amountFen: 0, mileageKm });
    }
    if (!scoped) yield;
  }

  for (const s of rowidRanges('surveys', 'customer_id')) {
    for (const r of rows(`SELECT customer_id, surveyed_on, score FROM surveys WHERE ${s.where} AND surveyed_on >= ? AND surveyed_on <= ? AND deleted_at IS NULL`, [...s.args, from, today])) {
      const c = out.get(r[0] as string);
      if (!c) continue;
      if (c.facts.surveys === NONE) c.facts.surveys = [];
      c.facts.surveys.push({ date: r[1] as string, score0to10: r[2] as number });
    }
    if (!scoped) yield;
  }
  const only = (column: string) => (scoped ? ` AND ${column} IN (SELECT value FROM json_each(?))` : '');
  const scopeArgs = scoped ? [idList] : [];
  for (const r of rows(
    `SELECT referrer_customer_id, count(*) FROM referrals WHERE status = 'success' AND deleted_at IS NULL${only('referrer_customer_id')} GROUP BY referrer_customer_id`,
    scopeArgs,
  )) {
    const c = out.get(r[0] as string);
    if (c) c.facts.referralsSucceeded = r[1] as number;
  }
  for (const r of rows(
    `SELECT customer_id, id, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap
     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL${only('customer_id')}`,
    scopeArgs,
  )) {
    const c = out.get(r[0] as string);
    if (!c) continue;
    if (c.children === NONE) c.children = [];
    c.children.push({ id: r[1] as string, name: r[2] as string, birthday: birthdayOf(r[3], r[4], r[5], r[6], r[7]) });
  }
  // Visits and surveys dated after today: when the rules will start to see them.
  const later = (r: Raw) => {
    const c = out.get(r[0] as string);
    if (c && (c.laterFactOn == null || (r[1] as string) < c.laterFactOn)) c.laterFactOn = r[1] as string;
  };
  if (scoped) {
    for (const r of rows(`SELECT customer_id, min(visit_date) FROM visits WHERE customer_id IN (SELECT value FROM json_each(?)) AND visit_date > ? AND deleted_at IS NULL GROUP BY customer_id`, [idList, today])) later(r);
  } else {
    for (const store of stores) {
      for (const r of rows(`SELECT customer_id, min(visit_date) FROM visits WHERE store_id = ? AND visit_date > ? AND deleted_at IS NULL GROUP BY customer_id`, [store, today])) later(r);
    }
  }
  for (const r of rows(`SELECT customer_id, min(surveyed_on) FROM surveys WHERE surveyed_on > ? AND deleted_at IS NULL${only('customer_id')} GROUP BY customer_id`, [today, ...scopeArgs])) later(r);
  return out;
}

function hasDeletedVisitsIndex(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'visits_deleted'`).get() !== undefined;
}

const NO_ACTIVITY = Object.freeze({ spendFen: 0, visits: 0 });

/** Adds a trailing-window visit to the customer's activity. */
function count(c: PlanningCustomer, amountFen: number): void {
  if (c.activity === NO_ACTIVITY) c.activity = { spendFen: 0, visits: 0 };
  c.activity!.spendFen += amountFen;
  c.activity!.visits += 1;
}

/** A visit known by its date alone: no id, vehicle, amount or reading, so only date rules see it. */
const dateOnly = (date: string): FactVisit => ({ id: '', vehicleId: null, date, amountFen: 0, mileageKm: null });

function latestDelivery(deliveries: readonly string[], today: IsoDate): string | null {
  let latest: string | null = null;
  for (const d of deliveries) if (d <= today && (latest === null || d > latest)) latest = d;
  return latest;
}

/** The stores that have visits, each found with one index seek. */
export function visitStores(sqlite: BetterSqlite3.Database): string[] {
  const first = sqlite.prepare('SELECT min(store_id) FROM visits').pluck();
  const next = sqlite.prepare('SELECT min(store_id) FROM visits WHERE store_id > ?').pluck();
  const out: string[] = [];
  for (let s = first.get() as string | null; s !== null; s = next.get(s) as string | null) out.push(s);
  return out;
}

/** Runs a whole loader at once (incremental planning, tests). */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

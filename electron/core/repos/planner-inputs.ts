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
const ROWS_PER_SLICE = 25_000;
const IDS_PER_SLICE = 5_000;
const WINDOW_DAYS_PER_SLICE = 30;

type Scope = { where: string; args: unknown[] };

/**
 * What the planner needs to plan `today`, per customer (all, or just `ids`), read with few
 * statements: whole-store reads scan each table once in slices (rowid ranges; visits through
 * their date index), yielding between slices so the caller can let other work run.
 *
 * `facts.visits` is NOT every visit: reading 1.5M visits per run is what made planning slow.
 * It holds what the planner's rules can see for `today` (the rules ignore rows after today):
 * - every visit from planningWindowStart to today, in (date, rowid) order as an index read
 *   gives them: trailing activity, surprises (koi, festival, mileage) and the first service
 *   whose survey is still valid all lie in that window;
 * - the date of the latest earlier visit, when the window has no visit (last visit, start of a
 *   quiet spell) or when it decides whether the first service after the latest delivery lies
 *   before the window (then its survey has expired); a date-only visit (id '', no vehicle,
 *   amount 0, no reading) stands for it;
 * - a vehicle's latest earlier odometer reading, when a recent visit of it has a reading and
 *   the window holds no earlier one: the mileage milestone compares against it.
 * Surveys are those from the window start to today (a still-valid first-service survey is
 * answered by one of them). Everything else is read in full. planner/full-facts.test.ts
 * checks that these facts plan exactly what complete facts plan.
 */
export function* loadPlanningInputs(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  ids?: readonly string[],
): Generator<void, Map<string, PlanningCustomer>, void> {
  const from = planningWindowStart(today, rules);
  const recentFrom = addDays(today, -rules.surprises.graceDays);
  const surveyCutoff = addDays(today, -(rules.lifecycle.firstServiceSurveyDelayDays + rules.lifecycle.surveyValidDays + 1));
  const scoped = ids !== undefined;
  const idList = scoped ? JSON.stringify(ids) : '';
  const out = new Map<string, PlanningCustomer>();

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
          customerId: id, deliveryDates: [], visits: [], surveys: [], complaints: [],
          memberSince: r[3] as string | null, currentTier: r[4] as Tier, tierSince: r[5] as string | null, referralsSucceeded: 0,
        },
        storeId: r[1] as string,
        advisorId: r[2] as string | null,
        doNotContact: r[6] === 1,
        birthday: birthdayOf(r[7], r[8], r[9], r[10], r[11]),
        weddingDate: r[12] as string | null,
        vehicles: [],
        children: [],
        laterFactOn: null,
      });
    }
    if (!scoped) yield;
  }

  for (const s of rowidRanges('vehicles', 'customer_id')) {
    for (const r of rows(`SELECT customer_id, id, delivery_date FROM vehicles WHERE ${s.where} AND deleted_at IS NULL`, s.args)) {
      const c = out.get(r[0] as string);
      if (!c) continue;
      c.vehicles.push({ id: r[1] as string, deliveryDate: r[2] as string });
      c.facts.deliveryDates.push(r[2] as string);
    }
    if (!scoped) yield;
  }

  // The window's visits. Scoped: through visits_customer_date, (date, rowid) per customer.
  // Whole store: through visits_store_date, a store and a month at a time; with one store
  // (a desk's usual case) that is (date, rowid) order too, else each customer's are sorted.
  const visitColumns = 'customer_id, id, vehicle_id, visit_date, amount_fen, mileage_km, rowid';
  const visitRanges: Scope[] = [];
  const stores = scoped ? [] : visitStores(sqlite);
  if (scoped) visitRanges.push({ where: 'customer_id IN (SELECT value FROM json_each(?)) AND visit_date >= ? AND visit_date <= ?', args: [idList, from, today] });
  else {
    for (let start = from; start <= today; ) {
      const next = addDays(start, WINDOW_DAYS_PER_SLICE);
      for (const store of stores) {
        visitRanges.push(next > today
          ? { where: 'store_id = ? AND visit_date >= ? AND visit_date <= ?', args: [store, start, today] }
          : { where: 'store_id = ? AND visit_date >= ? AND visit_date < ?', args: [store, start, next] });
      }
      start = next;
    }
  }
  const rowids = stores.length > 1 ? new Map<FactVisit, number>() : null;
  for (const s of visitRanges) {
    for (const r of rows(`SELECT ${visitColumns} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args)) {
      const c = out.get(r[0] as string);
      if (!c) continue;
      const visit: FactVisit = { id: r[1] as string, vehicleId: r[2] as string | null, date: r[3] as string, amountFen: r[4] as number, mileageKm: r[5] as number | null };
      c.facts.visits.push(visit);
      rowids?.set(visit, r[6] as number);
    }
    if (!scoped) yield;
  }
  if (rowids) {
    for (const c of out.values()) {
      c.facts.visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rowids.get(a)! - rowids.get(b)!));
    }
  }

  // Before the window: the latest visit's date, and latest odometer readings, where they matter.
  const needLatest: string[] = [];
  const needReading: [string, string][] = [];
  for (const c of out.values()) {
    const visits = c.facts.visits;
    if (visits.length === 0) {
      needLatest.push(c.facts.customerId);
      continue;
    }
    let latest: string | null = null;
    for (const d of c.facts.deliveryDates) if (d <= today && (latest === null || d > latest)) latest = d;
    if (latest !== null && latest < from) {
      let firstService: string | null = null;
      for (const v of visits) if (v.date > latest && (firstService === null || v.date < firstService)) firstService = v.date;
      if (firstService !== null && firstService >= surveyCutoff) needLatest.push(c.facts.customerId);
    }
    let readBefore: Set<string> | null = null;
    let asked: Set<string> | null = null;
    for (const v of visits) {
      if (v.vehicleId === null || v.mileageKm === null) continue;
      if (v.date < recentFrom) (readBefore ??= new Set()).add(v.vehicleId);
      else if (!readBefore?.has(v.vehicleId) && !asked?.has(v.vehicleId)) {
        (asked ??= new Set()).add(v.vehicleId);
        needReading.push([c.facts.customerId, v.vehicleId]);
      }
    }
  }
  const latestBefore = sqlite.prepare(
    `SELECT j.value, (SELECT v.visit_date FROM visits v WHERE v.customer_id = j.value AND v.visit_date < ? AND v.deleted_at IS NULL ORDER BY v.visit_date DESC LIMIT 1)
     FROM json_each(?) j`,
  ).raw(true);
  for (let i = 0; i < needLatest.length; i += IDS_PER_SLICE) {
    for (const r of latestBefore.iterate(from, JSON.stringify(needLatest.slice(i, i + IDS_PER_SLICE))) as Iterable<Raw>) {
      if (typeof r[1] !== 'string') continue;
      out.get(r[0] as string)?.facts.visits.push({ id: '', vehicleId: null, date: r[1], amountFen: 0, mileageKm: null });
    }
    if (!scoped) yield;
  }
  const readingBefore = sqlite.prepare(
    `SELECT j.value ->> 0, (SELECT json_array(v.id, v.visit_date, v.amount_fen, v.mileage_km) FROM visits v
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
      const [id, date, amountFen, mileageKm] = JSON.parse(r[1]) as [string, string, number, number];
      out.get(r[0] as string)?.facts.visits.push({ id, vehicleId, date, amountFen, mileageKm });
    }
    if (!scoped) yield;
  }

  for (const s of rowidRanges('surveys', 'customer_id')) {
    for (const r of rows(`SELECT customer_id, surveyed_on, score FROM surveys WHERE ${s.where} AND surveyed_on >= ? AND surveyed_on <= ? AND deleted_at IS NULL`, [...s.args, from, today])) {
      out.get(r[0] as string)?.facts.surveys.push({ date: r[1] as string, score0to10: r[2] as number });
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
    out.get(r[0] as string)?.children.push({ id: r[1] as string, name: r[2] as string, birthday: birthdayOf(r[3], r[4], r[5], r[6], r[7]) });
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

import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES, type RulesConfig } from '../../../shared/domain/rules/config';
import type { OpenedDatabase } from '../db/open';
import { writeDemoAppointments } from './appointments';
import { setAsideForBulkLoad, tuneForBulkLoad } from './bulk';
import { HISTORY_DAYS } from './cadence';
import { planCustomer, type CustomerPlan, type GenContext } from './customer';
import { isoInstant, localMs, parseIsoDate } from './dates';
import { IdMaker } from './ids';
import { STAFF } from './people';
import { PhoneBook } from './phones';
import { PlateBook, VinBook } from './plates';
import { Rng } from './rng';
import { writeComplaint, writeConsents, writeFamily, writePreferences, writeReferrals } from './satellites';
import { prepareStatements } from './statements';
import { writeTimeline } from './timeline';
import { VisitStore } from './visits';
import { type WriteContext, writeCustomerRow, writeSearchKeys, writeVehicles } from './writer';

export interface DemoOptions {
  customers: number;
  seed: number;
  /** YYYY-MM-DD: the last day of the generated history. */
  today: string;
  rules?: RulesConfig;
}

export interface DemoSummary {
  storeId: string;
  customers: number;
  vehicles: number;
  visits: number;
  staff: number;
  elapsedMs: number;
}

export const DEMO_STORE = {
  code: 'DEMO-GZ01',
  name: '广州天河宏远汽车4S店',
  timezone: 'Asia/Shanghai',
  address: '广州市天河区黄埔大道中662号',
  phone: '020-38881234',
} as const;

/** Random streams of one seed: data and ids apart, so each stays stable if the other changes. */
const DATA_STREAM = 1;
const ID_STREAM = 2;
const MAX_CUSTOMERS = 2_000_000;

function validate(options: DemoOptions): number {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_CUSTOMERS) {
    throw new Error(`Demo customers must be an integer from 0 to ${MAX_CUSTOMERS}, got ${customers}`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`Demo seed must be a safe integer, got ${seed}`);
  return parseIsoDate(options.today);
}

/**
 * Fills an empty store database with a deterministic demo store: the same options
 * always write byte-identical rows. All in one transaction: on any error nothing
 * is written. Refuses a database that already has a store.
 */
export function generateDemoStore(opened: OpenedDatabase, options: DemoOptions): DemoSummary {
  const today = validate(options);
  const rules = options.rules ?? DEFAULT_RULES;
  const started = performance.now();
  const { sqlite } = opened;
  const assertEmpty = () => {
    const row = sqlite.prepare('SELECT count(*) AS n FROM stores').get() as { n: number };
    if (row.n > 0) throw new Error(`${opened.file} already has a store; the demo store is only generated into an empty database.`);
  };
  assertEmpty();
  if (sqlite.inTransaction) throw new Error('generateDemoStore must not be called inside an open transaction.');
  const restore = tuneForBulkLoad(sqlite, options.customers);
  try {
    const run = sqlite.transaction(() => {
      assertEmpty();
      const putBack = setAsideForBulkLoad(sqlite);
      const summary = writeStore(sqlite, options, today, rules);
      putBack();
      // After the indexes: picking the customers to book looks up each one's vehicles and drinks
      // (without the preferences index, each a scan of 100k rows: 7.6 s of a CPU profile at 100k customers).
      writeDemoAppointments(sqlite, summary.storeId, options.seed, today, rules);
      return summary;
    });
    const summary = run.immediate();
    return { ...summary, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    restore();
  }
}

function writeStore(sqlite: BetterSqlite3.Database, options: DemoOptions, today: number, rules: RulesConfig): Omit<DemoSummary, 'elapsedMs'> {
  const rng = new Rng(options.seed, DATA_STREAM);
  const ids = new IdMaker(new Rng(options.seed, ID_STREAM));
  const phones = new PhoneBook();
  const openMs = localMs(today - HISTORY_DAYS - 30, 9 * 3600);
  const opened = isoInstant(openMs);
  const storeId = ids.at(openMs);
  const st = prepareStatements(sqlite, storeId);
  st.store.run(storeId, DEMO_STORE.code, DEMO_STORE.name, DEMO_STORE.timezone, DEMO_STORE.address, DEMO_STORE.phone, opened, opened);
  const advisorIds: string[] = [];
  let managerId = '';
  for (const member of STAFF) {
    const id = ids.at(openMs);
    st.staff.run(id, storeId, member.name, member.role, phones.next(rng), opened, opened);
    if (member.role === 'advisor') advisorIds.push(id);
    else managerId = id;
  }

  // 1. Plan every customer in memory.
  const ctx: GenContext = {
    rng, today, rules, phones,
    plates: new PlateBook(),
    vins: new VinBook(),
    memberSince: new Int32Array(options.customers),
    pinyin: new Map(),
    visits: new VisitStore(),
  };
  const plans: CustomerPlan[] = [];
  for (let i = 0; i < options.customers; i++) plans.push(planCustomer(ctx, i));

  // 2. Customers in the order they joined (ids ascend; a referrer always precedes who they referred).
  const w: WriteContext = {
    st, ids, rng, today, storeId, advisorIds, managerId,
    customerIds: new Array<string>(options.customers),
    vehicleIds: new Array<string[]>(options.customers),
    counts: { vehicles: 0, visits: 0 },
    visits: ctx.visits,
  };
  const joined = plans.slice().sort((a, b) => a.createdMs - b.createdMs || a.index - b.index);
  for (const plan of joined) {
    const customerId = writeCustomerRow(w, plan);
    writeConsents(w, plan, customerId);
    writeVehicles(w, plan, customerId);
    writePreferences(w, plan, customerId);
    writeFamily(w, plan, customerId);
    writeComplaint(w, plan, customerId);
    writeReferrals(w, plan, customerId, plan.referrer >= 0 ? ctx.memberSince[plan.referrer]! : 0);
    writeSearchKeys(w, plan, customerId);
  }
  // 3. Visits, points and surveys, day by day across the store.
  writeTimeline(w, plans);
  st.flush();
  return { storeId, customers: options.customers, vehicles: w.counts.vehicles, visits: w.counts.visits, staff: STAFF.length };
}

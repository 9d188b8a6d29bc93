import { lunarBirthYear } from '../../../shared/domain/calendar/lunar';
import type { Birthday, IsoDate } from '../../../shared/domain/types';
import type { CustomerFacts, DeliveredVehicle, FactVisit } from '../../../shared/domain/rules/facts';

/** What the planner's rules read about one customer (see loadPlanningInputs). */
export interface PlanningCustomer {
  facts: CustomerFacts;
  storeId: string;
  advisorId: string | null;
  doNotContact: boolean;
  birthday: Birthday | null;
  weddingDate: string | null;
  /** The same list as facts.vehicles. */
  vehicles: DeliveredVehicle[];
  children: { id: string; name: string; birthday: Birthday | null }[];
  /** The earliest visit or survey dated after today (a booking, a clock ahead), if any: the rules ignore it until then. */
  laterFactOn?: string | null;
  /** Trailing-window spend and visits, when the loader summed them (facts.visits then holds only some of the window's visits). */
  activity?: { spendFen: number; visits: number };
  /** Facts just read from the tables: the last day they stay true as they are (facts kept between runs, planner-inputs-cached.ts). */
  factsUntil?: IsoDate;
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

/** A row as better-sqlite3 returns it in raw mode. */
export type Raw = unknown[];

/** A visit row of the planning window: the columns the readers select, in this order. */
export type VisitRow = [customerId: string, id: string, vehicleId: string | null, date: string, amountFen: number, mileageKm: number | null, rowid: number];

/**
 * A birthday as the columns keep it (customers, family_members): a lunar one keeps its lunar
 * month and day, and birth_date, when known, is the solar day of birth (its lunar year counts).
 */
export function birthdayOf(calendar: unknown, birthDate: unknown, month: unknown, day: unknown, leap: unknown): Birthday | null {
  if (calendar === 'lunar' && typeof month === 'number' && typeof day === 'number') {
    return { calendar: 'lunar', year: typeof birthDate === 'string' ? lunarBirthYear(birthDate) : null, month, day, leap: leap === 1 };
  }
  return typeof birthDate === 'string' ? { calendar: 'solar', date: birthDate } : null;
}

/**
 * An empty list of V8's "objects" elements kind: made by pushing one element and taking it out.
 * A list literal starts as "small integers", or as "objects" once V8 learned that lists made
 * there get objects, and optimized code makes it one way while the interpreter made it the other.
 * The planner's hot code reads 100k customers' lists: each new kind it meets after V8 optimized
 * it throws that code away to compile it again (docs/architecture.md, planner). Lists that start
 * as this are of the kind they end up with, whoever made them.
 */
export function emptyObjectList<T>(): T[] {
  const list: unknown[] = [null];
  list.pop();
  return list as T[];
}

/**
 * Shared by the customers without any: the rules only read these lists, and the readers replace
 * it before adding (`=== NONE`). Not frozen: a frozen list is of another kind than the lists of
 * the customers with some (see emptyObjectList); planner-inputs-whole-store.test.ts checks it stays empty.
 */
export const NONE: never[] = emptyObjectList();

/** Shared by the customers without trailing-window visits until one is counted. */
export const NO_ACTIVITY = Object.freeze({ spendFen: 0, visits: 0 });

/** A visit known by its date alone: no id, vehicle, amount or reading, so only date rules see it. */
export const dateOnly = (date: string): FactVisit => ({ id: '', vehicleId: null, date, amountFen: 0, mileageKm: null });

/** Keeps one copy of a value many rows repeat (store, advisor, tier), so the copies each row brings die young. */
export type Intern = <T extends string | null>(value: T) => T;

export function interner(): Intern {
  const known = new Map<string, string>();
  return <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const kept = known.get(value);
    if (kept !== undefined) return kept as T;
    known.set(value, value);
    return value;
  };
}

/** Runs a whole loader at once (incremental planning, tests). */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

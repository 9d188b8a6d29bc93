import { existsSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { computeMetrics } from '../../../shared/domain/rules/metrics';
import { riskFlag } from '../../../shared/domain/rules/radar';
import { evaluateTier, tierPath } from '../../../shared/domain/rules/tier';
import { membershipStart } from '../../../shared/domain/rules/facts';
import { trailingActivity } from '../../../shared/domain/rules/trailing';
import { DatabaseFileError, openDatabase } from '../db/open';
import { addDays } from '../../../shared/domain/rules/days';
import { isoDateIn } from '../../../shared/domain/calendar/dates';
import { runPlannerInBatches } from '../planner/run';
import { customerNames, exportedCards, exportedTasks, lastPlannedDay } from '../repos/plan-export';
import { loadPlannerInputs } from '../repos/planner-inputs';
import { loadRules } from '../repos/rules';
import { storeTimezone } from '../repos/stores';
import { loadMetricCustomers } from '../repos/metric-inputs';
import { noPositionals, optionalDate, parse, requireString, UsageError } from './args';
import { cardLines, metricLines, riskLines, taskLines, tierLines, type RiskRow, type TierRow } from './export-text';

/** `desk plan` and `desk export`: what the app decided and why, for support staff to audit. */

/** The --db file, refused unless it is a file with something in it (an empty one would be made a new store). */
export function existing(file: string): string {
  if (!existsSync(file)) throw new UsageError(`--db ${file} does not exist`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new UsageError(`--db ${file} is a folder, not a database file`);
  if (stat.size === 0) throw new DatabaseFileError('foreign', `${file} is empty: not a Retention Desk database (the app, or desk demo, makes one). The file was left untouched.`);
  return file;
}

/**
 * Planning writes as of --today: a day before the last one planned voids work and reviews tiers as of
 * then (the planner takes it for a clock set back), one to come lapses cards and reviews tiers ahead
 * of time, and either is queued for HQ. A support person auditing another day plans a copy, or says
 * --any-day.
 */
function checkPlanDay(today: string, lastPlanned: string | null, storeToday: string): void {
  if (lastPlanned !== null && today < lastPlanned) {
    throw new UsageError(`--today ${today} is before ${lastPlanned}, the day this store was last planned: planning it would void work and review tiers as of ${today}, and send that to HQ. Plan a copy of the file, or pass --any-day`);
  }
  if (today > addDays(storeToday, 1)) {
    throw new UsageError(`--today ${today} is a day to come (today is ${storeToday} in the store): planning it would lapse cards and review tiers ahead of time, and send that to HQ. Plan a copy of the file, or pass --any-day`);
  }
}

const readOnly = (error: unknown) => String((error as { code?: string }).code ?? '').startsWith('SQLITE_READONLY');

/** SQLite's "attempt to write a readonly database", said with the file's name. */
function readOnlySaid(file: string, error: unknown): unknown {
  return readOnly(error) ? new Error(`${file} cannot be written (read-only file or folder): nothing was planned`) : error;
}

/** Read-only, SQLite still makes FILE-shm beside a WAL file: a read-only folder stops it. */
function unreadableSaid(file: string, error: unknown): unknown {
  return readOnly(error) ? new Error(`${file} cannot be read in a read-only folder (SQLite needs to create ${file}-shm beside it): copy it to a writable folder`) : error;
}

export async function plan(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' }, 'any-day': { type: 'boolean' } });
  noPositionals(positionals);
  // Every flag is checked before the file is opened: a wrong flag must not have it migrated.
  const today = optionalDate(values.today, '--today') ?? requireString(undefined, '--today');
  const file = existing(requireString(values.db, '--db'));
  let opened;
  try {
    opened = openDatabase(file);
  } catch (error) {
    throw readOnlySaid(file, error);
  }
  try {
    if (!values['any-day']) checkPlanDay(today, lastPlannedDay(opened.sqlite), isoDateIn(new Date(), storeTimezone(opened.sqlite)));
    const started = performance.now();
    const counts = await runPlannerInBatches(opened.sqlite, { today, rules: loadRules(opened.sqlite), now: new Date().toISOString() });
    const ms = performance.now() - started;
    if (values.json) console.log(JSON.stringify({ today, ...counts, ms: Math.round(ms) }));
    else if (counts.customers === 0) console.log(`nothing to plan for ${today}: every customer's plan is up to date (${(ms / 1000).toFixed(2)} s)`);
    else console.log(`planned ${counts.customers} customers for ${today} (those whose plan could change; the others are up to date) in ${(ms / 1000).toFixed(2)} s: tasks +${counts.tasksCreated} ~${counts.tasksUpdated} void ${counts.tasksVoided}; cards +${counts.cardsCreated} ~${counts.cardsUpdated} lapsed ${counts.cardsLapsed}; tier changes ${counts.tierChanges}`);
  } catch (error) {
    throw readOnlySaid(file, error);
  } finally {
    await opened.close();
  }
}

const WHAT = ['tasks', 'cards', 'risk', 'tiers', 'metrics'] as const;
type What = (typeof WHAT)[number];

/** The rows of one export: JSON as they are (--json), else lines to read (export-text.ts). */
function exportRows(sqlite: BetterSqlite3.Database, what: What, today: string): { rows: unknown; lines: () => string[] } {
  const rules = loadRules(sqlite);
  switch (what) {
    case 'tasks': {
      const rows = exportedTasks(sqlite);
      return { rows, lines: () => taskLines(rows) };
    }
    case 'cards': {
      const rows = exportedCards(sqlite);
      return { rows, lines: () => cardLines(rows) };
    }
    case 'risk': {
      const names = customerNames(sqlite);
      const rows: RiskRow[] = [];
      for (const c of loadPlannerInputs(sqlite).values()) rows.push({ customerId: c.facts.customerId, name: names.get(c.facts.customerId) ?? '', ...riskFlag(c.facts, today, rules) });
      return { rows, lines: () => riskLines(rows) };
    }
    case 'tiers': {
      const names = customerNames(sqlite);
      const rows: TierRow[] = [];
      for (const c of loadPlannerInputs(sqlite).values()) {
        // The tier the rules give on --today (from the one stored: a downgrade waits for the anniversary), and the path
        // from it, so that a row for another day than the planned one agrees with itself; `storedTier` is the planner's.
        const activity = trailingActivity(c.facts, today, rules);
        const { currentTier, tierSince } = c.facts;
        const decision = evaluateTier({ currentTier, memberSince: membershipStart(c.facts, today), tierSince, activity }, today, rules);
        const changed = decision.tier !== currentTier;
        rows.push({
          customerId: c.facts.customerId, name: names.get(c.facts.customerId) ?? '', tier: decision.tier, tierSince: changed ? today : tierSince, storedTier: currentTier,
          spendFen: activity.spendFen, visits: activity.visits, path: tierPath(activity, rules, decision.tier),
        });
      }
      return { rows, lines: () => tierLines(rows) };
    }
    case 'metrics': {
      // The reference computation over the tables, not the app's maintained aggregates: read-only, and an audit of them.
      const rows = computeMetrics(loadMetricCustomers(sqlite), today, rules);
      return { rows, lines: () => metricLines(rows) };
    }
  }
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, what: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals);
  const what = requireString(values.what, '--what');
  if (!(WHAT as readonly string[]).includes(what)) throw new UsageError(`--what must be one of ${WHAT.join('|')}, got "${what}"`);
  const today = optionalDate(values.today, '--today') ?? requireString(undefined, '--today');
  const file = existing(requireString(values.db, '--db'));
  // An audit reads: the file is opened read-only, and nothing (not even a cache) is written to it.
  let opened;
  try {
    opened = openDatabase(file, { readonly: true });
  } catch (error) {
    throw unreadableSaid(file, error);
  }
  try {
    if (what === 'tasks' || what === 'cards' || what === 'tiers') {
      const planned = lastPlannedDay(opened.sqlite);
      if (planned === null && what !== 'tiers') throw new Error(`${file} was never planned, so it has no ${what}: run desk plan --db ${file} --today ${today} first`);
      if (planned !== today) {
        const stored = what === 'tiers' ? `tiers are the rules' answer for ${today}; storedTier is as the planner last set it` : `${what} are as the planner last planned them`;
        console.error(`note: these ${stored}, ${planned === null ? 'never' : `for ${planned}`}; run desk plan --db ${file} --today ${today} to plan ${today}`);
      }
    }
    const exported = exportRows(opened.sqlite, what as What, today);
    console.log(values.json ? JSON.stringify(exported.rows, null, 2) : exported.lines().join('\n'));
  } finally {
    await opened.close();
  }
}

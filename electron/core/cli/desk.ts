import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { dayShiftedClock, systemClock } from '../clock';
import { createCore } from '../core';
import { DatabaseFileError, openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { serveWeb } from '../harness/serve-web';
import { builtRendererDir, defaultDbFile } from '../paths';
import { searchCustomers } from '../repos/search';
import { storeTimezone } from '../repos/stores';
import { HelpRequested, noPositionals, optionalDate, optionalInt, parse, requireString, UsageError } from './args';
import { existing, exportCommand, plan } from './plan-export';

const USAGE = `desk: Retention Desk support tool

  desk demo --db FILE --customers N --seed S [--today YYYY-MM-DD]
      generate a demo store into FILE (which must be new or empty), its history ending on that day
  desk serve-web [--db FILE] [--port P] [--today YYYY-MM-DD]
      the browser mode on a database (default ${defaultDbFile()})
  desk search --db FILE QUERY [--limit N] [--json]
      the front-desk lookup, as the app runs it
  desk plan --db FILE --today YYYY-MM-DD [--json] [--any-day]
      run the planner: tasks, handwritten-card reminders, surprise candidates, tier changes
      (a day before the last one planned, or to come, only with --any-day: plan a copy to audit another day)
  desk export --db FILE --what tasks|cards|risk|tiers|metrics --today YYYY-MM-DD [--json]
      what the app decided and why, for support staff to audit`;

async function demo(argv: string[]) {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, customers: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' } });
  noPositionals(positionals);
  const file = requireString(values.db, '--db');
  const customers = optionalInt(values.customers, '--customers', 1, 1_000_000) ?? 3_000;
  const seed = optionalInt(values.seed, '--seed', 0, 2 ** 31) ?? 1;
  const today = optionalDate(values.today, '--today') ?? systemClock.today('Asia/Shanghai');
  mkdirSync(dirname(file), { recursive: true });
  const opened = openDatabase(file);
  try {
    const summary = generateDemoStore(opened, { customers, seed, today });
    console.log(
      `demo store written to ${file}: ${summary.customers} customers, ${summary.vehicles} vehicles, ${summary.visits} visits, ${summary.staff} staff in ${(summary.elapsedMs / 1000).toFixed(1)} s (history ends ${today})`,
    );
  } finally {
    await opened.close();
  }
}

/** The store's time zone in a desk file (the pinned day's clock is in it); Asia/Shanghai for a new file or one not opened here. */
async function timezoneOf(file: string): Promise<string> {
  if (!existsSync(file)) return 'Asia/Shanghai';
  let opened: ReturnType<typeof openDatabase> | null = null;
  try {
    opened = openDatabase(file, { readonly: true });
    return storeTimezone(opened.sqlite);
  } catch {
    return 'Asia/Shanghai'; // a file of an older schema (the core upgrades it next) or not a desk file
  } finally {
    await opened?.close();
  }
}

async function serve(argv: string[]) {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, port: { type: 'string' }, today: { type: 'string' } });
  noPositionals(positionals);
  const file = typeof values.db === 'string' ? values.db : defaultDbFile();
  const port = optionalInt(values.port, '--port', 0, 65535);
  const today = optionalDate(values.today, '--today');
  mkdirSync(dirname(file), { recursive: true });
  const core = createCore({ dbFile: file, clock: today ? dayShiftedClock(today, await timezoneOf(file)) : systemClock });
  const harness = await serveWeb(core, { rendererDir: builtRendererDir, port });
  console.log(`desk ready at ${harness.url}`);
  const stop = async () => {
    await harness.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function search(argv: string[]) {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  const file = requireString(values.db, '--db');
  const query = positionals.join(' ');
  if (!query) throw new UsageError('QUERY is required');
  existing(file);
  const opened = openDatabase(file, { readonly: true });
  try {
    const hits = searchCustomers(opened.sqlite, query, optionalInt(values.limit, '--limit', 1, 50) ?? 12);
    if (values.json) console.log(JSON.stringify(hits, null, 2));
    else for (const h of hits) console.log(`${h.name}\t${h.phone}\t${h.plates.join(',')}\t${h.tier}\t(${h.matchedBy}: ${h.matchedText})`);
  } finally {
    await opened.close();
  }
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { demo, 'serve-web': serve, search, plan, export: exportCommand };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    const help = command === undefined || command === '--help' || command === '-h' || command === 'help';
    if (help) console.log(USAGE);
    else console.error(`desk: unknown command "${command}"\n\n${USAGE}`);
    return help ? 0 : 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    if (error instanceof UsageError) {
      console.error(`desk ${command}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof DatabaseFileError) {
      console.error(`desk ${command}: ${error.message}`);
      return 3;
    }
    console.error(`desk ${command}: ${(error as Error).message}`);
    return 1;
  }
}

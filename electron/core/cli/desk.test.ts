import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase } from '../db/open';
import { storeMetrics } from '../repos/store-metrics';
import { tempDbFile } from '../testing/fixture';
import { main } from './desk';

describe('desk CLI', () => {
  let tmp: ReturnType<typeof tempDbFile>;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    tmp = tempDbFile();
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('generates a demo store, then finds its customers by plate fragment as JSON', async () => {
    expect(await main(['demo', '--db', tmp.file, '--customers', '60', '--seed', '3', '--today', '2026-11-24'])).toBe(0);
    expect(out.join('\n')).toMatch(/60 customers/);
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const raw = new BetterSqlite3(tmp.file, { readonly: true });
    const { plate, name } = raw.prepare('SELECT v.plate, c.name FROM vehicles v JOIN customers c ON c.id = v.customer_id LIMIT 1').get() as { plate: string; name: string };
    raw.close();
    out = [];
    expect(await main(['search', '--db', tmp.file, plate.slice(1, 5), '--json'])).toBe(0);
    const hits = JSON.parse(out.join('\n')) as { name: string; plates: string[] }[];
    expect(hits.some((h) => h.name === name && h.plates.includes(plate))).toBe(true);
  });

  it('refuses a second demo into the same file and leaves it as it was', async () => {
    await main(['demo', '--db', tmp.file, '--customers', '20', '--seed', '1', '--today', '2026-11-24']);
    expect(await main(['demo', '--db', tmp.file, '--customers', '20', '--seed', '2', '--today', '2026-11-24'])).toBe(1);
    expect(err.join('\n')).toMatch(/already/i);
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const raw = new BetterSqlite3(tmp.file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 20 });
    raw.close();
  });

  it.each([
    [['demo', '--customers', '10'], '--db is required'],
    [['demo', '--db', 'x.sqlite', '--customers', 'lots'], '--customers must be a whole number'],
    [['demo', '--db', 'x.sqlite', '--today', '2026-02-30'], '--today must be a date'],
    [['search', '--db', 'missing.sqlite', 'A12'], 'does not exist'],
    [['search', '--db', 'x.sqlite'], 'QUERY is required'],
    [['serve-web', '--port', '70000'], '--port must be a whole number'],
    [['frobnicate'], 'unknown command'],
    [['demo', '--bogus'], "Unknown option '--bogus'"],
    [['demo', '--db', 'x.sqlite', '--db', 'y.sqlite'], '--db is given more than once'],
    [['demo', '--db', 'x.sqlite', 'extra'], 'unexpected argument "extra"'],
    [['demo', '--db', 'x.sqlite', '--today', '0001-01-01'], '--today must be a date from 1900-01-01 to 2199-12-31'],
    [['plan', '--db', 'x.sqlite', '--today', '9999-12-31'], '--today must be a date from'],
  ])('exits 2 with a message naming the problem: %j', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('prints the usage to stdout for --help, of the tool or of a command', async () => {
    for (const argv of [['--help'], ['plan', '--help'], ['export', '-h']]) {
      out = [];
      expect(await main(argv)).toBe(0);
      expect(out.join('\n')).toContain('desk export --db FILE --what');
    }
  });

  it('exits 3 for another application\'s SQLite file, and leaves it as it was', async () => {
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const other = new BetterSqlite3(tmp.file);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')");
    other.close();
    const before = readFileSync(tmp.file);
    for (const argv of [['plan', '--db', tmp.file, '--today', '2026-11-24'], ['export', '--db', tmp.file, '--what', 'risk', '--today', '2026-11-24']]) {
      err = [];
      expect(await main(argv)).toBe(3);
      expect(err.join('\n')).toMatch(/another application, not a Retention Desk database/);
    }
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
  });

  it('checks the flags of plan before it opens the file', async () => {
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    new BetterSqlite3(tmp.file).close();
    const before = readFileSync(tmp.file);
    expect(await main(['plan', '--db', tmp.file, '--today', 'tomorrow'])).toBe(2);
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
  });

  it('exits 3 for a file that is not a desk database, without touching it', async () => {
    writeFileSync(tmp.file, 'not sqlite at all, a CSV maybe'.repeat(10));
    expect(await main(['search', '--db', tmp.file, 'A12'])).toBe(3);
    expect(err.join('\n')).toMatch(/not a Retention Desk database/);
  });
});

describe('desk plan and desk export', () => {
  let tmp: ReturnType<typeof tempDbFile>;
  let out: string[];
  beforeEach(async () => {
    tmp = tempDbFile();
    out = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await main(['demo', '--db', tmp.file, '--customers', '150', '--seed', '9', '--today', '2026-11-24']);
    out = [];
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('plans once, and a second run on the same day changes nothing', async () => {
    expect(await main(['plan', '--db', tmp.file, '--today', '2026-11-24', '--json'])).toBe(0);
    const first = JSON.parse(out.pop()!);
    expect(first.customers).toBe(150);
    expect(first.tasksCreated + first.cardsCreated).toBeGreaterThan(0);
    expect(await main(['plan', '--db', tmp.file, '--today', '2026-11-24', '--json'])).toBe(0);
    expect(JSON.parse(out.pop()!)).toMatchObject({ tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, tierChanges: 0 });
  });

  it('exports what it decided, with reasons, for every kind', async () => {
    await main(['plan', '--db', tmp.file, '--today', '2026-11-24']);
    for (const what of ['tasks', 'cards', 'risk', 'tiers', 'metrics']) {
      out = [];
      expect(await main(['export', '--db', tmp.file, '--what', what, '--today', '2026-11-24', '--json'])).toBe(0);
      const rows = JSON.parse(out.join('\n')) as Record<string, unknown>[];
      expect(rows.length, what).toBeGreaterThan(0);
    }
    out = [];
    await main(['export', '--db', tmp.file, '--what', 'risk', '--today', '2026-11-24', '--json']);
    const risk = JSON.parse(out.join('\n')) as { flag: string; reasons: unknown[] }[];
    expect(new Set(risk.map((r) => r.flag))).toEqual(new Set(['red', 'yellow', 'green']));
    expect(risk.every((r) => r.reasons.length > 0)).toBe(true);
  });

  it('without --json, exports lines to read: a header, then one line per row with the reason in words', async () => {
    await main(['plan', '--db', tmp.file, '--today', '2026-11-24']);
    out = [];
    expect(await main(['export', '--db', tmp.file, '--what', 'tasks', '--today', '2026-11-24', '--json'])).toBe(0);
    const tasks = JSON.parse(out.join('\n')) as { id: string; name: string; reason: { code: string } }[];
    out = [];
    expect(await main(['export', '--db', tmp.file, '--what', 'tasks', '--today', '2026-11-24'])).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('due\tstatus\tkind\trule\tcustomer\twhy\ttask id');
    expect(lines).toHaveLength(tasks.length + 1);
    const quiet = tasks.find((t) => t.reason.code === 'no_visit')!;
    expect(lines.find((l) => l.endsWith(`\t${quiet.id}`))).toMatch(new RegExp(`\\t${quiet.name}\\tno visit since \\d{4}-\\d{2}-\\d{2} \\(the last visit, or a car delivered since\\)\\t`));
    out = [];
    expect(await main(['export', '--db', tmp.file, '--what', 'tiers', '--today', '2026-11-24'])).toBe(0);
    expect(out.join('\n')).toMatch(/\t¥[\d,.]+ or \d+ visits? to (silver|gold|diamond)\t/);
  });

  it('exports without writing to the file, and says when there is nothing planned or it was planned for another day', async () => {
    const snapshot = () => readFileSync(tmp.file);
    const before = snapshot();
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    expect(await main(['export', '--db', tmp.file, '--what', 'tasks', '--today', '2026-11-24'])).toBe(1);
    expect(err.join('\n')).toMatch(/was never planned, so it has no tasks: run desk plan/);
    for (const what of ['risk', 'tiers', 'metrics']) expect(await main(['export', '--db', tmp.file, '--what', what, '--today', '2026-11-24'])).toBe(0);
    expect(snapshot().equals(before)).toBe(true);
    await main(['plan', '--db', tmp.file, '--today', '2026-11-24']);
    err.length = 0;
    expect(await main(['export', '--db', tmp.file, '--what', 'cards', '--today', '2026-12-01'])).toBe(0);
    expect(err.join('\n')).toMatch(/cards are as the planner last planned them, for 2026-11-24; run desk plan/);
  });

  it('refuses to plan a day before the last one planned, or one to come, unless told --any-day: the file stays as it was', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    expect(await main(['plan', '--db', tmp.file, '--today', '2026-11-24'])).toBe(0);
    const tasks = () => {
      const o = openDatabase(tmp.file, { readonly: true });
      try {
        return o.sqlite.prepare('SELECT id, status, due_date FROM tasks ORDER BY id').all();
      } finally {
        void o.close();
      }
    };
    const before = tasks();
    expect(await main(['plan', '--db', tmp.file, '--today', '2025-01-01'])).toBe(2);
    expect(err.join('\n')).toMatch(/--today 2025-01-01 is before 2026-11-24, the day this store was last planned.*--any-day/);
    expect(await main(['plan', '--db', tmp.file, '--today', '2099-01-01'])).toBe(2);
    expect(err.join('\n')).toMatch(/--today 2099-01-01 is a day to come/);
    expect(tasks()).toEqual(before);
    expect(await main(['plan', '--db', tmp.file, '--today', '2026-11-20', '--any-day'])).toBe(0);
    expect(tasks()).not.toEqual(before);
  });

  it('refuses an empty file (exit 3, left empty) and a folder for --db', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    const empty = `${tmp.file}.empty`;
    writeFileSync(empty, '');
    for (const command of [['plan', '--today', '2026-11-24'], ['export', '--what', 'tasks', '--today', '2026-11-24'], ['search', 'A12']]) {
      expect(await main([command[0]!, '--db', empty, ...command.slice(1)]), command[0]).toBe(3);
    }
    expect(readFileSync(empty).length).toBe(0);
    expect(err.join('\n')).toMatch(/is empty: not a Retention Desk database/);
    expect(await main(['plan', '--db', dirname(tmp.file), '--today', '2026-11-24'])).toBe(2);
    expect(err.join('\n')).toMatch(/--db .* is a folder, not a database file/);
  });

  it('exports tiers for another day than the one planned as the rules give them that day, the stored one beside', async () => {
    await main(['plan', '--db', tmp.file, '--today', '2026-11-24']);
    out = [];
    expect(await main(['export', '--db', tmp.file, '--what', 'tiers', '--today', '2025-01-01', '--json'])).toBe(0);
    const rows = JSON.parse(out.join('\n')) as { tier: string; storedTier: string; path: { next: string } | null }[];
    const rank = (t: string) => ['normal', 'silver', 'gold', 'diamond'].indexOf(t);
    // The way to the next tier starts from the tier shown: a row never names a tier at or below it as next.
    for (const r of rows) if (r.path) expect(rank(r.path.next)).toBeGreaterThan(rank(r.tier));
    expect(rows.every((r) => rank(r.storedTier) >= 0)).toBe(true);
    // Upgrades are at once: a customer the rules put higher on that day shows the higher tier.
    expect(rows.some((r) => r.tier !== r.storedTier)).toBe(true);
  });

  it('exports the metrics as the reference computes them over the tables', async () => {
    expect(await main(['export', '--db', tmp.file, '--what', 'metrics', '--today', '2026-11-24', '--json'])).toBe(0);
    const exported = JSON.parse(out.join('\n')) as { key: string; value: number | null }[];
    const opened = openDatabase(tmp.file);
    const app = storeMetrics(opened.sqlite, '2026-11-24', DEFAULT_RULES);
    await opened.close();
    expect(exported.map((m) => [m.key, m.value])).toEqual(app.map((m) => [m.key, m.value]));
  });

  it('refuses an unknown export and a missing day, naming the flag', async () => {
    expect(await main(['export', '--db', tmp.file, '--what', 'secrets', '--today', '2026-11-24'])).toBe(2);
    expect(await main(['plan', '--db', tmp.file])).toBe(2);
  });
});

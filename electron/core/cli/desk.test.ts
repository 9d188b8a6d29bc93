import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  ])('exits 2 with a message naming the problem: %j', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
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
    expect(lines.find((l) => l.endsWith(`\t${quiet.id}`))).toMatch(new RegExp(`\\t${quiet.name}\\tno visit since \\d{4}-\\d{2}-\\d{2}\\t`));
    out = [];
    expect(await main(['export', '--db', tmp.file, '--what', 'tiers', '--today', '2026-11-24'])).toBe(0);
    expect(out.join('\n')).toMatch(/\t¥[\d,.]+ or \d+ visits? to (silver|gold|diamond)\t/);
  });

  it('refuses an unknown export and a missing day, naming the flag', async () => {
    expect(await main(['export', '--db', tmp.file, '--what', 'secrets', '--today', '2026-11-24'])).toBe(2);
    expect(await main(['plan', '--db', tmp.file])).toBe(2);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';
import { loadRules, retryRefusedRules, saveRules } from './rules';

describe('the rules config HQ publishes', () => {
  let tmp = tempDbFile();
  let opened: OpenedDatabase | null = null;
  afterEach(async () => {
    await opened?.close();
    tmp.cleanup();
    tmp = tempDbFile();
  });

  it('keeps one it refuses as HQ sent it, and takes it at start-up once this version knows it', () => {
    opened = openDatabase(tmp.file);
    const sqlite = opened.sqlite;
    const current = { ...DEFAULT_RULES, version: DEFAULT_RULES.version + 1 };
    expect(saveRules(sqlite, current).ok).toBe(true);
    // A config with a field this version does not know: refused, the config in use kept, the refused one kept too.
    const newer = { ...current, version: current.version + 1, lounge: { coffee: true } };
    expect(saveRules(sqlite, newer)).toMatchObject({ ok: false });
    expect(loadRules(sqlite).version).toBe(current.version);
    expect(retryRefusedRules(sqlite)).toBe(false); // still refused by this version
    // What an updated app finds: the same refusal, now a config it takes (as if it knew the field).
    const known = { ...current, version: current.version + 2 };
    sqlite.prepare("UPDATE settings SET value = ? WHERE key = 'rules_config.refused'").run(JSON.stringify(known));
    expect(retryRefusedRules(sqlite)).toBe(true);
    expect(loadRules(sqlite).version).toBe(known.version);
    expect(retryRefusedRules(sqlite)).toBe(false); // taken once: gone
  });

  it('forgets a refused config once HQ publishes one this desk takes', () => {
    opened = openDatabase(tmp.file);
    const sqlite = opened.sqlite;
    saveRules(sqlite, { ...DEFAULT_RULES, unknown: 1 });
    expect(saveRules(sqlite, { ...DEFAULT_RULES, version: DEFAULT_RULES.version + 1 }).ok).toBe(true);
    expect(sqlite.prepare("SELECT count(*) FROM settings WHERE key = 'rules_config.refused'").pluck().get()).toBe(0);
  });
});

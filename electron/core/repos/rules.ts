import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES, parseRulesConfig, type RulesConfig } from '../../../shared/domain/rules/config';

const KEY = 'rules_config';
/** A config HQ published that this desk refused, as HQ sent it. */
const REFUSED_KEY = 'rules_config.refused';

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/**
 * The rules config in force on this desk: the one HQ published (kept in settings), or the
 * DOMAIN.md defaults. A stored config that no longer validates is ignored, never half-used.
 */
export function loadRules(sqlite: BetterSqlite3.Database): RulesConfig {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return DEFAULT_RULES;
  try {
    const parsed = parseRulesConfig(JSON.parse(raw));
    if (parsed.ok) return parsed.config;
    warnOnce(`[rules] the stored rules config is refused (${parsed.field}: ${parsed.message}); planning with the defaults until HQ publishes a valid one`);
  } catch {
    warnOnce('[rules] the stored rules config is not JSON; planning with the defaults until HQ publishes a valid one');
  }
  return DEFAULT_RULES;
}

/**
 * Stores a new rules config after validating it; returns the field at fault when it is invalid. One
 * refused is kept as HQ sent it (REFUSED_KEY) and tried again at start-up (retryRefusedRules): a
 * config with a field only a newer desk knows was skipped for good, also after the app was updated,
 * until HQ published again, and desks updated at different times planned with different rules.
 */
export function saveRules(sqlite: BetterSqlite3.Database, input: unknown): { ok: true; config: RulesConfig } | { ok: false; field: string; message: string } {
  const parsed = parseRulesConfig(input);
  const put = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  if (!parsed.ok) {
    put.run(REFUSED_KEY, JSON.stringify(input ?? null));
    return parsed;
  }
  put.run(KEY, JSON.stringify(parsed.config));
  sqlite.prepare('DELETE FROM settings WHERE key = ?').run(REFUSED_KEY);
  return parsed;
}


/** The config HQ published that this desk refused, tried again (this version may know it): whether it is taken now. */
export function retryRefusedRules(sqlite: BetterSqlite3.Database): boolean {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(REFUSED_KEY) as string | undefined;
  if (raw === undefined) return false;
  const saved = saveRules(sqlite, JSON.parse(raw));
  if (saved.ok) console.warn('[rules] the rules config HQ published earlier, refused by the app then, is taken now');
  return saved.ok;
}

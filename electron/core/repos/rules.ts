import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES, parseRulesConfig, type RulesConfig } from '../../../shared/domain/rules/config';

const KEY = 'rules_config';

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

/** Stores a new rules config after validating it; returns the field at fault when it is invalid. */
export function saveRules(sqlite: BetterSqlite3.Database, input: unknown): { ok: true; config: RulesConfig } | { ok: false; field: string; message: string } {
  const parsed = parseRulesConfig(input);
  if (!parsed.ok) return parsed;
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed.config));
  return parsed;
}

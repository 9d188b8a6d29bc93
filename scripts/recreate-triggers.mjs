// Prints the SQL a new migration appends after adding columns to a table: DROP and CREATE again for
// every trigger on that table whose json_object(...) copies of OLD or NEW miss a column (the sync
// capture triggers of migration 0008, the planner-align ones of 0014, and their later re-creations).
// The schema is every migration in migrations/, the draft one included, so write the ALTER TABLE
// first, run this, and paste what it prints below it. Prints nothing when every trigger is complete
// (electron/core/api/mutate.test.ts and sync/capture.test.ts check that every column is captured).
// Usage: node scripts/recreate-triggers.mjs TABLE [TABLE...]
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';

const root = fileURLToPath(new URL('..', import.meta.url));

export function migratedSchema() {
  const sqlite = new BetterSqlite3(':memory:');
  for (const file of readdirSync(`${root}migrations`).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort()) {
    sqlite.exec(readFileSync(`${root}migrations/${file}`, 'utf8'));
  }
  return sqlite;
}

/** `json_object('a', NEW.a, 'b', NEW.b)` for every column, in table order. */
const jsonOf = (alias, columns) => `json_object(${columns.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`;

/** The trigger's SQL with each row copy listing every column; null when it already does (or copies no row). */
export function completedTrigger(sql, columns) {
  let changed = false;
  const out = sql.replace(/json_object\(((?:'\w+', (OLD|NEW)\.\w+(?:, )?)+)\)/g, (whole, _list, alias) => {
    const full = jsonOf(alias, columns);
    if (full !== whole) changed = true;
    return full;
  });
  return changed ? out : null;
}

export function recreateTriggers(sqlite, table) {
  const columns = sqlite.pragma(`table_info(${table})`).map((c) => c.name);
  if (columns.length === 0) throw new Error(`no table named ${table}`);
  const triggers = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name`).all(table);
  const lines = [];
  for (const { name, sql } of triggers) {
    const complete = completedTrigger(sql, columns);
    if (complete !== null) lines.push(`DROP TRIGGER ${name};`, `${complete};`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tables = process.argv.slice(2);
  if (tables.length === 0) {
    console.error('usage: node scripts/recreate-triggers.mjs TABLE [TABLE...]');
    process.exit(2);
  }
  const sqlite = migratedSchema();
  const lines = tables.flatMap((t) => recreateTriggers(sqlite, t));
  if (lines.length > 0) console.log(lines.join('\n'));
}

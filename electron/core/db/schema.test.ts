import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMigrationsModule } from '../../../scripts/gen-migrations.mjs';
import { tempDbFile } from '../testing/fixture';
import { openDatabase } from './open';

// The Kysely interface is types only, so read its table and column names from the source.
function kyselyColumns(): Record<string, string[]> {
  const source = readFileSync(new URL('./schema.ts', import.meta.url), 'utf8');
  const interfaces = new Map<string, string[]>();
  for (const m of source.matchAll(/export interface (\w+)Table \{([^}]*)\}/g)) {
    interfaces.set(m[1]!, [...m[2]!.matchAll(/(\w+):/g)].map((c) => c[1]!));
  }
  const database = /export interface Database \{([^}]*)\}/.exec(source)![1]!;
  return Object.fromEntries([...database.matchAll(/(\w+): (\w+)Table;/g)].map((m) => [m[1]!, interfaces.get(m[2]!)!]));
}

describe('schema', () => {
  it('the Kysely Database interface matches the migrated tables column for column', async () => {
    const tmp = tempDbFile();
    const opened = openDatabase(tmp.file);
    const tables = opened.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    const actual = Object.fromEntries(
      tables.map((t) => [t.name, (opened.sqlite.pragma(`table_info(${t.name})`) as { name: string }[]).map((c) => c.name).sort()]),
    );
    const declared = Object.fromEntries(Object.entries(kyselyColumns()).map(([t, cols]) => [t, [...cols].sort()]));
    expect(declared).toEqual(actual);
    await opened.close();
    tmp.cleanup();
  });

  it('the bundled migrations module is up to date with migrations/*.sql (run `npm run gen`)', () => {
    const bundled = readFileSync(new URL('./migrations.generated.ts', import.meta.url), 'utf8');
    expect(bundled).toBe(renderMigrationsModule());
  });
});

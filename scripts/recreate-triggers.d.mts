import type BetterSqlite3 from 'better-sqlite3';
export function migratedSchema(): BetterSqlite3.Database;
export function completedTrigger(sql: string, columns: readonly string[]): string | null;
export function recreateTriggers(sqlite: BetterSqlite3.Database, table: string): string[];

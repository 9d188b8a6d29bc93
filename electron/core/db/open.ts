import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { MIGRATIONS } from './migrations.generated';
import type { Database } from './schema';

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  sqlite: BetterSqlite3.Database;
  file: string;
  close(): Promise<void>;
}

/** Why a database file could not be opened. The file is never modified in these cases. */
export class DatabaseFileError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'too_new' | 'foreign' | 'outdated' | 'migration_failed',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const SQLITE_HEADER = 'SQLite format 3\u0000';

function assertLooksLikeSqlite(file: string): void {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read === 0) return; // an empty file is a new database
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new DatabaseFileError('corrupt', `${file} is not a Retention Desk database (not a SQLite file); it was left untouched.`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (creating if needed) a store database and brings it to the latest schema.
 * A file from a newer app version or a damaged file is refused, never "repaired".
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): OpenedDatabase {
  assertLooksLikeSqlite(file);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new DatabaseFileError('corrupt', `${file} could not be opened: ${(error as Error).message}`);
  }
  try {
    // Reading the schema parses page 1: a damaged file fails here, before anything is written.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    assertOurs(sqlite, file, version);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DatabaseFileError(
        'too_new',
        `${file} was written by a newer Retention Desk (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}). Update the app; the file was left untouched.`,
      );
    }
    if (options.readonly && version < LATEST_SCHEMA_VERSION) {
      throw new DatabaseFileError(
        'outdated',
        `${file} has schema ${version}, older than this version's ${LATEST_SCHEMA_VERSION}: open it once with the app (or run desk plan on it) to update it. The file was left untouched.`,
      );
    }
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      // Every commit reaches the disk before it is answered: a person's saved change survives a power
      // cut (NORMAL lost the last seconds of work, and an outbox entry HQ had applied came back with a
      // reused id that HQ then took for the old one: the new change silently dropped). One sync per
      // write; the bulk loads set NORMAL or OFF for their own duration.
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(sqlite, version);
  } catch (error) {
    sqlite.close();
    if (error instanceof DatabaseFileError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new DatabaseFileError('corrupt', `${file} is damaged (${code}); it was left untouched. Restore a backup or resync from HQ.`);
    }
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    file,
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close(); // checkpoints the WAL into the main file
    },
  };
}

/**
 * A file is a store database (of any schema version), or empty: another application's SQLite
 * file (tables without our schema version, or a schema version without our tables) is refused
 * before anything is written to it, not given our tables beside its own.
 */
function assertOurs(sqlite: BetterSqlite3.Database, file: string, version: number): void {
  const tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const ours = version === 0 ? tables.size === 0 : tables.has('customers') && tables.has('settings');
  if (!ours) {
    throw new DatabaseFileError('foreign', `${file} is a SQLite database of another application, not a Retention Desk database; it was left untouched.`);
  }
}

function migrate(sqlite: BetterSqlite3.Database, from: number): void {
  try {
    applyMigrations(sqlite, from, MIGRATIONS);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw error;
    throw new DatabaseFileError(
      'migration_failed',
      `${sqlite.name}: updating it to schema ${LATEST_SCHEMA_VERSION} failed (${(error as Error).message}). It was left as it was (schema ${from}): the earlier version of the app still opens it, and nothing in it is lost.`,
    );
  }
}

/**
 * Every pending migration in ONE transaction: an upgrade that fails half-way (a full disk, data a new
 * unique index refuses) leaves the file at the schema it had, which the earlier app still opens.
 * One transaction per migration left it between the two, opened by neither version.
 */
export function applyMigrations(sqlite: BetterSqlite3.Database, from: number, migrations: readonly { version: number; sql: string }[]): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  sqlite.transaction(() => {
    for (const migration of pending) sqlite.exec(migration.sql);
    sqlite.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  })();
}

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { SerialPGliteDialect } from './pglite-dialect';
import type { HqDatabase } from './schema';

export interface HqDb {
  db: Kysely<HqDatabase>;
  /** 'postgres' (DATABASE_URL) or 'pglite' (embedded). */
  kind: 'postgres' | 'pglite';
  schemaVersion: number;
  close(): Promise<void>;
}

export interface OpenHqOptions {
  /** postgres://... ; absent = embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory ('memory://' for tests). Default: ./hq-data */
  dataDir?: string | undefined;
  /** pg pool size (default 10). */
  poolSize?: number;
  /** An idle pooled connection failed (default: logged to stderr). */
  onIdleError?: (error: Error) => void;
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

/** hq/migrations/NNNN_name.sql, in order; forward-only. */
export function loadMigrations(): Migration[] {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`hq/migrations: expected migration ${i + 1} but found ${file} (numbers must have no gaps)`);
    return { version, name: file.slice(5, -4), sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') };
  });
}

const SCHEMA_TABLE = 'CREATE TABLE IF NOT EXISTS hq_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** Runs every pending migration in one transaction (DDL is transactional in PostgreSQL); refuses a newer database. */
async function migrate(run: {
  query: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  script: (text: string) => Promise<void>;
}): Promise<number> {
  const migrations = loadMigrations();
  const known = migrations.length;
  await run.query('SELECT pg_advisory_xact_lock(74000001)');
  await run.script(SCHEMA_TABLE);
  const { rows } = await run.query('SELECT COALESCE(MAX(version), 0) AS v FROM hq_schema');
  const current = Number(rows[0]?.v ?? 0);
  if (current > known) throw new Error(`The HQ database is at schema ${current}, newer than this HQ (${known}): update the HQ server`);
  for (const m of migrations) {
    if (m.version <= current) continue;
    await run.script(m.sql);
    await run.query('INSERT INTO hq_schema (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
  }
  return known;
}

export async function openHq(options: OpenHqOptions = {}): Promise<HqDb> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection the server dropped (restart, failover) must not crash HQ: the pool replaces it.
    pool.on('error', (e) => (options.onIdleError ?? ((err: Error) => console.error(`HQ database: idle connection lost: ${err.message}`)))(e));
    const client = await pool.connect();
    let schemaVersion: number;
    try {
      await client.query('BEGIN');
      schemaVersion = await migrate({ query: (t, p) => client.query(t, p), script: async (t) => void (await client.query(t)) });
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await pool.end();
      throw e;
    }
    client.release();
    const db = new Kysely<HqDatabase>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', schemaVersion, close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './hq-data';
  const unlock = dataDir.startsWith('memory://') ? () => undefined : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (e) {
    unlock();
    throw e;
  }
  let schemaVersion = 0;
  try {
    await client.transaction(async (tx) => {
      schemaVersion = await migrate({
        query: (t, p) => tx.query<Record<string, unknown>>(t, p),
        script: async (t) => void (await tx.exec(t)),
      });
    });
  } catch (e) {
    await client.close();
    unlock();
    throw e;
  }
  const db = new Kysely<HqDatabase>({ dialect: new SerialPGliteDialect(client) });
  return {
    db, kind: 'pglite', schemaVersion,
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/** The lock files this process holds (its own pid in a lock it does not hold is stale). */
const heldHere = new Set<string>();

/** Thrown when another process has the embedded database's folder. */
export class DataDirInUseError extends Error {}

/**
 * One process at a time on an embedded (PGlite) data folder: PGlite takes no lock of its own, and an
 * admin command run beside the running server (the natural order: desks enrol against it) wrote the
 * same folder and could leave it unreadable. A lock file beside the folder names the process; one left
 * by a process that is gone is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      // Our own pid in it and not held by this process: left by an earlier run that was killed (a
      // container's process is pid 1 every time): stale, else HQ refused itself until the file was deleted.
      const ours = pid === process.pid && !heldHere.has(file);
      if (Number.isInteger(pid) && pid > 0 && !ours && alive(pid)) {
        throw new DataDirInUseError(`The HQ data folder ${resolve(dataDir)} is in use by process ${pid} (the HQ server?): stop it before an admin command, or run HQ on PostgreSQL (DATABASE_URL), which several processes share.`);
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new DataDirInUseError(`Could not lock the HQ data folder ${resolve(dataDir)}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SYNC_SCHEMA_VERSION, type EnrolResponse, type Mutation, type PullResponse, type PushResponse, type RowOp } from '../../shared/sync/protocol';
import { createEnrolCode, createStore } from '../admin';
import { openHq, type HqDb } from '../db/open';
import { startHqServer, type HqServer } from '../server';

/**
 * A real HQ for tests: on the PostgreSQL of DATABASE_URL (a database of its own, dropped at
 * close) when set, else an in-memory PGlite; served over HTTP on a random loopback port.
 */
export interface TestHq {
  hq: HqDb;
  server: HqServer;
  url: string;
  adminToken: string;
  /** The connection string of this test's own database (undefined on PGlite). */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => undefined };
  const name = `hq_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestHq(): Promise<TestHq> {
  const database = await createTestDatabase();
  const hq = await openHq({ databaseUrl: database.url, dataDir: 'memory://' });
  const adminToken = randomBytes(16).toString('hex');
  const server = await startHqServer({ db: hq.db, adminToken });
  return {
    hq,
    server,
    url: server.url,
    adminToken,
    databaseUrl: database.url,
    close: async () => {
      await server.close();
      await hq.close();
      await database.drop();
    },
  };
}

export interface Reply<T> {
  status: number;
  body: T & { error?: { code: string; message: string; field?: string } };
}

export async function http<T = Record<string, unknown>>(url: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Reply<T>> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
}

/** A store with an enrolled desk. */
export async function storeWithDesk(t: TestHq, code: string, deviceName = 'desk 1'): Promise<{ storeId: string; code: string; device: EnrolResponse }> {
  const store = await createStore(t.hq.db, { code, name: `Store ${code}`, 'points-from': 'none' });
  const device = await enrol(t, code, deviceName);
  return { storeId: store.storeId, code, device };
}

export async function enrol(t: TestHq, storeCode: string, deviceName = 'desk'): Promise<EnrolResponse> {
  const { code } = await createEnrolCode(t.hq.db, { store: storeCode });
  const r = await http<EnrolResponse>(t.url, '/enrol', { body: { code, deviceName, schemaVersion: SYNC_SCHEMA_VERSION } });
  if (r.status !== 200) throw new Error(`enrol: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export function push(t: TestHq, device: EnrolResponse, mutations: Mutation[], schemaVersion = SYNC_SCHEMA_VERSION) {
  return http<PushResponse>(t.url, '/sync/push', { token: device.token, body: { deviceId: device.deviceId, schemaVersion, mutations } });
}

export function pull(t: TestHq, device: EnrolResponse, cursor: number, extra = '') {
  return http<PullResponse>(t.url, `/sync/pull?cursor=${cursor}${extra}`, { token: device.token });
}

/** Pulls every page from `cursor`; returns the changes and the final cursor. */
export async function pullAll(t: TestHq, device: EnrolResponse, cursor = 0, limit = 1000): Promise<{ changes: PullResponse['changes']; cursor: number; last: PullResponse }> {
  const changes: PullResponse['changes'] = [];
  for (;;) {
    const r = await pull(t, device, cursor, `&limit=${limit}`);
    if (r.status !== 200) throw new Error(`pull: ${r.status} ${JSON.stringify(r.body)}`);
    changes.push(...r.body.changes);
    cursor = r.body.cursor;
    if (!r.body.hasMore) return { changes, cursor, last: r.body };
  }
}

export const mutation = (id: number, ops: RowOp[], name = 'test.write'): Mutation => ({ id, name, args: {}, ops, at: new Date().toISOString() });

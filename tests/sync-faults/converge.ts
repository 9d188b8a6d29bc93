import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { HqDatabase } from '../../hq/db/schema';
import type { RowOp } from '../../shared/sync/protocol';
import { rowKeyOf, SYNCED_TABLES } from '../../shared/sync/tables';

/**
 * What "the network healed and everyone agrees" means, checked after a fault round:
 * 1. every desk's synced tables equal HQ's rows of the store (canonical dumps: rows by key, columns
 *    sorted, values as JSON);
 * 2. every mutation a desk made was processed by HQ exactly once (one result per id, the desk's
 *    outbox settled with the same outcome, an applied mutation's inserted rows at HQ, a rejected
 *    one's absent);
 * 3. no customer's points balance below zero, at HQ or on any desk;
 * 4. every refusal HQ recorded is in the originating desk's sync_rejections (its needs-attention list).
 * Each returns a list of problems (empty = fine), short enough to print.
 */

/** Rows only a desk has, legitimately: planner tasks and cards each desk makes itself and nobody has touched (never pushed). */
const LOCAL_ONLY_TABLES = new Set(['tasks', 'card_reminders']);

export type Dump = Map<string, Map<string, string>>;

const canonical = (row: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k] ?? null])));

export function deskDump(sqlite: BetterSqlite3.Database): Dump {
  const dump: Dump = new Map();
  for (const t of SYNCED_TABLES) {
    const rows = sqlite.prepare(`SELECT * FROM ${t.table}`).all() as Record<string, unknown>[];
    dump.set(t.table, new Map(rows.map((r) => [rowKeyOf(t, r), canonical(r)])));
  }
  return dump;
}

export async function hqDump(db: Kysely<HqDatabase>, storeId: string): Promise<Dump> {
  const rows = await db.selectFrom('sync_rows').select(['tbl', 'pk', 'data']).where('store_id', '=', storeId).where('deleted', '=', false).execute();
  const dump: Dump = new Map(SYNCED_TABLES.map((t) => [t.table, new Map()]));
  for (const r of rows) dump.get(r.tbl)?.set(r.pk, canonical(r.data as Record<string, unknown>));
  return dump;
}

/** Differences between a desk and HQ, at most `max` lines. Desk-only rows allowed where the desk's own planner made them and never pushed them. */
export function diffDumps(desk: Dump, hq: Dump, pushedKeys: Set<string>, max = 8): string[] {
  const out: string[] = [];
  for (const [table, hqRows] of hq) {
    const deskRows = desk.get(table) ?? new Map<string, string>();
    for (const [pk, h] of hqRows) {
      const d = deskRows.get(pk);
      if (d === undefined) out.push(`${table} ${pk}: at HQ, missing on the desk: ${h}`);
      else if (d !== h) out.push(`${table} ${pk}: differs\n    desk ${d}\n    hq   ${h}`);
    }
    for (const [pk, d] of deskRows) {
      if (hqRows.has(pk)) continue;
      if (LOCAL_ONLY_TABLES.has(table) && !pushedKeys.has(`${table}:${pk}`)) continue;
      out.push(`${table} ${pk}: on the desk, not at HQ: ${d}`);
    }
  }
  return out.slice(0, max);
}

interface OutboxRow {
  mutation_id: number;
  name: string;
  ops: string;
  settled_at: string | null;
  result: string | null;
}

export function outboxOf(sqlite: BetterSqlite3.Database): OutboxRow[] {
  return sqlite.prepare('SELECT mutation_id, name, ops, settled_at, result FROM outbox ORDER BY mutation_id').all() as OutboxRow[];
}

/** `table:pk` of every row a desk's mutations wrote. */
export function pushedKeys(outbox: OutboxRow[]): Set<string> {
  const keys = new Set<string>();
  for (const o of outbox) for (const op of JSON.parse(o.ops) as RowOp[]) keys.add(`${op.table}:${op.pk}`);
  return keys;
}

export async function exactlyOnce(db: Kysely<HqDatabase>, storeId: string, deviceId: string, sqlite: BetterSqlite3.Database, hq: Dump): Promise<string[]> {
  const out: string[] = [];
  const outbox = outboxOf(sqlite);
  const results = await db.selectFrom('mutation_results').select(['mutation_id', 'status', 'code']).where('store_id', '=', storeId).where('device_id', '=', deviceId).execute();
  const byId = new Map<number, { status: string; code: string | null }>();
  for (const r of results) {
    const id = Number(r.mutation_id);
    if (byId.has(id)) out.push(`mutation ${id}: ${byId.size} results at HQ`);
    byId.set(id, { status: r.status, code: r.code });
  }
  const device = await db.selectFrom('devices').select('last_mutation_id').where('store_id', '=', storeId).where('device_id', '=', deviceId).executeTakeFirst();
  const maxId = outbox.at(-1)?.mutation_id ?? 0;
  if (Number(device?.last_mutation_id ?? -1) !== maxId) out.push(`HQ's last_mutation_id ${String(device?.last_mutation_id)} != the desk's last outbox id ${maxId}`);
  for (const o of outbox) {
    const at = byId.get(o.mutation_id);
    if (!at) {
      out.push(`mutation ${o.mutation_id} (${o.name}): no result at HQ`);
      continue;
    }
    if (o.settled_at === null || o.result !== at.status) out.push(`mutation ${o.mutation_id} (${o.name}): desk ${o.result ?? 'unsettled'}, HQ ${at.status} ${at.code ?? ''}`);
    for (const op of JSON.parse(o.ops) as RowOp[]) {
      if (op.op !== 'insert') continue;
      const policy = SYNCED_TABLES.find((t) => t.table === op.table)?.policy;
      if (policy !== 'append') continue; // append rows are never changed later: present iff applied
      const there = hq.get(op.table)?.has(op.pk) ?? false;
      if (at.status === 'applied' && !there) out.push(`mutation ${o.mutation_id} (${o.name}) applied but ${op.table} ${op.pk} is not at HQ`);
      if (at.status === 'rejected' && there) out.push(`mutation ${o.mutation_id} (${o.name}) rejected but ${op.table} ${op.pk} is at HQ`);
    }
  }
  for (const id of byId.keys()) if (!outbox.some((o) => o.mutation_id === id)) out.push(`HQ has a result for mutation ${id}, the desk never made it`);
  return out;
}

export function negativeBalances(rows: Iterable<{ customer_id: unknown; points: unknown }>): string[] {
  const sum = new Map<string, number>();
  for (const r of rows) sum.set(String(r.customer_id), (sum.get(String(r.customer_id)) ?? 0) + Number(r.points));
  return [...sum].filter(([, b]) => b < 0).map(([c, b]) => `customer ${c} balance ${b}`);
}

export async function refusalsVisible(db: Kysely<HqDatabase>, storeId: string, deviceId: string, sqlite: BetterSqlite3.Database): Promise<{ problems: string[]; refused: number }> {
  const rejected = await db.selectFrom('mutation_results').select(['mutation_id', 'code']).where('store_id', '=', storeId).where('device_id', '=', deviceId).where('status', '=', 'rejected').execute();
  const shown = new Set((sqlite.prepare('SELECT mutation_id FROM sync_rejections WHERE resolved_at IS NULL').pluck().all() as number[]).map(Number));
  const problems = rejected.filter((r) => !shown.has(Number(r.mutation_id))).map((r) => `mutation ${String(r.mutation_id)} refused at HQ (${r.code ?? ''}) but not in the desk's needs-attention list`);
  return { problems, refused: rejected.length };
}

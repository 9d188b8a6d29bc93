import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowOpSchema, type RowOp } from '../../../../shared/sync/protocol';
import { SYNCED_TABLES, syncedTable } from '../../../../shared/sync/tables';
import type { Core } from '../../core';
import { applyRowOp } from '../../repos/sync-apply';
import { deskClient } from '../../testing/client';
import { tempDbFile } from '../../testing/fixture';
import { managerDesk } from '../../testing/manager-store';

/**
 * The store manager's writes reach HQ as row operations: replayed on a copy of the database taken
 * just before the call, the ops of its outbox entry give exactly the synced rows it left (as the
 * outbox capture test does for the advisor's writes), and a 'master' customer row is only changed in
 * the fields a desk may change.
 */
describe('store manager writes: outbox row operations reproduce the write', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;
  const tmp = tempDbFile();
  let n = 0;
  const sql = () => core.context.database.sqlite;
  const dump = (db: BetterSqlite3.Database) =>
    Object.fromEntries(SYNCED_TABLES.map((t) => [t.table, db.prepare(`SELECT * FROM ${t.table} ORDER BY ${t.pk.join(', ')}`).all()]));

  beforeAll(async () => {
    ({ core, manager } = await managerDesk({ vips: true, planAfterWrites: false }));
  });
  afterAll(async () => {
    manager.close();
    await core.close();
    tmp.cleanup();
  });

  async function roundTrip(area: string, verb: string, args: Record<string, unknown>): Promise<RowOp[]> {
    const copy = `${tmp.dir}/before-${++n}.sqlite`;
    sql().exec(`VACUUM INTO '${copy}'`);
    const r = await manager.call(area, verb, args);
    expect(r.error, `${area}.${verb}`).toBeUndefined();
    const ops = JSON.parse(sql().prepare('SELECT ops FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get() as string) as RowOp[];
    for (const op of ops) expect(rowOpSchema.safeParse(op).success).toBe(true);
    const before = new BetterSqlite3(copy);
    before.pragma('foreign_keys = ON');
    before.transaction(() => {
      for (const op of ops) applyRowOp(before, op);
    })();
    expect(dump(before)).toEqual(dump(sql()));
    before.close();
    return ops;
  }

  it('team.reassign: customers (desk fields only), tasks, cards and the assignment rows', async () => {
    const ops = await roundTrip('team', 'reassign', { customerIds: ['D', 'E', 'H'], toAdvisorId: 'adv-1', reason: '顾问离职' });
    expect(new Set(ops.map((o) => o.table))).toEqual(new Set(['customers', 'tasks', 'card_reminders', 'customer_assignments']));
    const desk = new Set(syncedTable('customers')!.deskFields);
    for (const op of ops.filter((o) => o.table === 'customers')) {
      expect(op.op).toBe('update');
      if (op.op === 'update') for (const field of Object.keys(op.fields)) expect(desk.has(field), field).toBe(true);
    }
  });

  it('campaigns.create: the campaign row', async () => {
    const ops = await roundTrip('campaigns', 'create', {
      kind: 'campaign', name: '老客户专享保养季', benefit: '机油八折', audience: 'existing_customers', startsOn: '2026-12-01', endsOn: '2026-12-31',
    });
    expect(ops.map((o) => [o.table, o.op])).toEqual([['campaigns', 'insert']]);
  });
});

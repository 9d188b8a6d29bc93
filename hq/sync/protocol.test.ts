import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_RULES, parseRulesConfig } from '../../shared/domain/rules/config';
import { SYNC_SCHEMA_VERSION, type EnrolResponse, type PullResponse, type RowOp } from '../../shared/sync/protocol';
import { addStaff, createEnrolCode, publishRules, revoke } from '../admin';
import { writeAsHq } from '../repos/admin';
import { compactTombstones, pointsBalance, securityLog } from '../repos/rows';
import { rawStatus } from '../../tests/support/raw-request';
import { enrol, http, mutation, pull, pullAll, push, startTestHq, storeWithDesk, type TestHq } from '../testing/hq';

// The sync protocol through real HTTP against a real HQ database (PostgreSQL when DATABASE_URL is set, else PGlite).

let t: TestHq;
let a: { storeId: string; code: string; device: EnrolResponse };
let b: { storeId: string; code: string; device: EnrolResponse };

const at = '2026-01-01T00:00:00.000Z';
const customer = (storeId: string, name: string) => {
  const id = uuidv7();
  return { id, store_id: storeId, name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, marketing_consent: 0, do_not_contact: 0, advisor_id: null, note: null, tier: 'normal', created_at: at, updated_at: at, deleted_at: null };
};
async function seedCustomer(storeId: string, name = '王伟') {
  const c = customer(storeId, name);
  await writeAsHq(t.hq.db, storeId, [{ tbl: 'customers', pk: c.id, data: c }]);
  return c;
}
const ledger = (storeId: string, customerId: string, points: number, kind = points >= 0 ? 'activity' : 'redeem') => {
  const row = { id: uuidv7(), store_id: storeId, customer_id: customerId, entry_date: '2026-01-02', kind, points, visit_id: null, counterparty_id: null, reverses_id: null, note: null, created_by: null, created_at: at };
  return { op: 'insert', table: 'points_ledger', pk: row.id, row } as RowOp;
};
const preference = (storeId: string, customerId: string, value: string) => {
  const row = { id: uuidv7(), store_id: storeId, customer_id: customerId, category: 'drink', value, suggestion_status: null, noted_by: null, noted_at: at, updated_by: null, updated_at: at, deleted_at: null };
  return { op: 'insert', table: 'preferences', pk: row.id, row } as const satisfies RowOp;
};
const rowOf = (changes: { table: string; pk: string; row: Record<string, unknown> | null }[], table: string, pk: string) => changes.filter((c) => c.table === table && c.pk === pk).at(-1)?.row;

beforeAll(async () => {
  t = await startTestHq();
  a = await storeWithDesk(t, 'A01');
  b = await storeWithDesk(t, 'B01');
}, 120_000);
afterAll(async () => t?.close(), 60_000);

describe('enrolment', () => {
  it('exchanges a one-time code for a token bound to the store; the code works once', async () => {
    const { code } = await createEnrolCode(t.hq.db, { store: 'A01' });
    const first = await http<EnrolResponse>(t.url, '/enrol', { body: { code: code.toLowerCase(), deviceName: 'front desk', schemaVersion: SYNC_SCHEMA_VERSION } });
    expect(first.status).toBe(200);
    expect(first.body.store).toMatchObject({ id: a.storeId, code: 'A01' });
    const again = await http(t.url, '/enrol', { body: { code, deviceName: 'another', schemaVersion: SYNC_SCHEMA_VERSION } });
    expect(again.status).toBe(401);
    expect(again.body.error).toMatchObject({ code: 'unauthorized', field: 'code' });
    const unknown = await http(t.url, '/enrol', { body: { code: 'ABCD-EFGH-JKLM', deviceName: 'x', schemaVersion: SYNC_SCHEMA_VERSION } });
    expect(unknown.status).toBe(401);
    const bad = await http(t.url, '/enrol', { body: { code, schemaVersion: SYNC_SCHEMA_VERSION } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation', field: 'deviceName' });
  });

  it('refuses a missing, forged or revoked token, and logs the revoked one', async () => {
    const d = await enrol(t, 'A01', 'to revoke');
    expect((await pull(t, d, 0)).status).toBe(200);
    expect((await http(t.url, '/sync/pull?cursor=0')).status).toBe(401);
    const forged = { ...d, token: `${d.token.slice(0, -4)}AAAA` };
    expect((await pull(t, forged, 0)).status).toBe(401);
    await revoke(t.hq.db, d.deviceId);
    const r = await pull(t, d, 0);
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('unauthorized');
    expect((await push(t, d, [])).status).toBe(401);
    expect((await securityLog(t.hq.db, a.storeId)).some((e) => e.kind === 'revoked_token' && e.deviceId === d.deviceId)).toBe(true);
  });

  it('a token the server already knows (it pushed before) stops working at once when another process revokes it; nothing of the push is applied', async () => {
    const d = await enrol(t, 'A01', 'known then revoked');
    const c = await seedCustomer(a.storeId);
    expect((await push(t, d, [mutation(1, [ledger(a.storeId, c.id, 5)])])).status).toBe(200);
    const forged = { ...d, token: `${d.token.slice(0, -4)}AAAA` };
    expect((await push(t, forged, [mutation(2, [ledger(a.storeId, c.id, 5)])])).status).toBe(401);
    await revoke(t.hq.db, d.deviceId); // straight in the database, as the admin CLI (another process) does
    const r = await push(t, d, [mutation(2, [ledger(a.storeId, c.id, 7)])]);
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('unauthorized');
    expect(await pointsBalance(t.hq.db, a.storeId, c.id)).toBe(5);
    expect((await securityLog(t.hq.db, a.storeId)).some((e) => e.kind === 'revoked_token' && e.deviceId === d.deviceId && e.detail.path === '/sync/push')).toBe(true);
  });
});

describe('bad requests', () => {
  it('answers a request path no parser takes with 400 and keeps serving (it stopped HQ for every store)', async () => {
    const port = Number(new URL(t.url).port);
    expect(await rawStatus(port, '//a:b')).toBe(400);
    expect(await rawStatus(port, '//[')).toBe(400);
    expect((await http(t.url, '/health', { method: 'GET' })).status).toBe(200);
  });
});

describe('schema versions', () => {
  it('answers update_needed (409) to another schema version and applies nothing', async () => {
    const c = await seedCustomer(a.storeId);
    const before = await pullAll(t, a.device);
    const r = await push(t, a.device, [mutation(1_000_000, [ledger(a.storeId, c.id, 10)])], SYNC_SCHEMA_VERSION + 1);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'update_needed', field: 'schemaVersion' });
    expect((await pull(t, a.device, before.cursor, `&schemaVersion=${SYNC_SCHEMA_VERSION + 1}`)).body.error?.code).toBe('update_needed');
    const { code } = await createEnrolCode(t.hq.db, { store: 'A01' });
    expect((await http(t.url, '/enrol', { body: { code, deviceName: 'old desk', schemaVersion: 0 } })).status).toBe(409);
    const after = await pullAll(t, a.device, before.cursor);
    expect(after.changes).toEqual([]);
    expect(after.last.lastMutationId).toBe(before.last.lastMutationId);
  });
});

describe('push', () => {
  it('is idempotent: the same batch twice, overlapping batches and concurrent retries apply each mutation once', async () => {
    const { device } = await storeWithDesk(t, 'IDEM');
    const storeId = device.store.id;
    const c = await seedCustomer(storeId);
    const batch = [1, 2, 3].map((id) => mutation(id, [ledger(storeId, c.id, 100)]));
    const first = await push(t, device, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const second = await push(t, device, batch);
    expect(second.body.results).toEqual(first.body.results);
    expect(second.body.lastMutationId).toBe(3);
    const overlap = await push(t, device, [...batch.slice(1), mutation(4, [ledger(storeId, c.id, 100)])]);
    expect(overlap.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // The same new batch sent three times at once (a retry racing the original).
    const next = [5, 6].map((id) => mutation(id, [ledger(storeId, c.id, 1)]));
    const racing = await Promise.all([push(t, device, next), push(t, device, next), push(t, device, next)]);
    for (const r of racing) expect(r.status).toBe(200);
    expect(await pointsBalance(t.hq.db, storeId, c.id)).toBe(402);
    const all = await pullAll(t, device);
    expect(all.changes.filter((ch) => ch.table === 'points_ledger')).toHaveLength(6);
    expect(all.last.lastMutationId).toBe(6);
  });

  it('rejects a redemption that would make the balance negative; the rejection names the balance and reaches the device in pull', async () => {
    const c = await seedCustomer(a.storeId, '李娜');
    const base = (await pullAll(t, a.device)).last.lastMutationId;
    const r = await push(t, a.device, [mutation(base + 1, [ledger(a.storeId, c.id, 300)]), mutation(base + 2, [ledger(a.storeId, c.id, -500)]), mutation(base + 3, [ledger(a.storeId, c.id, -300)])]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(r.body.results[1]).toMatchObject({ code: 'insufficient_balance', details: { balance: 300, requested: 500 } });
    expect(r.body.lastMutationId).toBe(base + 3);
    expect(await pointsBalance(t.hq.db, a.storeId, c.id)).toBe(0);
    const p = await pullAll(t, a.device);
    expect(p.last.lastMutationId).toBe(base + 3);
    expect(p.last.rejections.find((x) => x.id === base + 2)).toMatchObject({ status: 'rejected', code: 'insufficient_balance', details: { balance: 300 } });
    // A transfer: two entries in one mutation, checked per customer.
    const d = await seedCustomer(a.storeId, '张三');
    const t1 = await push(t, a.device, [mutation(base + 4, [ledger(a.storeId, c.id, -10, 'transfer_out'), ledger(a.storeId, d.id, 10, 'transfer_in')])]);
    expect(t1.body.results[0]).toMatchObject({ status: 'rejected', code: 'insufficient_balance', details: { balance: 0 } });
    expect(await pointsBalance(t.hq.db, a.storeId, d.id)).toBe(0);
  });

  it('refuses points a desk earns a second time (a visit, its mileage, a referral per person referred): two desks offline earned them both', async () => {
    const c = await seedCustomer(a.storeId, '周涛');
    const friend = await seedCustomer(a.storeId, '周密');
    const earning = (kind: string, key: Record<string, string>) => {
      const op = ledger(a.storeId, c.id, 500, kind) as RowOp & { row: Record<string, unknown> };
      op.row = { ...op.row, ...key };
      return op;
    };
    const base = (await pullAll(t, a.device)).last.lastMutationId;
    const r = await push(t, a.device, [
      mutation(base + 1, [earning('earn_visit', { visit_id: 'v-77' }), earning('mileage', { visit_id: 'v-77' })]),
      mutation(base + 2, [earning('earn_visit', { visit_id: 'v-77' })]), // the other desk's, in the same batch
      mutation(base + 3, [earning('referral', { counterparty_id: friend.id })]),
      mutation(base + 4, [earning('earn_visit', { visit_id: 'v-78' })]),
    ]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(r.body.results[1]).toMatchObject({ code: 'already_earned', details: { field: 'visitId', kind: 'earn_visit' } });
    // Later pushes, against what HQ stored.
    const later = await push(t, a.device, [
      mutation(base + 5, [earning('mileage', { visit_id: 'v-77' })]),
      mutation(base + 6, [earning('referral', { counterparty_id: friend.id })]),
      mutation(base + 7, [earning('activity', {}), earning('activity', {})]),
    ]);
    expect(later.body.results.map((x) => [x.status, x.code])).toEqual([['rejected', 'already_earned'], ['rejected', 'already_earned'], ['applied', undefined]]);
    expect(await pointsBalance(t.hq.db, a.storeId, c.id)).toBe(500 * 6);
  });

  it("refuses a task that repeats another's customer, rule and occurrence (the desks hold them unique), not one with the same id", async () => {
    const c = await seedCustomer(a.storeId, '秦朗');
    const task = (occurrence: string) => {
      const row = {
        id: uuidv7(), store_id: a.storeId, customer_id: c.id, advisor_id: null, rule: 'suggestion_thanks', occurrence, kind: 'thanks', channel: null, due_date: '2026-01-02',
        status: 'open', reason: '{}', outcome: null, skip_reason: null, snoozed_until: null, completed_at: null, completed_by: null, created_at: at, updated_at: at, advisor_pinned: 0,
      };
      return { op: 'insert', table: 'tasks', pk: row.id, row } as const satisfies RowOp;
    };
    const first = task('pref-1');
    const base = (await pullAll(t, a.device)).last.lastMutationId;
    const r = await push(t, a.device, [
      mutation(base + 1, [first]),
      mutation(base + 2, [task('pref-1')]), // another desk's thank-you for the same adopted suggestion, in the same batch
      mutation(base + 3, [first]), // the same task again: HQ has it, nothing repeated
      mutation(base + 4, [task('pref-2')]),
    ]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(r.body.results[1]).toMatchObject({ code: 'invalid_row', details: { table: 'tasks', field: 'occurrence', duplicateOf: first.pk } });
    const later = await push(t, a.device, [mutation(base + 5, [task('pref-1')])]);
    expect(later.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_row', details: { duplicateOf: first.pk } });
  });

  it("sends a refused change's rows out again as HQ has them, so the desk that undid it pulls HQ's row even with its cursor past it", async () => {
    const c = await seedCustomer(a.storeId, '韩冰');
    const task = {
      id: uuidv7(), store_id: a.storeId, customer_id: c.id, advisor_id: null, rule: 'd3_call', occurrence: 'resend', kind: 'call', channel: null, due_date: '2026-01-05',
      status: 'done', reason: 'r', outcome: 'reached', skip_reason: null, snoozed_until: null, completed_at: at, completed_by: null, created_at: at, updated_at: at, advisor_pinned: 0,
    };
    const base = (await pullAll(t, a.device)).last.lastMutationId;
    expect((await push(t, a.device, [mutation(base + 1, [{ op: 'insert', table: 'tasks', pk: task.id, row: task }])])).body.results[0]).toMatchObject({ status: 'applied' });
    const cursor = (await pullAll(t, a.device)).cursor;
    const back = await push(t, a.device, [mutation(base + 2, [{ op: 'update', table: 'tasks', pk: task.id, fields: { status: 'open' }, base: { status: 'done' }, row: { ...task, status: 'open' } }])]);
    expect(back.body.results[0]).toMatchObject({ status: 'rejected', code: 'status_backwards' });
    const again = await pullAll(t, a.device, cursor);
    expect(again.changes.filter((ch) => ch.table === 'tasks' && ch.pk === task.id).map((ch) => ch.row?.status)).toEqual(['done']);
  });

  it('applies a batch in order as one unit: later mutations see earlier ones, a row written twice is written once, a repeated id is a duplicate', async () => {
    const { device } = await storeWithDesk(t, 'BATCH');
    const s = device.store.id;
    const c = await seedCustomer(s, '吴磊');
    const p0 = preference(s, c.id, 'tea');
    const upd = (value: string) => ({ op: 'update', table: 'preferences', pk: p0.pk, fields: { value }, base: {}, row: { ...p0.row, value } }) as const satisfies RowOp;
    const r = await push(t, device, [
      mutation(1, [ledger(s, c.id, 100)]),
      mutation(2, [ledger(s, c.id, -80)]),
      mutation(3, [ledger(s, c.id, -50)]),
      mutation(3, [ledger(s, c.id, 1000)]),
      mutation(4, [p0, upd('coffee')]),
      mutation(5, [upd('water')]),
      mutation(6, [{ op: 'insert', table: 'customers', pk: 'x', row: { id: 'x' } }]),
      mutation(7, [ledger(s, c.id, -20)]),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'applied', 'applied', 'rejected', 'applied']);
    expect(r.body.results[2]).toMatchObject({ code: 'insufficient_balance', details: { balance: 20 } });
    expect(r.body.results[3]).toEqual(r.body.results[2]);
    expect(r.body.lastMutationId).toBe(7);
    expect(await pointsBalance(t.hq.db, s, c.id)).toBe(0);
    const all = await pullAll(t, device);
    expect(all.changes.filter((ch) => ch.table === 'preferences')).toHaveLength(1);
    expect(rowOf(all.changes, 'preferences', p0.pk)).toMatchObject({ value: 'water' });
    expect(all.last.totals).toMatchObject({ preferences: 1, points_ledger: 3 });
    expect(all.last.rejections.map((x) => x.id).sort()).toEqual([3, 6]);
    // A retry of the whole batch changes nothing and answers the same.
    const again = await push(t, device, [mutation(1, []), mutation(2, []), mutation(3, []), mutation(4, []), mutation(5, []), mutation(6, []), mutation(7, [])]);
    expect(again.body.results).toEqual(r.body.results.filter((_, i) => i !== 3));
    expect((await pullAll(t, device, all.cursor)).changes).toEqual([]);
  });

  it('a database error mid-push applies nothing of that push (503); the retry applies it in order', async () => {
    const { device } = await storeWithDesk(t, 'FAIL');
    const s = device.store.id;
    const c = await seedCustomer(s, '故障');
    // A real failure inside PostgreSQL: a trigger of this test refuses one value.
    await sql`CREATE OR REPLACE FUNCTION hq_test_fail() RETURNS trigger AS $$ BEGIN
      IF NEW.data->>'note' = 'boom' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(t.hq.db);
    await sql`CREATE TRIGGER hq_test_fail BEFORE INSERT OR UPDATE ON sync_rows FOR EACH ROW EXECUTE FUNCTION hq_test_fail()`.execute(t.hq.db);
    const boom = { ...ledger(s, c.id, 5), row: { ...ledger(s, c.id, 5).row } } as RowOp;
    (boom.row as Record<string, unknown>).note = 'boom';
    boom.pk = String(boom.row.id);
    const batch = [mutation(1, [ledger(s, c.id, 10)]), mutation(2, [boom]), mutation(3, [ledger(s, c.id, 20)])];
    try {
      const r = await push(t, device, batch);
      expect(r.status).toBe(503);
      expect(r.body.error?.code).toBe('internal');
      const p = await pullAll(t, device);
      expect(p.last.lastMutationId).toBe(0);
      expect(await pointsBalance(t.hq.db, s, c.id)).toBe(0);
    } finally {
      await sql`DROP TRIGGER hq_test_fail ON sync_rows`.execute(t.hq.db);
    }
    const retry = await push(t, device, batch);
    expect(retry.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await pointsBalance(t.hq.db, s, c.id)).toBe(35);
  });

  it('applies each table by its policy', async () => {
    const { device } = await storeWithDesk(t, 'POL');
    const s = device.store.id;
    const c = await seedCustomer(s, '周杰');
    let id = 0;
    const one = async (...ops: RowOp[]) => (await push(t, device, [mutation(++id, ops)])).body.results[0]!;
    // master: desk fields only; never inserted by a desk
    expect(await one({ op: 'update', table: 'customers', pk: c.id, fields: { note: 'likes tea', updated_at: at }, base: { note: null }, row: { ...c, note: 'likes tea' } })).toMatchObject({ status: 'applied' });
    expect(await one({ op: 'update', table: 'customers', pk: c.id, fields: { name: 'Someone else' }, base: { name: c.name }, row: { ...c, name: 'Someone else' } })).toMatchObject({ status: 'rejected', code: 'forbidden_field', details: { field: 'name' } });
    const newCustomer = customer(s, '新客');
    expect(await one({ op: 'insert', table: 'customers', pk: newCustomer.id, row: newCustomer })).toMatchObject({ status: 'rejected', code: 'forbidden_table' });
    // hq-only and unknown tables
    const v = { id: uuidv7(), store_id: s, customer_id: c.id, plate: '沪A12345', vin: 'LSVAA4182E2123456', brand: 'VW', model: 'Passat', delivery_date: '2025-01-01' };
    expect(await one({ op: 'insert', table: 'vehicles', pk: v.id, row: v })).toMatchObject({ status: 'rejected', code: 'forbidden_table' });
    expect(await one({ op: 'insert', table: 'outbox', pk: '1', row: { mutation_id: 1 } })).toMatchObject({ status: 'rejected', code: 'forbidden_table' });
    // a pk that is not the row's key
    const p0 = preference(s, c.id, 'tea');
    expect(await one({ ...p0, pk: 'other' })).toMatchObject({ status: 'rejected', code: 'invalid_row', details: { field: 'pk' } });
    // editable: last writer wins per field in HQ arrival order
    expect(await one(p0)).toMatchObject({ status: 'applied' });
    await one({ op: 'update', table: 'preferences', pk: p0.pk, fields: { value: 'green tea' }, base: { value: 'tea' }, row: { ...p0.row, value: 'green tea' } });
    await one({ op: 'update', table: 'preferences', pk: p0.pk, fields: { category: 'lounge' }, base: { category: 'drink' }, row: { ...p0.row, category: 'lounge' } });
    await one({ op: 'update', table: 'preferences', pk: p0.pk, fields: { value: 'coffee' }, base: { value: 'tea' }, row: { ...p0.row, value: 'coffee' } });
    // append: a repeated insert is applied once; updates are refused
    const l = ledger(s, c.id, 50);
    expect(await one(l)).toMatchObject({ status: 'applied' });
    expect(await one(l)).toMatchObject({ status: 'applied' });
    expect(await one({ op: 'update', table: 'points_ledger', pk: l.pk, fields: { points: 5000 }, base: { points: 50 }, row: { ...l.row, points: 5000 } })).toMatchObject({ status: 'rejected', code: 'invalid_row' });
    expect(await pointsBalance(t.hq.db, s, c.id)).toBe(50);
    // forward: status only moves forward; HQ inserts a row it never saw from an update's row
    const task = { id: uuidv7(), store_id: s, customer_id: c.id, advisor_id: null, rule: 'd3_call', occurrence: 'x', kind: 'call', channel: null, due_date: '2026-01-05', status: 'open', reason: 'r', outcome: null, created_at: at, updated_at: at };
    expect(await one({ op: 'update', table: 'tasks', pk: task.id, fields: { status: 'done', outcome: 'ok' }, base: { status: 'open' }, row: { ...task, status: 'done', outcome: 'ok' } })).toMatchObject({ status: 'applied' });
    expect(await one({ op: 'update', table: 'tasks', pk: task.id, fields: { status: 'open' }, base: { status: 'done' }, row: { ...task, status: 'open' } })).toMatchObject({ status: 'rejected', code: 'status_backwards', details: { from: 'done', to: 'open' } });
    expect(await one({ op: 'update', table: 'tasks', pk: task.id, fields: { status: 'skipped' }, base: { status: 'open' }, row: { ...task, status: 'skipped' } })).toMatchObject({ status: 'rejected', code: 'status_backwards' });
    expect(await one({ op: 'insert', table: 'tasks', pk: task.id, row: task })).toMatchObject({ status: 'applied' }); // HQ's done row stands
    expect(await one({ op: 'update', table: 'tasks', pk: task.id, fields: { status: 'bogus' }, base: {}, row: { ...task, status: 'bogus' } })).toMatchObject({ status: 'rejected', code: 'invalid_row', details: { field: 'status' } });
    // delete: editable tables only
    const consent = { customer_id: c.id, channel: 'sms', allowed: 0, recorded_by: null, recorded_at: at };
    expect(await one({ op: 'insert', table: 'customer_channel_consents', pk: `${c.id}:sms`, row: consent })).toMatchObject({ status: 'applied' });
    expect(await one({ op: 'delete', table: 'customer_channel_consents', pk: `${c.id}:sms`, row: consent })).toMatchObject({ status: 'applied' });
    expect(await one({ op: 'delete', table: 'points_ledger', pk: l.pk, row: l.row })).toMatchObject({ status: 'rejected', code: 'invalid_row' });

    const all = await pullAll(t, device);
    expect(rowOf(all.changes, 'customers', c.id)).toMatchObject({ name: '周杰', note: 'likes tea' });
    expect(rowOf(all.changes, 'preferences', p0.pk)).toMatchObject({ value: 'coffee', category: 'lounge' });
    expect(rowOf(all.changes, 'tasks', task.id)).toMatchObject({ status: 'done', outcome: 'ok' });
    expect(all.changes.find((ch) => ch.table === 'customer_channel_consents')).toMatchObject({ op: 'delete', row: null });
    expect(all.changes.some((ch) => ch.table === 'customers' && ch.pk === newCustomer.id)).toBe(false);
    expect(all.last.totals).toMatchObject({ customers: 1, preferences: 1, points_ledger: 1, tasks: 1, customer_channel_consents: 0 });
  });
});

describe('scopes', () => {
  it("refuses and logs a write to another store's customer; nothing of it is applied", async () => {
    const theirs = await seedCustomer(b.storeId, '赵敏');
    const mine = await seedCustomer(a.storeId, '钱多');
    const base = (await pullAll(t, a.device)).last.lastMutationId;
    const r = await push(t, a.device, [
      mutation(base + 1, [ledger(a.storeId, mine.id, 10), ledger(a.storeId, theirs.id, 10)]),
      mutation(base + 2, [{ op: 'update', table: 'customers', pk: theirs.id, fields: { note: 'x' }, base: {}, row: { ...theirs, note: 'x' } }]),
      mutation(base + 3, [{ ...ledger(b.storeId, mine.id, 10) }]),
    ]);
    expect(r.body.results.map((x) => x.code)).toEqual(['out_of_scope', 'out_of_scope', 'out_of_scope']);
    // A family member linked to a customer record (points go to family): that customer must be the store's too.
    const spouse = await seedCustomer(a.storeId, '孙丽');
    const family = (id: string, linked: string) => ({
      op: 'insert' as const, table: 'family_members', pk: id,
      row: {
        id, store_id: a.storeId, customer_id: mine.id, relation: 'spouse', name: '孙丽', birthday_calendar: null, birth_date: null, birthday_lunar_month: null,
        birthday_lunar_day: null, birthday_lunar_leap: 0, note: null, created_at: 'x', updated_at: 'x', deleted_at: null, linked_customer_id: linked,
      },
    });
    const linked = await push(t, a.device, [mutation(base + 4, [family('f-theirs', theirs.id)]), mutation(base + 5, [family('f-mine', spouse.id)])]);
    expect(linked.body.results.map((x) => [x.status, x.code])).toEqual([['rejected', 'out_of_scope'], ['applied', undefined]]);
    expect(await pointsBalance(t.hq.db, a.storeId, mine.id)).toBe(0);
    expect(await pointsBalance(t.hq.db, b.storeId, theirs.id)).toBe(0);
    const log = await securityLog(t.hq.db, a.storeId);
    expect(log.filter((e) => e.kind === 'out_of_scope_write' && e.deviceId === a.device.deviceId).length).toBeGreaterThanOrEqual(3);
    const theirPull = await pullAll(t, b.device);
    expect(rowOf(theirPull.changes, 'customers', theirs.id)).toMatchObject({ note: null });
  });

  it("never shows a device another store's rows, and refuses and logs a request naming another store", async () => {
    const theirs = await seedCustomer(b.storeId, '孙丽');
    const all = await pullAll(t, a.device);
    expect(all.changes.some((ch) => ch.pk === theirs.id || ch.pk === b.storeId)).toBe(false);
    expect(all.changes.every((ch) => ch.row === null || ch.row.store_id === undefined || ch.row.store_id === a.storeId)).toBe(true);
    for (const q of [`&store=${b.storeId}`, `&storeId=${b.code}`, `&scope=store:${b.storeId}`]) {
      const r = await pull(t, a.device, 0, q);
      expect(r.status).toBe(403);
      expect(r.body.error?.code).toBe('forbidden');
    }
    expect((await pull(t, a.device, 0, `&store=${a.code}`)).status).toBe(200);
    expect((await securityLog(t.hq.db, a.storeId)).filter((e) => e.kind === 'out_of_scope_read')).toHaveLength(3);
    // A token of store A cannot push as another device.
    const other = await push(t, { ...a.device, deviceId: b.device.deviceId }, []);
    expect(other.status).toBe(403);
  });
});

describe('pull', () => {
  it('sends a row that rows of the page refer to with them when its last change comes later (a customer updated after its vehicles were added)', async () => {
    const { device } = await storeWithDesk(t, 'AHEAD');
    const s = device.store.id;
    const referrer = await seedCustomer(s, '老客户');
    const c = await seedCustomer(s, '新客户');
    const vehicles = [1, 2, 3, 4].map((i) => ({ id: uuidv7(), store_id: s, customer_id: c.id, vin: `LVHRU1H2${i}P0000000`, plate: `粤A1234${i}`, created_at: at, updated_at: at, deleted_at: null }));
    for (const v of vehicles) await writeAsHq(t.hq.db, s, [{ tbl: 'vehicles', pk: v.id, data: v }]);
    // Later: the customer is referred by the referrer, and the referrer's tier moves (both rows now come after the vehicles).
    await writeAsHq(t.hq.db, s, [{ tbl: 'customers', pk: c.id, data: { ...c, referred_by_id: referrer.id, updated_at: '2026-02-01T00:00:00.000Z' } }]);
    await writeAsHq(t.hq.db, s, [{ tbl: 'customers', pk: referrer.id, data: { ...referrer, tier: 'gold', updated_at: '2026-02-01T00:00:00.000Z' } }]);
    const pages: PullResponse[] = [];
    for (let cursor = 0; ; ) {
      const r = await pull(t, device, cursor, '&limit=3');
      pages.push(r.body);
      cursor = r.body.cursor;
      if (!r.body.hasMore) break;
    }
    expect(pages.length).toBeGreaterThan(2);
    // Every page is consistent on its own: what a row refers to is in an earlier page or earlier in this one.
    const have = new Set<string>();
    for (const page of pages) {
      for (const change of page.changes) {
        if (change.table === 'vehicles') expect(have.has(`customers:${change.row!.customer_id as string}`), `vehicle ${change.pk}`).toBe(true);
        if (change.table === 'customers' && change.row!.referred_by_id) expect(have.has(`customers:${change.row!.referred_by_id as string}`)).toBe(true);
        have.add(`${change.table}:${change.pk}`);
      }
    }
    // The rows sent ahead come again at their own seq, and the cursor never skips a row.
    const all = pages.flatMap((p) => p.changes);
    expect(rowOf(all, 'customers', c.id)).toMatchObject({ referred_by_id: referrer.id });
    expect(rowOf(all, 'customers', referrer.id)).toMatchObject({ tier: 'gold' });
    expect(all.filter((x) => x.table === 'vehicles').map((x) => x.pk).sort()).toEqual(vehicles.map((v) => v.id).sort());
  });

  it('renders every change as JSON the desk parses back to the stored row: quotes, backslashes, line breaks, emoji, numbers, nulls, tombstones', async () => {
    const { device } = await storeWithDesk(t, 'TEXT');
    const s = device.store.id;
    const odd = { ...customer(s, '王"伟\\ \n二行\t😀'), note: 'a\u0001b', tier: 'gold' };
    await writeAsHq(t.hq.db, s, [{ tbl: 'customers', pk: odd.id, data: odd }]);
    const gone = await seedCustomer(s, '删');
    await sql`UPDATE sync_rows SET deleted = true WHERE store_id = ${s} AND tbl = 'customers' AND pk = ${gone.id}`.execute(t.hq.db);
    const all = await pullAll(t, device, 0, 1);
    expect(rowOf(all.changes, 'customers', odd.id)).toEqual(odd);
    expect(all.changes.find((c) => c.pk === gone.id)).toMatchObject({ table: 'customers', op: 'delete', row: null });
    const seqs = all.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('sends no row ahead to a desk that checks references at the end of its bulk load (deferRefs=1): each page is exactly its seq range', async () => {
    const { device } = await storeWithDesk(t, 'DEFER');
    const s = device.store.id;
    const c = await seedCustomer(s, '新客户');
    const vehicles = [1, 2, 3].map((i) => ({ id: uuidv7(), store_id: s, customer_id: c.id, vin: `LVHRU1H3${i}P0000000`, plate: `粤A2234${i}`, created_at: at, updated_at: at, deleted_at: null }));
    for (const v of vehicles) await writeAsHq(t.hq.db, s, [{ tbl: 'vehicles', pk: v.id, data: v }]);
    await writeAsHq(t.hq.db, s, [{ tbl: 'customers', pk: c.id, data: { ...c, tier: 'gold', updated_at: '2026-02-01T00:00:00.000Z' } }]);
    const count = async (deferRefs: boolean) => {
      let rows = 0;
      for (let cursor = 0; ; ) {
        const r = await pull(t, device, cursor, `&limit=2${deferRefs ? '&deferRefs=1' : ''}`);
        if (deferRefs) for (const ch of r.body.changes) expect(ch.seq > cursor && ch.seq <= r.body.cursor).toBe(true);
        rows += r.body.changes.length;
        cursor = r.body.cursor;
        if (!r.body.hasMore) return rows;
      }
    };
    const exact = await count(true);
    expect(await count(false)).toBeGreaterThan(exact); // the customer sent ahead of its vehicles, then again at its own seq
    expect((await pull(t, device, 0, '&deferRefs=yes')).status).toBe(400);
  });

  it('pages in seq order with a cursor; the first sync carries the store, its staff and the rules config', async () => {
    const { device } = await storeWithDesk(t, 'PAGE');
    const s = device.store.id;
    for (let i = 0; i < 5; i += 1) await seedCustomer(s, `客${i}`);
    const advisor = await addStaff(t.hq.db, { store: 'PAGE', name: '王顾问', role: 'advisor' });
    const first = await pull(t, device, 0, '&limit=2');
    expect(first.body.changes).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.schemaVersion).toBe(SYNC_SCHEMA_VERSION);
    const rest = await pullAll(t, device, first.body.cursor, 2);
    const seqs = [...first.body.changes, ...rest.changes].map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(rest.last.hasMore).toBe(false);
    expect(rest.last.totals).toMatchObject({ customers: 5, stores: 1, staff: 1, rules_config: 1 });
    const all = [...first.body.changes, ...rest.changes];
    expect(rowOf(all, 'stores', s)).toMatchObject({ code: 'PAGE' });
    expect(rowOf(all, 'staff', advisor.id)).toMatchObject({ store_id: s, name: '王顾问', role: 'advisor', active: 1 });
    const rules = rowOf(all, 'rules_config', 'global') as { config: unknown };
    expect(rules.config).toEqual(DEFAULT_RULES);
    expect(parseRulesConfig(rules.config).ok).toBe(true);
    // Nothing new: same cursor, no changes.
    const idle = await pull(t, device, rest.cursor);
    expect(idle.body).toMatchObject({ changes: [], cursor: rest.cursor, hasMore: false });
    // A new rules config reaches every store's desks.
    await publishRules(t.hq.db, { ...DEFAULT_RULES, version: 2, trailingDays: 400 });
    const after = await pullAll(t, device, rest.cursor);
    expect(after.changes).toHaveLength(1);
    expect(after.changes[0]).toMatchObject({ table: 'rules_config', pk: 'global', row: { config: { version: 2, trailingDays: 400 } } });
    await expect(publishRules(t.hq.db, { ...DEFAULT_RULES, trailingDays: -1 })).rejects.toMatchObject({ field: 'rules.trailingDays' });
    expect((await pull(t, device, 0, '&limit=0')).body.error).toMatchObject({ code: 'validation', field: 'limit' });
    expect((await pull(t, device, 0, '&bogus=1')).body.error).toMatchObject({ code: 'validation', field: 'bogus' });
  });

  it('never misses a row: a desk pulling while four others push concurrently ends with every row', async () => {
    const { device: reader } = await storeWithDesk(t, 'CONC');
    const s = reader.store.id;
    const c = await seedCustomer(s, '并发');
    const writers = await Promise.all([1, 2, 3, 4].map((i) => enrol(t, 'CONC', `writer ${i}`)));
    const written = new Set<string>();
    let done = false;
    const pushing = Promise.all(
      writers.map(async (w) => {
        for (let round = 0; round < 8; round += 1) {
          const ops = [ledger(s, c.id, 1), ledger(s, c.id, 1)];
          for (const op of ops) written.add(op.pk);
          const r = await push(t, w, [mutation(round * 2 + 1, [ops[0]!]), mutation(round * 2 + 2, [ops[1]!])]);
          expect(r.status).toBe(200);
        }
      }),
    ).finally(() => (done = true));
    const seen = new Set<string>();
    let cursor = 0;
    let lastSeq = 0;
    for (;;) {
      const finished = done;
      const r = await pull(t, reader, cursor, '&limit=7');
      expect(r.status).toBe(200);
      for (const ch of r.body.changes) {
        expect(ch.seq).toBeGreaterThan(lastSeq);
        lastSeq = ch.seq;
        if (ch.table === 'points_ledger') seen.add(ch.pk);
      }
      cursor = r.body.cursor;
      if (finished && !r.body.hasMore) break;
    }
    await pushing;
    expect(seen).toEqual(written);
    expect(seen.size).toBe(64);
    expect(await pointsBalance(t.hq.db, s, c.id)).toBe(64);
  });

  it('answers cursor_expired (410) to a cursor HQ no longer serves; a full resync from 0 works', async () => {
    const { device } = await storeWithDesk(t, 'EXP');
    const s = device.store.id;
    const c = await seedCustomer(s);
    const start = await pullAll(t, device);
    const ahead = await pull(t, device, start.cursor + 100);
    expect(ahead.status).toBe(410);
    expect(ahead.body.error).toMatchObject({ code: 'cursor_expired', field: 'cursor' });
    const consent = { customer_id: c.id, channel: 'call', allowed: 1, recorded_by: null, recorded_at: at };
    await push(t, device, [mutation(1, [{ op: 'insert', table: 'customer_channel_consents', pk: `${c.id}:call`, row: consent }]), mutation(2, [{ op: 'delete', table: 'customer_channel_consents', pk: `${c.id}:call`, row: consent }])]);
    expect(await compactTombstones(t.hq.db, s)).toBe(1);
    expect((await pull(t, device, start.cursor)).status).toBe(410);
    const resync = await pullAll(t, device, 0);
    expect(resync.changes.some((ch) => ch.table === 'customer_channel_consents')).toBe(false);
    expect(rowOf(resync.changes, 'customers', c.id)).toBeTruthy();
    expect((await pull(t, device, resync.cursor)).status).toBe(200);
  });
});

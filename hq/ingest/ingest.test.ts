import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, setPointsFrom } from '../admin';
import { http, mutation, pullAll, push, startTestHq, storeWithDesk, type TestHq } from '../testing/hq';
import { writeAsHqIn } from '../repos/admin';
import { findVehicleByVin } from '../repos/rows';
import { IngestFileError, readIngestFile } from './files';
import { ingestRows, type IngestSummary } from './ingest';

// Dealer-management-system ingest against a real HQ database: matched on phone + VIN, bad rows
// reported by line and field without stopping the rest, dry runs write nothing, desks pull the result.

let t: TestHq;
const dir = mkdtempSync(join(tmpdir(), 'hq-ingest-'));

const HEADER = 'name,phone,gender,vin,plate,brand,model,delivery_date,visit_date,visit_type,amount,mileage_km';
const csv = (lines: string[]) => {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, `\uFEFF${[HEADER, ...lines].join('\n')}\n`);
  return path;
};

beforeAll(async () => {
  t = await startTestHq();
}, 120_000);
afterAll(async () => t?.close(), 60_000);

describe('hq import', () => {
  it('adds customers, vehicles and visits; reports bad rows by line and field; a second import updates in place', async () => {
    const { device } = await storeWithDesk(t, 'ING1');
    const file = csv([
      '王伟,13800000001,男,LSVAA4182E2000001,沪A12345,Volkswagen,Passat,2024-03-01,2025-06-01,maintenance,1280.50,15000',
      '王伟,13800000001,男,LSVAA4182E2000001,沪A12345,Volkswagen,Passat,2024-03-01,2025-09-01,repair,300,21000',
      '李娜,138-0000-0002,female,LSVAA4182E2000002,沪B54321,Volkswagen,Tiguan,2024/5/2,,,,',
      '坏号码,12345,,,,,,,,,,',
      '张三,13800000003,,LSVAA4182E2000003,沪C11111,Volkswagen,ID.4,2024-13-01,,,,',
      '赵六,13800000004,,,,,,,2025-01-01,,,',
      '钱七,13800000005,,LSVAA4182E2000005,沪D22222,Volkswagen,Lavida,2024-01-01,2025-01-01,wash,,',
    ]);
    const read = await readIngestFile(file);
    expect(read.unknownHeaders).toEqual([]);
    const dry = await ingestRows(t.hq.db, 'ING1', read.rows, { dryRun: true });
    const first = await ingestRows(t.hq.db, 'ING1', read.rows, { dryRun: false });
    const expected: Partial<IngestSummary> = { added: 3, updated: 0, rejected: 4 };
    expect(first).toMatchObject(expected);
    expect(dry).toMatchObject({ ...expected, dryRun: true });
    expect(first.errors).toEqual([
      { line: 5, field: 'phone', message: expect.stringContaining('12345') },
      { line: 6, field: 'delivery_date', message: expect.any(String) },
      { line: 7, field: 'vin', message: expect.any(String) },
      { line: 8, field: 'visit_type', message: expect.any(String) },
    ]);
    const pulled = await pullAll(t, device);
    const of = (table: string) => pulled.changes.filter((c) => c.table === table).map((c) => c.row!);
    expect(of('customers')).toHaveLength(2);
    expect(of('vehicles')).toHaveLength(2);
    expect(of('visits')).toHaveLength(2);
    const wang = of('customers').find((c) => c.phone === '13800000001')!;
    expect(wang).toMatchObject({ name: '王伟', gender: 'male', store_id: device.store.id, tier: 'normal', marketing_consent: 0 });
    expect(of('customers').find((c) => c.phone === '13800000002')).toMatchObject({ name: '李娜', gender: 'female' });
    expect(of('vehicles').find((v) => v.vin === 'LSVAA4182E2000002')).toMatchObject({ delivery_date: '2024-05-02', plate: '沪B54321' });
    expect(of('visits').find((v) => v.visit_date === '2025-06-01')).toMatchObject({ customer_id: wang.id, amount_fen: 128050, mileage_km: 15000, type: 'maintenance' });

    // The same file again: nothing new. A changed file: the same rows updated in place.
    const again = await ingestRows(t.hq.db, 'ING1', read.rows, { dryRun: false });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, rejected: 4 });
    const changed = await readIngestFile(csv([
      '王伟,13800000001,男,LSVAA4182E2000001,沪A99999,Volkswagen,Passat,2024-03-01,2025-06-01,maintenance,1500,15000',
      '李娜新,13800000002,female,LSVAA4182E2000002,沪B54321,Volkswagen,Tiguan,2024-05-02,,,,',
    ]));
    expect(await ingestRows(t.hq.db, 'ING1', changed.rows, { dryRun: true })).toMatchObject({ added: 0, updated: 2, dryRun: true });
    const after = await pullAll(t, device, pulled.cursor);
    expect(after.changes).toEqual([]);
    expect(await ingestRows(t.hq.db, 'ING1', changed.rows, { dryRun: false })).toMatchObject({ added: 0, updated: 2, rejected: 0 });
    const updates = await pullAll(t, device, pulled.cursor);
    const rows = updates.changes.map((c) => c.row!);
    expect(rows.find((r) => r.vin === 'LSVAA4182E2000001')).toMatchObject({ plate: '沪A99999' });
    expect(rows.find((r) => r.visit_date === '2025-06-01')).toMatchObject({ amount_fen: 150000 });
    expect(rows.find((r) => r.phone === '13800000002')).toMatchObject({ name: '李娜新' });
    expect(updates.last.totals).toMatchObject({ customers: 2, vehicles: 2, visits: 2 });
  });

  it('reads an .xlsx export with Chinese headers and dates', async () => {
    await createStore(t.hq.db, { code: 'ING2', name: 'xlsx', 'points-from': 'none' });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('客户');
    sheet.addRow(['姓名', '手机', '车架号', '车牌', '品牌', '车型', '交车日期', '备注']);
    sheet.addRow(['周杰', '13900000001', 'LSVAA4182E2000011', '京A88888', 'Audi', 'A6L', new Date(Date.UTC(2023, 7, 8))]);
    sheet.addRow(['', '', '', '', '', '', '']);
    sheet.addRow(['无车', '13900000002']);
    sheet.addRow(['', '13900000003']);
    const path = join(dir, 'export.xlsx');
    await wb.xlsx.writeFile(path);
    const read = await readIngestFile(path);
    expect(read.unknownHeaders).toEqual(['备注']);
    const summary = await ingestRows(t.hq.db, 'ING2', read.rows, { dryRun: false });
    expect(summary).toMatchObject({ added: 2, rejected: 1, errors: [{ line: 5, field: 'name' }] });
  });

  it('records who referred a customer (the referrer by phone, earlier or later in the file) as a successful referral', async () => {
    const { device } = await storeWithDesk(t, 'ING4');
    const car = { 车架号: 'LSVAA4182E2000041', 车牌: '沪A40001', 品牌: 'Volkswagen', 车型: 'Passat', 交车日期: '2025-05-01' };
    const rows = [
      { 姓名: '吴新', 手机: '13600000002', 推荐人手机: '136 0000 0001', ...car }, // the referrer comes on the next line
      { 姓名: '吴老', 手机: '13600000001' },
      { 姓名: '郑无', 手机: '13600000003', 推荐人手机: '13600000099' },
      { 姓名: '郑自', 手机: '13600000004', 推荐人手机: '13600000004' },
      { 姓名: '郑日', 手机: '13600000005', 推荐日期: '2025-07-01' },
      { 姓名: '吴友', 手机: '13600000006', 推荐人手机: '13600000001', 推荐日期: '2025/7/1' },
    ];
    const first = await ingestRows(t.hq.db, 'ING4', rows, { dryRun: false });
    expect(first).toMatchObject({ added: 3, rejected: 3 });
    expect(first.errors).toEqual([
      { line: 3, field: 'referrer_phone', message: expect.stringContaining('13600000099') },
      { line: 4, field: 'referrer_phone', message: expect.stringContaining('themselves') },
      { line: 5, field: 'referrer_phone', message: expect.stringContaining('referred_on') },
    ]);
    const pulled = await pullAll(t, device);
    const of = (table: string) => pulled.changes.filter((c) => c.table === table).map((c) => c.row!);
    const byPhone = (phone: string) => of('customers').find((c) => c.phone === phone)!;
    const referrer = byPhone('13600000001');
    expect(of('referrals').map((r) => [r.referred_customer_id, r.referrer_customer_id, r.referred_on, r.status, r.referred_name]).sort()).toEqual(
      [
        [byPhone('13600000002').id, referrer.id, '2025-05-01', 'success', '吴新'],
        [byPhone('13600000006').id, referrer.id, '2025-07-01', 'success', '吴友'],
      ].sort(),
    );
    expect([byPhone('13600000002').referred_by_id, byPhone('13600000006').referred_by_id, referrer.referred_by_id]).toEqual([referrer.id, referrer.id, null]);
    // The same file again changes nothing; another referrer for someone referred is refused (the first may have been paid).
    expect(await ingestRows(t.hq.db, 'ING4', rows, { dryRun: false })).toMatchObject({ added: 0, updated: 0, unchanged: 3, rejected: 3 });
    const moved = await ingestRows(t.hq.db, 'ING4', [{ 姓名: '吴友', 手机: '13600000006', 推荐人手机: '13600000002' }], { dryRun: false });
    expect(moved).toMatchObject({ rejected: 1, errors: [{ line: 1, field: 'referrer_phone', message: expect.stringContaining('already referred') }] });
    expect((await pullAll(t, device, pulled.cursor)).changes).toEqual([]);
    // A later export with a car and no date keeps the referral's day; two new customers who referred each other both come in.
    const later = await ingestRows(t.hq.db, 'ING4', [
      { 姓名: '吴友', 手机: '13600000006', 推荐人手机: '13600000001', ...car, 车架号: 'LSVAA4182E2000046', 车牌: '沪A40006', 交车日期: '2026-01-05' },
      { 姓名: '甲', 手机: '13600000007', 推荐人手机: '13600000008' },
      { 姓名: '乙', 手机: '13600000008', 推荐人手机: '13600000007' },
    ], { dryRun: false });
    expect(later).toMatchObject({ added: 3, rejected: 0 });
    const next = (await pullAll(t, device, pulled.cursor)).changes.filter((c) => c.table === 'referrals').map((c) => [c.row!.referred_name, c.row!.referred_on]);
    expect(next.sort()).toEqual([['乙', expect.any(String)], ['甲', expect.any(String)]]);
  });

  it('keeps the delivery date first imported beside a corrected one, until the car is sold on to another customer', async () => {
    const { storeId } = await createStore(t.hq.db, { code: 'ING5', name: 'corrected', 'points-from': 'none' });
    const car = { vin: 'LSVAA4182E2000051', plate: '沪A50001', brand: 'Volkswagen', model: 'Passat' };
    const carRow = async () => (await findVehicleByVin(t.hq.db, storeId, car.vin))!.data;
    const ingest = async (phone: string, delivery_date: string) => ingestRows(t.hq.db, 'ING5', [{ name: '韩梅', phone, ...car, delivery_date }], { dryRun: false });
    await ingest('13700000001', '2026-11-20');
    expect(await carRow()).toMatchObject({ delivery_date: '2026-11-20', first_delivery_date: null });
    await ingest('13700000001', '2026-11-21');
    await ingest('13700000001', '2026-11-19');
    expect(await carRow()).toMatchObject({ delivery_date: '2026-11-19', first_delivery_date: '2026-11-20' });
    expect(await ingest('13700000001', '2026-11-19')).toMatchObject({ updated: 0, unchanged: 1 });
    await ingest('13700000002', '2027-03-01');
    expect(await carRow()).toMatchObject({ delivery_date: '2027-03-01', first_delivery_date: null });
  });

  it('updates a visit in place when a row with its repair-order number corrects it (day, type, amount), and takes a visit imported before without one', async () => {
    const { storeId } = await createStore(t.hq.db, { code: 'ING6', name: 'repair orders', 'points-from': 'none' });
    const car = { name: '周强', phone: '13700000061', vin: 'LSVAA4182E2000061', plate: '沪A60001', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const ingest = (rows: Record<string, string>[]) => ingestRows(t.hq.db, 'ING6', rows.map((r) => ({ ...car, ...r })), { dryRun: false });
    const visits = async () =>
      (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'visits').where('deleted', '=', false).execute())
        .map((r) => r.data as Record<string, unknown>)
        .map((v) => [v.visit_date, v.type, v.amount_fen])
        .sort();

    expect(await ingest([{ visit_date: '2025-06-01', visit_type: 'maintenance', amount: '500', ro_number: 'RO-1' }])).toMatchObject({ added: 1 });
    // The dealer system corrects the order: another day, another type, another amount. The same visit.
    expect(await ingest([{ visit_date: '2025-06-02', visit_type: 'repair', amount: '450', 工单号: 'RO-1' }])).toMatchObject({ added: 0, updated: 1 });
    expect(await visits()).toEqual([['2025-06-02', 'repair', 45_000]]);

    // Imported first without its number, then with it: the same visit, which the number then follows.
    await ingest([{ visit_date: '2025-07-01', visit_type: 'maintenance', amount: '300' }]);
    expect(await ingest([{ visit_date: '2025-07-01', visit_type: 'maintenance', amount: '300', ro_number: 'RO-2' }])).toMatchObject({ unchanged: 1 });
    await ingest([{ visit_date: '2025-07-03', visit_type: 'maintenance', amount: '300', ro_number: 'RO-2' }]);
    // Two repair orders of the car on one day: two visits.
    await ingest([
      { visit_date: '2025-08-01', visit_type: 'maintenance', amount: '200', ro_number: 'RO-3' },
      { visit_date: '2025-08-01', visit_type: 'maintenance', amount: '100', ro_number: 'RO-4' },
    ]);
    expect(await visits()).toEqual([
      ['2025-06-02', 'repair', 45_000],
      ['2025-07-03', 'maintenance', 30_000],
      ['2025-08-01', 'maintenance', 10_000],
      ['2025-08-01', 'maintenance', 20_000],
    ]);
    expect(await ingest([{ ro_number: 'RO-5' }])).toMatchObject({ rejected: 1, errors: [{ line: 1, field: 'visit_date' }] });
    expect(await ingest([{ visit_date: '2025-09-01', ro_number: 'R'.repeat(41) }])).toMatchObject({ rejected: 1, errors: [{ line: 1, field: 'ro_number' }] });
  });

  it('keeps the points a visit earned in step with its corrected amount, at the rate they were earned at, once', async () => {
    const { storeId, device } = await storeWithDesk(t, 'ING7');
    const car = { name: '吴敏', phone: '13700000071', vin: 'LSVAA4182E2000071', plate: '沪A70001', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const ingest = (r: Record<string, string>) => ingestRows(t.hq.db, 'ING7', [{ ...car, visit_type: 'repair', ...r }], { dryRun: false });
    const ledger = async () =>
      (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'points_ledger').orderBy('seq').execute()).map((r) => r.data as Record<string, unknown>);
    await ingest({ visit_date: '2025-06-01', amount: '5000', ro_number: 'RO-71' });
    await ingest({ visit_date: '2025-07-01', amount: '1000', ro_number: 'RO-72' });
    const pulled = await pullAll(t, device);
    const customer = pulled.changes.find((c) => c.table === 'customers')!.row!;
    const visitOf = (amountFen: number) => pulled.changes.find((c) => c.table === 'visits' && c.row!.amount_fen === amountFen)!.row!;
    // The desk earns on the first visit at gold (1.5 per CNY): 7,500.
    const earn = (id: string, visitId: string, points: number, rate: number) => ({
      op: 'insert' as const, table: 'points_ledger', pk: id,
      row: { id, store_id: storeId, customer_id: customer.id, entry_date: '2025-06-01', kind: 'earn_visit', points, visit_id: visitOf(visitId === 'first' ? 500_000 : 100_000).id, counterparty_id: null, reverses_id: null, note: '×1.5', created_by: null, created_at: '2025-06-01T02:00:00.000Z', points_rate: rate },
    });
    const base = pulled.last.lastMutationId;
    expect((await push(t, device, [mutation(base + 1, [earn('e-71', 'first', 7_500, 1_500)])])).body.results[0]).toMatchObject({ status: 'applied' });
    expect((await ledger()).map((e) => [e.kind, e.points])).toEqual([['earn_visit', 7_500]]);

    // The dealer system corrects the order to 500 CNY: the points follow, once however often the row comes again.
    await ingest({ visit_date: '2025-06-01', amount: '500', ro_number: 'RO-71' });
    await ingest({ visit_date: '2025-06-01', amount: '500', ro_number: 'RO-71' });
    expect((await ledger()).map((e) => [e.kind, e.points])).toEqual([['earn_visit', 7_500], ['adjustment', -6_750]]);
    // Corrected again (to 600): counted from what the visit holds now.
    await ingest({ visit_date: '2025-06-01', amount: '600', ro_number: 'RO-71' });
    expect((await ledger()).map((e) => e.points)).toEqual([7_500, -6_750, 150]);
    const after = await pullAll(t, device, pulled.cursor);
    const adjustments = after.changes.filter((c) => c.table === 'points_ledger' && c.row!.kind === 'adjustment').map((c) => c.row!);
    expect(adjustments).toMatchObject([
      { kind: 'adjustment', points: -6_750, customer_id: customer.id, visit_id: visitOf(500_000).id, points_rate: 1_500 },
      { kind: 'adjustment', points: 150 },
    ]);

    // A desk offline earned on the second visit's first amount (1,000 CNY at 1.0) after HQ corrected it to 800: the
    // correction comes with its push.
    await ingest({ visit_date: '2025-07-01', amount: '800', ro_number: 'RO-72' });
    expect((await push(t, device, [mutation(base + 2, [earn('e-72', 'second', 1_000, 1_000)])])).body.results[0]).toMatchObject({ status: 'applied' });
    expect((await ledger()).map((e) => e.points)).toEqual([7_500, -6_750, 150, 1_000, -200]);
    // An earning made before the rate was kept is left as it is.
    await ingest({ visit_date: '2025-08-01', amount: '300', ro_number: 'RO-73' });
    const third = (await pullAll(t, device, after.cursor)).changes.find((c) => c.table === 'visits' && c.row!.amount_fen === 30_000)!.row!;
    const legacy = { ...earn('e-73', 'second', 300, 1_000), row: { ...earn('e-73', 'second', 300, 1_000).row, visit_id: third.id, points_rate: undefined } };
    await push(t, device, [mutation(base + 3, [legacy])]);
    await ingest({ visit_date: '2025-08-01', amount: '100', ro_number: 'RO-73' });
    expect((await ledger()).map((e) => e.points)).toEqual([7_500, -6_750, 150, 1_000, -200, 300]);
  });

  it('keeps the mileage points of a car in step with a corrected reading (a digit typed wrong), once, apart from the spend', async () => {
    const { storeId, device } = await storeWithDesk(t, 'INGKM');
    const car = { name: '冯涛', phone: '13700000091', vin: 'LSVAA4182E2000091', plate: '沪A90001', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const ingest = (r: Record<string, string>) => ingestRows(t.hq.db, 'INGKM', [{ ...car, visit_type: 'maintenance', ...r }], { dryRun: false });
    const ledger = async () =>
      (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'points_ledger').orderBy('seq').execute()).map((r) => r.data as Record<string, unknown>);
    await ingest({ visit_date: '2026-01-10', amount: '500', mileage_km: '50000', ro_number: 'RO-91' });
    await ingest({ visit_date: '2026-04-10', amount: '800', mileage_km: '68000', ro_number: 'RO-92' });
    await ingest({ visit_date: '2026-07-10', amount: '600', mileage_km: '60000', ro_number: 'RO-93' });
    const pulled = await pullAll(t, device);
    const customer = pulled.changes.find((c) => c.table === 'customers')!.row!;
    const visit = (km: number) => pulled.changes.find((c) => c.table === 'visits' && c.row!.mileage_km === km)!.row!.id as string;
    const entry = (id: string, km: number, kind: 'earn_visit' | 'mileage', points: number) => ({
      op: 'insert' as const, table: 'points_ledger', pk: id,
      row: { id, store_id: storeId, customer_id: customer.id, entry_date: '2026-07-10', kind, points, visit_id: visit(km), counterparty_id: null, reverses_id: null, note: null, created_by: null, created_at: '2026-07-10T02:00:00.000Z', points_rate: kind === 'earn_visit' ? 1_000 : null },
    });
    // The desk paid each visit's spend, and 50,000 -> 68,000 km on the second: 1,800 points; the third's 60,000 km then earned none.
    const base = pulled.last.lastMutationId;
    const earned = [entry('e-91', 50_000, 'earn_visit', 500), entry('e-92', 68_000, 'earn_visit', 800), entry('m-92', 68_000, 'mileage', 1_800), entry('e-93', 60_000, 'earn_visit', 600)];
    expect((await push(t, device, [mutation(base + 1, earned)])).body.results[0]).toMatchObject({ status: 'applied' });

    // The dealer system corrects the reading to 58,000: 50,000 -> 60,000 km holds 1,000, so 800 go; once, however often the row comes.
    await ingest({ visit_date: '2026-04-10', amount: '800', mileage_km: '58000', ro_number: 'RO-92' });
    await ingest({ visit_date: '2026-04-10', amount: '800', mileage_km: '58000', ro_number: 'RO-92' });
    const adjustments = (await ledger()).filter((e) => e.kind === 'adjustment');
    expect(adjustments).toMatchObject([{ points: -800, visit_id: visit(68_000), reverses_id: 'm-92', note: '68,000 → 58,000 km', customer_id: customer.id }]);
    // The spend of that visit corrected afterwards counts from its spend only (800 -> 700 CNY: -100), not from the mileage taken back.
    await ingest({ visit_date: '2026-04-10', amount: '700', mileage_km: '58000', ro_number: 'RO-92' });
    expect((await ledger()).filter((e) => e.kind === 'adjustment').map((e) => [e.points, e.reverses_id])).toEqual([[-800, 'm-92'], [-100, null]]);
    // The desks get it with its words.
    const after = await pullAll(t, device, pulled.cursor);
    expect(after.changes.filter((c) => c.table === 'points_ledger' && c.row!.kind === 'adjustment').map((c) => c.row!.points)).toEqual([-800, -100]);
  });

  /**
   * One customer's car imported into a new store with a desk (the recounts at a push): its visits by
   * repair order, read back by the desk; the desk's ledger entries; HQ's ledger in order.
   */
  const carOfDesk = async (code: string, n: number, visits: [date: string, amount: string, km: string, ro: string][]) => {
    const { storeId, device } = await storeWithDesk(t, code);
    const car = { name: `韩${n}`, phone: `137000000${n}`, vin: `LSVAA4182E20000${n}`, plate: `沪A900${n}`, brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const ingest = (visit_date: string, amount: string, mileage_km: string, ro_number: string) =>
      ingestRows(t.hq.db, code, [{ ...car, visit_type: 'maintenance', visit_date, amount, mileage_km, ro_number }], { dryRun: false });
    for (const v of visits) await ingest(...v);
    const pulled = await pullAll(t, device);
    const customer = pulled.changes.find((c) => c.table === 'customers')!.row!;
    const visit = (km: number) => pulled.changes.find((c) => c.table === 'visits' && c.row!.mileage_km === km)!.row!.id as string;
    const entry = (id: string, km: number, kind: 'earn_visit' | 'mileage', points: number, note: string) => ({
      op: 'insert' as const, table: 'points_ledger', pk: id,
      row: { id, store_id: storeId, customer_id: customer.id, entry_date: '2026-07-10', kind, points, visit_id: visit(km), counterparty_id: null, reverses_id: null, note, created_by: null, created_at: '2026-07-10T02:00:00.000Z', points_rate: kind === 'earn_visit' ? 1_000 : null },
    });
    let lastMutation = pulled.last.lastMutationId;
    const pushed = async (...mutations: ReturnType<typeof entry>[][]) =>
      (await push(t, device, mutations.map((ops) => mutation(++lastMutation, ops)))).body.results.map((r: { status: string }) => r.status);
    const ledger = async () =>
      (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'points_ledger').orderBy('seq').execute())
        .map((r) => r.data as Record<string, unknown>)
        .map((e) => [e.kind, e.points, e.reverses_id ?? null, e.note]);
    return { ingest, entry, pushed, ledger };
  };

  it('recounts the mileage a desk earned offline on a reading HQ corrected before the desk pushed it', async () => {
    const car = await carOfDesk('INGKM2', 92, [['2026-01-10', '500', '5000', 'RO-94'], ['2026-04-10', '800', '68000', 'RO-95']]);
    // The desk, offline, pays 5,000 -> 68,000 km; meanwhile HQ imports the corrected reading (nothing earned there yet).
    const paid = car.entry('m-95', 68_000, 'mileage', 6_300, '5,000 → 68,000 km');
    await car.ingest('2026-04-10', '800', '6800', 'RO-95');
    expect(await car.pushed([paid])).toEqual(['applied']);
    // 5,000 -> 6,800 km is 180 points: 6,120 go, with the push, saying the kilometres the visit counts now.
    expect(await car.ledger()).toEqual([['mileage', 6_300, null, '5,000 → 68,000 km'], ['adjustment', -6_120, 'm-95', '5,000 → 6,800 km']]);
  });

  it('recounts the mileage a desk earned offline from an earlier reading HQ corrected before the desk pushed it', async () => {
    const car = await carOfDesk('INGKM3', 93, [['2026-01-10', '500', '5000', 'RO-96'], ['2026-04-10', '800', '68000', 'RO-97'], ['2026-05-10', '300', '70000', 'RO-98']]);
    // The desk, offline, pays 5,000 -> 68,000 km, and a later visit from 68,000 km (the reading it counted from is as HQ has it);
    // meanwhile HQ imports the January reading corrected to 60,000.
    const paid = [car.entry('m-97', 68_000, 'mileage', 6_300, '5,000 → 68,000 km'), car.entry('m-98', 70_000, 'mileage', 200, '68,000 → 70,000 km')];
    await car.ingest('2026-01-10', '500', '60000', 'RO-96');
    expect(await car.pushed([paid[0]!], [paid[1]!])).toEqual(['applied', 'applied']);
    // 60,000 -> 68,000 km is 800 points: 5,500 go, with the push; the later visit keeps its 200.
    expect(await car.ledger()).toEqual([
      ['mileage', 6_300, null, '5,000 → 68,000 km'], ['adjustment', -5_500, 'm-97', '60,000 → 68,000 km'], ['mileage', 200, null, '68,000 → 70,000 km'],
    ]);
  });

  it.each([
    ['April first', false],
    ['July first', true],
  ])('pays each kilometre once when a push holds two earnings of a car whose reading HQ corrected meanwhile (%s)', async (_order, julyFirst) => {
    const code = julyFirst ? 'INGKM6' : 'INGKM5';
    const car = await carOfDesk(code, julyFirst ? 96 : 95, [['2026-01-10', '500', '50000', 'RO-101'], ['2026-04-10', '800', '68000', 'RO-102'], ['2026-07-10', '600', '75000', 'RO-103']]);
    // Offline, the desk pays April 50,000 -> 68,000 km and July 68,000 -> 75,000 km; HQ corrects April to 58,000 (a digit typed wrong).
    const april = car.entry('m-102', 68_000, 'mileage', 1_800, '50,000 → 68,000 km');
    const july = car.entry('m-103', 75_000, 'mileage', 700, '68,000 → 75,000 km');
    await car.ingest('2026-04-10', '800', '58000', 'RO-102');
    expect(await (julyFirst ? car.pushed([july], [april]) : car.pushed([april], [july]))).toEqual(['applied', 'applied']);
    // 50,000 -> 75,000 km is 2,500 points, whatever order the entries came in.
    const held = (await car.ledger()).reduce((sum, [, points]) => sum + Number(points), 0);
    expect(held).toBe(2_500);
  });

  type Step = ['push', ...[id: string, km: number, kind: 'earn_visit' | 'mileage', points: number, note: string][]] | ['correct', date: string, km: string, ro: string];
  it.each<[string, number, [string, string, string, string][], Step[], number]>([
    // A review's cases: each was paid twice or not at all before the car was recounted as a whole.
    ['spend only, on a reading corrected up before the push', 97, [['2026-01-10', '500', '60000', 'RO-1'], ['2026-04-10', '800', '6800', 'RO-2']],
      [['correct', '2026-04-10', '68000', 'RO-2'], ['push', ['e2', 6_800, 'earn_visit', 800, '×1']]], 800],
    ['spend only, then a later visit in the same push', 98, [['2026-01-10', '500', '60000', 'RO-1'], ['2026-04-10', '800', '6800', 'RO-2'], ['2026-07-10', '600', '75000', 'RO-3']],
      [['correct', '2026-04-10', '68000', 'RO-2'], ['push', ['e2', 6_800, 'earn_visit', 800, '×1'], ['m3', 75_000, 'mileage', 1_500, '60,000 → 75,000 km']]], 1_500],
    ['a later visit pushed before the correction, the corrected one after', 99, [['2026-01-10', '500', '50000', 'RO-1'], ['2026-04-10', '800', '68000', 'RO-2'], ['2026-07-10', '600', '75000', 'RO-3']],
      [['push', ['m3', 75_000, 'mileage', 700, '68,000 → 75,000 km']], ['correct', '2026-04-10', '58000', 'RO-2'], ['push', ['m2', 68_000, 'mileage', 1_800, '50,000 → 68,000 km']]], 2_500],
    // A desk without the limit of a day's driving (an older version) paid a digit too many: HQ takes it back at the push.
    ['a digit too many a desk paid, taken back at its push', 84, [['2026-01-10', '500', '5000', 'RO-1'], ['2026-04-10', '800', '68000', 'RO-2'], ['2026-07-10', '600', '8000', 'RO-3']],
      [['push', ['m2', 68_000, 'mileage', 6_300, '5,000 → 68,000 km']], ['push', ['e3', 8_000, 'earn_visit', 600, '×1']]], 300],
    ['a reading corrected up, its visit paid after a later one', 90, [['2026-01-10', '500', '60000', 'RO-1'], ['2026-04-10', '800', '62000', 'RO-2'], ['2026-07-10', '600', '75000', 'RO-3']],
      [['push', ['m3', 75_000, 'mileage', 1_300, '62,000 → 75,000 km']], ['correct', '2026-04-10', '68000', 'RO-2'], ['push', ['m2', 62_000, 'mileage', 200, '60,000 → 62,000 km']]], 1_500],
    ['a reading of a visit that never earned, corrected: it moves nothing', 89, [['2026-01-10', '500', '60000', 'RO-1'], ['2026-03-10', '300', '59000', 'RO-2'], ['2026-04-10', '800', '68000', 'RO-3']],
      [['correct', '2026-03-10', '65000', 'RO-2'], ['push', ['m3', 68_000, 'mileage', 800, '60,000 → 68,000 km']]], 800],
    ['the first known reading corrected down before a push: the kilometres since are paid', 87, [['2026-01-10', '500', '65000', 'RO-1'], ['2026-04-10', '800', '68000', 'RO-2']],
      [['correct', '2026-01-10', '60000', 'RO-1'], ['push', ['m2', 68_000, 'mileage', 300, '65,000 → 68,000 km']]], 800],
    ['a visit earned after a correction of its own reading, a later one paid before', 88, [['2026-01-10', '500', '60000', 'RO-1'], ['2026-04-10', '800', '6800', 'RO-2'], ['2026-07-10', '600', '75000', 'RO-3']],
      [['push', ['m3', 75_000, 'mileage', 1_500, '60,000 → 75,000 km']], ['correct', '2026-04-10', '68000', 'RO-2'], ['push', ['e2', 6_800, 'earn_visit', 800, '×1']]], 1_500],
  ])('pays each kilometre once: %s', async (_case, n, visits, steps, mileage) => {
    const car = await carOfDesk(`INGKMX${n}`, n, visits);
    // The desk's entries are made on the readings it pulled first, before any correction.
    const made = steps.map((s) => (s[0] === 'push' ? s.slice(1).map((e) => car.entry(...(e as [string, number, 'earn_visit' | 'mileage', number, string]))) : null));
    for (const [i, s] of steps.entries()) {
      if (s[0] === 'correct') await car.ingest(s[1], '800', s[2], s[3]);
      else expect(await car.pushed(made[i]!)).toEqual(['applied']);
    }
    const held = (await car.ledger()).filter(([kind, , reverses]) => kind === 'mileage' || (kind === 'adjustment' && reverses !== null));
    expect(held.reduce((sum, [, points]) => sum + Number(points), 0)).toBe(mileage);
  });

  it("recounts a car from its first reading in the store's points programme, as the desks pay it; the start is fixed once a visit earned", async () => {
    const car = await carOfDesk('INGKMS', 85, [['2026-01-10', '0', '60000', 'RO-1'], ['2026-02-20', '300', '64000', 'RO-2'], ['2026-04-10', '800', '68000', 'RO-3'], ['2026-06-10', '500', '71000', 'RO-4']]);
    expect(await setPointsFrom(t.hq.db, { store: 'INGKMS', 'points-from': '2026-03-01' })).toEqual({ pointsFrom: '2026-03-01' });
    // April is the car's first reading in the programme (its spend only); June counts 68,000 -> 71,000 km. HQ agrees: no adjustment.
    expect(await car.pushed([car.entry('e-3', 68_000, 'earn_visit', 800, '×1')], [car.entry('e-4', 71_000, 'earn_visit', 500, '×1'), car.entry('m-4', 71_000, 'mileage', 300, '68,000 → 71,000 km')])).toEqual(['applied', 'applied']);
    // The dealer system corrects a reading from before the start: nothing moves.
    await car.ingest('2026-02-20', '300', '50000', 'RO-2');
    expect((await car.ledger()).filter(([kind]) => kind === 'adjustment')).toEqual([]);
    // Visits earned: the start is fixed (a new one would change what these cars count from).
    await expect(setPointsFrom(t.hq.db, { store: 'INGKMS', 'points-from': '2026-01-01' })).rejects.toMatchObject({ field: 'points-from' });
    await expect(setPointsFrom(t.hq.db, { store: 'INGKMS', 'points-from': '2026-13-01' })).rejects.toMatchObject({ field: 'points-from' });
  });

  it("keeps counting a visit's kilometres for the customer who earned them after the dealer system moves the visit to another customer", async () => {
    const car = await carOfDesk('INGKMM', 86, [['2026-01-10', '0', '60000', 'RO-1'], ['2026-04-10', '300', '65000', 'RO-2'], ['2026-07-10', '100', '70000', 'RO-3']]);
    const april = [car.entry('e-2', 65_000, 'earn_visit', 300, '×1'), car.entry('m-2', 65_000, 'mileage', 500, '60,000 → 65,000 km')];
    expect(await car.pushed(april)).toEqual(['applied']);
    // The April repair order was the buyer's: the dealer system imports it under another customer.
    const moved = { name: '韩新', phone: '13700000986', vin: 'LSVAA4182E2000086', plate: '沪A90086', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    await ingestRows(t.hq.db, 'INGKMM', [{ ...moved, visit_type: 'maintenance', visit_date: '2026-04-10', amount: '300', mileage_km: '65000', ro_number: 'RO-2' }], { dryRun: false });
    // July, as the first customer's desk pays it: 60,000 -> 70,000 is 1,000, of which 500 are held on the April visit.
    expect(await car.pushed([car.entry('m-3', 70_000, 'mileage', 500, '65,000 → 70,000 km')])).toEqual(['applied']);
    expect((await car.ledger()).filter(([kind]) => kind === 'adjustment')).toEqual([]);
  });

  it('counts the entries a push makes on a visit the dealer system moved to another customer meanwhile (one push, two earnings)', async () => {
    const car = await carOfDesk('INGKMP', 83, [['2026-01-10', '0', '60000', 'RO-1'], ['2026-04-10', '300', '65000', 'RO-2'], ['2026-07-10', '100', '70000', 'RO-3']]);
    // HQ imports the April repair order under the buyer before the desk, offline, pushes April's and July's earnings together.
    const buyer = { name: '韩买', phone: '13700000983', vin: 'LSVAA4182E2000083', plate: '沪A90083', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    await ingestRows(t.hq.db, 'INGKMP', [{ ...buyer, visit_type: 'maintenance', visit_date: '2026-04-10', amount: '300', mileage_km: '65000', ro_number: 'RO-2' }], { dryRun: false });
    const april = [car.entry('e-2', 65_000, 'earn_visit', 300, '×1'), car.entry('m-2', 65_000, 'mileage', 500, '60,000 → 65,000 km')];
    const july = [car.entry('e-3', 70_000, 'earn_visit', 100, '×1'), car.entry('m-3', 70_000, 'mileage', 500, '65,000 → 70,000 km')];
    expect(await car.pushed(april, july)).toEqual(['applied', 'applied']);
    // 60,000 -> 70,000 km is 1,000 points, all paid by the desk: nothing to add (it added the April 500 again).
    expect((await car.ledger()).filter(([kind]) => kind === 'adjustment')).toEqual([]);
  });

  it.each([
    ['moved, then corrected under the buyer', false],
    ['moved and corrected in one row', true],
  ])("recounts a reading corrected on a visit moved after it earned, for the customer who earned on it and the buyer (%s)", async (_case, oneRow) => {
    const code = oneRow ? 'INGKMR' : 'INGKMQ';
    const { storeId, device } = await storeWithDesk(t, code);
    const car = { vin: `LSVAA4182E200007${oneRow ? 1 : 2}`, plate: `沪A9007${oneRow ? 1 : 2}`, brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const seller = { ...car, name: '甲卖', phone: `1370000007${oneRow ? 1 : 2}` };
    const buyer = { ...car, name: '乙买', phone: `1380000007${oneRow ? 1 : 2}` };
    const ingest = (who: typeof seller, visit_date: string, amount: string, mileage_km: string, ro_number: string) =>
      ingestRows(t.hq.db, code, [{ ...who, visit_type: 'maintenance', visit_date, amount, mileage_km, ro_number }], { dryRun: false });
    await ingest(seller, '2026-01-10', '0', '60000', 'RO-1');
    await ingest(seller, '2026-04-10', '300', '65000', 'RO-2');
    let last = (await pullAll(t, device)).last.lastMutationId;
    const rows = async () => (await pullAll(t, device)).changes;
    const idOf = async (tbl: string, match: (r: Record<string, unknown>) => boolean) => (await rows()).find((c) => c.table === tbl && c.row && match(c.row))!.row!.id as string;
    const entry = (customerId: string, visitId: string, id: string, kind: 'earn_visit' | 'mileage', points: number) => ({
      op: 'insert' as const, table: 'points_ledger', pk: id,
      row: { id, store_id: storeId, customer_id: customerId, entry_date: '2026-07-10', kind, points, visit_id: visitId, counterparty_id: null, reverses_id: null, note: null, created_by: null, created_at: '2026-07-10T02:00:00.000Z', points_rate: kind === 'earn_visit' ? 1_000 : null },
    });
    const a = await idOf('customers', (r) => r.phone === seller.phone);
    const april = await idOf('visits', (r) => r.visit_date === '2026-04-10');
    const pushed = async (...ops: ReturnType<typeof entry>[]) => (await push(t, device, [mutation(++last, ops)])).body.results[0]!.status;
    expect(await pushed(entry(a, april, 'e-2', 'earn_visit', 300), entry(a, april, 'm-2', 'mileage', 500))).toBe('applied');
    // The April repair order was the buyer's; the buyer's July visit earns 65,000 -> 70,000 km on the buyer's desk.
    if (!oneRow) await ingest(buyer, '2026-04-10', '300', '65000', 'RO-2');
    else await ingest(buyer, '2026-04-10', '300', '62000', 'RO-2');
    await ingest(buyer, '2026-07-10', '100', '70000', 'RO-3');
    const b = await idOf('customers', (r) => r.phone === buyer.phone);
    const july = await idOf('visits', (r) => r.visit_date === '2026-07-10');
    expect(await pushed(entry(b, july, 'e-3', 'earn_visit', 100), entry(b, july, 'm-3', 'mileage', oneRow ? 800 : 500))).toBe('applied');
    // The dealer system corrects April's reading to 62,000.
    if (!oneRow) await ingest(buyer, '2026-04-10', '300', '62000', 'RO-2');
    const held = async (customerId: string) => {
      const ledger = (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'points_ledger').execute()).map((r) => r.data as Record<string, unknown>);
      return ledger.filter((e) => e.customer_id === customerId && (e.kind === 'mileage' || (e.kind === 'adjustment' && e.reverses_id !== null))).reduce((sum, e) => sum + Number(e.points), 0);
    };
    // 60,000 -> 62,000 km for the seller, 62,000 -> 70,000 for the buyer: each kilometre once. Before, the seller kept 500 (paid twice).
    expect([await held(a), await held(b)]).toEqual([200, 800]);
  });

  it('leaves what a row does not give as it is stored: a later file without birthdays, colours or amounts wipes nothing', async () => {
    const { storeId } = await createStore(t.hq.db, { code: 'ING8', name: 'partial files', 'points-from': 'none' });
    const rowOf = async (tbl: string) =>
      (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', tbl).executeTakeFirstOrThrow()).data as Record<string, unknown>;
    const full = {
      name: '郑洁', phone: '13700000081', gender: '女', birth_date: '1990-05-06', address: '天河路 1 号', city: '广州',
      vin: 'LSVAA4182E2000081', plate: '粤A80001', brand: 'Volkswagen', model: 'Passat', color: '白', delivery_date: '2024-03-01', purchase_amount: '180000',
      visit_date: '2025-06-01', visit_type: 'repair', amount: '1280.50', mileage_km: '15000', ro_number: 'RO-81',
    };
    expect(await ingestRows(t.hq.db, 'ING8', [full], { dryRun: false })).toMatchObject({ added: 1 });
    // The monthly visit export: no birthday, address, colour, price; the same repair order without its amount and type.
    const monthly = { name: '郑洁', phone: '13700000081', vin: full.vin, plate: full.plate, brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01', visit_date: '2025-06-01', ro_number: 'RO-81' };
    expect(await ingestRows(t.hq.db, 'ING8', [monthly], { dryRun: false })).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(await rowOf('customers')).toMatchObject({ gender: 'female', birth_date: '1990-05-06', birthday_calendar: 'solar', address: '天河路 1 号', city: '广州' });
    expect(await rowOf('vehicles')).toMatchObject({ color: '白', purchase_amount_fen: 18_000_000 });
    expect(await rowOf('visits')).toMatchObject({ type: 'repair', amount_fen: 128_050, mileage_km: 15_000 });
    // A value the file does give still corrects the stored one.
    await ingestRows(t.hq.db, 'ING8', [{ ...monthly, city: '佛山', amount: '1300' }], { dryRun: false });
    expect(await rowOf('customers')).toMatchObject({ city: '佛山', address: '天河路 1 号' });
    expect(await rowOf('visits')).toMatchObject({ amount_fen: 130_000, type: 'repair' });
  });

  it('reads the visit type in Chinese or in any case, and refuses a character PostgreSQL cannot store by its line and field', async () => {
    const { storeId } = await createStore(t.hq.db, { code: 'ING9', name: 'types', 'points-from': 'none' });
    const car = (n: number) => ({ name: '冯涛', phone: `1370000009${n}`, vin: `LSVAA4182E200009${n}`, plate: `粤A9000${n}`, brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01', visit_date: '2025-06-01' });
    const summary = await ingestRows(t.hq.db, 'ING9', [
      { ...car(1), 维修类型: '保养' },
      { ...car(2), visit_type: 'Repair' },
      { ...car(3), visit_type: '钣金' },
      { ...car(4), visit_type: '洗车' },
      { ...car(5), name: '冯\u0000涛' },
      { ...car(6), address: '半个\ud83d' },
    ], { dryRun: false });
    expect(summary).toMatchObject({ added: 3, rejected: 3 });
    expect(summary.errors).toEqual([
      { line: 4, field: 'visit_type', message: expect.stringContaining('洗车') },
      { line: 5, field: 'name', message: expect.any(String) },
      { line: 6, field: 'address', message: expect.any(String) },
    ]);
    const types = (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'visits').execute()).map((r) => (r.data as { type: string }).type).sort();
    expect(types).toEqual(['bodywork', 'maintenance', 'repair']);
  });

  it('takes the store\'s lock before it reads: an import running beside another one of the store finds what that one wrote', async () => {
    const { storeId } = await createStore(t.hq.db, { code: 'ING10', name: 'two at once', 'points-from': 'none' });
    const row = { name: '韩雪', phone: '13700000101', vin: 'LSVAA4182E2000101', plate: '粤A10101', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    let second: Promise<IngestSummary> | null = null;
    await ingestRows(t.hq.db, 'ING10', [{ name: '占位', phone: '13700000199' }], { dryRun: false });
    // The first import holds the store (as writeAsHqIn does) while the second starts; PGlite runs one transaction at a time anyway.
    await t.hq.db.transaction().execute(async (trx) => {
      await trx.selectFrom('hq_stores').select('last_seq').where('store_id', '=', storeId).forUpdate().execute();
      second = ingestRows(t.hq.db, 'ING10', [row], { dryRun: false });
      await new Promise((r) => setTimeout(r, 300));
      // What that import writes: the customer and the car.
      const at = new Date().toISOString();
      await writeAsHqIn(trx, storeId, [
        { tbl: 'customers', pk: 'c-101', data: { id: 'c-101', store_id: storeId, name: row.name, phone: row.phone, gender: null, created_at: at, updated_at: at, deleted_at: null } },
        { tbl: 'vehicles', pk: 'v-101', data: { id: 'v-101', store_id: storeId, customer_id: 'c-101', vin: row.vin, plate: row.plate, brand: row.brand, model: row.model, delivery_date: row.delivery_date, is_new_energy: 0, created_at: at, updated_at: at, deleted_at: null } },
      ]);
    });
    expect(await second!).toMatchObject({ added: 0, rejected: 0 }); // the customer and car it found, updated
    const phones = (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'customers').execute()).map((r) => (r.data as { phone: string }).phone);
    expect(phones.filter((p) => p === row.phone)).toHaveLength(1);
    expect(await t.hq.db.selectFrom('sync_rows').select('pk').where('store_id', '=', storeId).where('tbl', '=', 'vehicles').execute()).toHaveLength(1);
  });

  it('reads a GB18030 CSV (Excel\'s "CSV (逗号分隔)" on a Chinese Windows) and skips its lines of commas only', async () => {
    const path = join(dir, 'gbk.csv');
    // 王伟 in GB18030, then Excel's empty lines below the data.
    writeFileSync(path, Buffer.concat([Buffer.from('name,phone\n'), Buffer.from([0xcd, 0xf5, 0xce, 0xb0]), Buffer.from(',13800000111\n,,\n,\n')]));
    const read = await readIngestFile(path);
    expect(read.rows).toEqual([{ line: 2, values: { name: '王伟', phone: '13800000111' } }]);
  });

  it('refuses a file whose header says one column twice, or has no name or phone column, naming them', async () => {
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, '客户姓名,手机,电话\n王伟,13800000001,021-62345678\n');
    await expect(readIngestFile(twice)).rejects.toThrow(IngestFileError);
    await expect(readIngestFile(twice)).rejects.toThrow(/"手机" and "电话" both mean phone/);
    const titled = join(dir, 'titled.csv');
    writeFileSync(titled, '2026年11月客户导出,,\n姓名,手机,车架号\n');
    await expect(readIngestFile(titled)).rejects.toThrow(/no name column in the first row/);
  });

  it('reads an xlsx date Excel keeps as its serial number and an amount Excel computed, as they show', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导出');
    ws.addRow(['姓名', '手机', '车架号', '车牌', '品牌', '车型', '交车日期', '到店日期', '金额']);
    const row = ws.addRow(['周敏', '13800000121', 'LSVAA4182E2000121', '沪A12121', 'Volkswagen', 'Passat', 45352, 45809.75, null]); // the visit at 18:00
    row.getCell(9).value = { formula: '100.1+200.2', result: 300.29999999999995 };
    const path = join(dir, 'serial.xlsx');
    await wb.xlsx.writeFile(path);
    const read = await readIngestFile(path);
    expect(read.rows[0]!.values).toMatchObject({ delivery_date: '2024-03-01', visit_date: '2025-06-01', amount: '300.3' });
    const summary = await ingestRows(t.hq.db, 'ING1', read.rows, { dryRun: true });
    expect(summary).toMatchObject({ rejected: 0 });
  });

  it('refuses a later line that repeats a customer\'s phone or a visit with other values; importing the file again changes nothing', async () => {
    await createStore(t.hq.db, { code: 'ING11', name: 'repeats', 'points-from': 'none' });
    const car = { vin: 'LSVAA4182E2000131', plate: '沪A13131', brand: 'Volkswagen', model: 'Passat', delivery_date: '2024-03-01' };
    const rows = [
      { name: '王伟', phone: '13800000131', ...car, visit_date: '2025-06-01', amount: '500' },
      { name: '王芳', phone: '13800000131' }, // the family's shared phone: another person
      { name: '王伟', phone: '13800000131', ...car, visit_date: '2025-06-01', amount: '300' }, // the same car, day and type: which amount?
      { name: '王伟', phone: '13800000131', ...car, visit_date: '2025-06-01', amount: '500' }, // the same line again: fine
    ];
    const first = await ingestRows(t.hq.db, 'ING11', rows, { dryRun: false });
    expect(first).toMatchObject({ added: 1, rejected: 2 });
    expect(first.errors).toEqual([
      { line: 2, field: 'phone', message: expect.stringContaining('line 1') },
      { line: 3, field: 'ro_number', message: expect.stringContaining('line 1') },
    ]);
    expect(await ingestRows(t.hq.db, 'ING11', rows, { dryRun: false })).toMatchObject({ added: 0, updated: 0, unchanged: 2, rejected: 2 });
    // A repair order's items on two lines: the second refused, naming the first.
    const order = [{ name: '王伟', phone: '13800000131', ...car, visit_date: '2025-07-01', amount: '200', ro_number: 'RO-131' }, { name: '王伟', phone: '13800000131', ...car, visit_date: '2025-07-01', amount: '80', ro_number: 'RO-131' }];
    expect(await ingestRows(t.hq.db, 'ING11', order, { dryRun: false })).toMatchObject({ rejected: 1, errors: [{ line: 2, field: 'ro_number', message: expect.stringContaining('line 1') }] });
  });

  it('POST /ingest needs the admin token and reports rows by index', async () => {
    await createStore(t.hq.db, { code: 'ING3', name: 'api', 'points-from': 'none' });
    const body = { store: 'ING3', rows: [{ name: '孙丽', phone: '13700000001' }, { name: '孙丽', phone: 'x' }] };
    expect((await http(t.url, '/ingest', { body })).status).toBe(401);
    expect((await http(t.url, '/ingest', { body, token: 'wrong' })).status).toBe(401);
    const r = await http<IngestSummary>(t.url, '/ingest', { body, token: t.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ added: 1, rejected: 1, errors: [{ line: 2, field: 'phone' }] });
    const bad = await http(t.url, '/ingest', { body: { store: 'ING3' }, token: t.adminToken });
    expect(bad.body.error).toMatchObject({ code: 'validation', field: 'rows' });
  });
});

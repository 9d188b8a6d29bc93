import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../core';
import { deskClient, signedInDesk } from '../../testing/client';
import { addCustomer, addVisit, createTestStore } from '../../testing/fixture';

describe('points: earn on a visit, redeem, transfer to family (ledger with who/when)', () => {
  let desk: Awaited<ReturnType<typeof signedInDesk>> | undefined;
  let core: Core;
  let c: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const writes = () => ({ ledger: count('points_ledger'), audit: count('audit_log'), outbox: count('outbox') });
  /** Adds visits of the customer's first car as the dealer system sends them: (id, date, amount in fen, reading). */
  const carVisits = (customerId: string) => {
    const insert = sql().prepare(
      `INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, advisor_id, created_at, updated_at)
       VALUES (?, 'store-1', ?, ?, ?, 'maintenance', ?, ?, 'adv-1', 'x', 'x')`,
    );
    return { run: (id: string, date: string, amountFen: number, km: number | null) => insert.run(id, customerId, `${customerId}-v0`, date, amountFen, km) };
  };

  beforeAll(async () => {
    const fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-gold', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold' });
    await addCustomer(fixture.opened, { id: 'c-wife', name: '刘芳', phone: '13900001111', plates: ['粤A54321'] });
    await addCustomer(fixture.opened, { id: 'c-other', name: '赵强', phone: '13700002222', plates: ['粤B11111'] });
    await addVisit(fixture.opened, { id: 'v-paid', customerId: 'c-gold', date: '2026-11-20', amountFen: 123_456 }); // ¥1,234.56
    await addVisit(fixture.opened, { id: 'v-free', customerId: 'c-gold', date: '2026-11-21', amountFen: 0 });
    await addVisit(fixture.opened, { id: 'v-future', customerId: 'c-gold', date: '2026-12-01', amountFen: 10_000 });
    await addVisit(fixture.opened, { id: 'v-wife', customerId: 'c-wife', date: '2026-11-22', amountFen: 50_000 });
    const referral = fixture.opened.sqlite.prepare(
      `INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on, status, created_at, updated_at) VALUES (?, 'store-1', ?, ?, ?, ?, ?, 'x', 'x')`,
    );
    referral.run('r-ok', 'c-other', 'c-wife', '刘女士', '2026-10-02', 'success');
    referral.run('r-pending', 'c-other', null, '张先生', '2026-11-02', 'pending');
    referral.run('r-gold', 'c-gold', 'c-wife', '刘女士', '2026-10-03', 'success');
    await addCustomer(fixture.opened, { id: 'c-km', name: '孙立', phone: '13600003333', plates: ['粤C22222'] });
    await addVisit(fixture.opened, { id: 'v-km1', customerId: 'c-km', date: '2026-06-01', amountFen: 0, mileageKm: 10_000 }); // first reading: nothing to count from
    await addVisit(fixture.opened, { id: 'v-km2', customerId: 'c-km', date: '2026-09-01', amountFen: 0, mileageKm: 9_000 }); // typed too low
    await addVisit(fixture.opened, { id: 'v-km3', customerId: 'c-km', date: '2026-11-01', amountFen: 50_000, mileageKm: 10_950 });
    await addVisit(fixture.opened, { id: 'v-km4', customerId: 'c-km', date: '2026-11-10', amountFen: 0, mileageKm: 11_500 });
    await addCustomer(fixture.opened, { id: 'c-sold', name: '韩旧', phone: '13600004444', plates: ['沪A90086'] });
    await addCustomer(fixture.opened, { id: 'c-buyer', name: '韩新', phone: '13600005555', plates: ['沪A90087'] });
    await addCustomer(fixture.opened, { id: 'c-typo', name: '钱多', phone: '13600006666', plates: ['沪A90088'] });
    await addCustomer(fixture.opened, { id: 'c-first', name: '孙先', phone: '13600007777', plates: ['沪A90089'] });
    await fixture.opened.close();
    desk = await signedInDesk(fixture.file, 'adv-1');
    ({ core, client: c } = desk);
  });
  afterAll(async () => desk?.close());

  it('refuses anonymous callers', async () => {
    const anon = deskClient(core);
    expect(await anon.call('points', 'account', { customerId: 'c-gold' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anon.call('points', 'redeem', { customerId: 'c-gold', points: 1, forWhat: '洗车' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    anon.close();
  });

  it('account: an empty ledger, the visits that can earn and what they earn at the tier', async () => {
    const r = await c.call('points', 'account', { customerId: 'c-gold' });
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ balance: 0, valueFen: 0, multiplier: 1.5, redeemFenPerPoint: 20, entries: [], entryCount: 0 });
    // Only past purchases: the free visit and the future one cannot earn. ¥1,234.56 x 1.5 = 1,851 points.
    expect(r.value.earnable).toEqual([{ id: 'v-paid', date: '2026-11-20', amountFen: 123_456, plate: '粤A12345', points: 1851, mileagePoints: 0, readingHeld: null }]);
    expect(await c.call('points', 'account', { customerId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
  });

  it('earnVisit: earns with the tier multiplier in one transaction with audit and outbox', async () => {
    const before = writes();
    const r = await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: 'v-paid' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 1851, date: '2026-11-24', createdBy: '李顾问', visit: { id: 'v-paid', amountFen: 123_456 } } });
    expect(writes()).toEqual({ ledger: before.ledger + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    const queued = sql().prepare('SELECT name, args FROM outbox ORDER BY mutation_id DESC LIMIT 1').get() as { name: string; args: string };
    expect(queued.name).toBe('points.earnVisit');
    expect(JSON.parse(queued.args)).toMatchObject({ id: r.value.id, customerId: 'c-gold', visitId: 'v-paid' });
    // The rate goes with it (gold: 1.5 per CNY), so that HQ can recount a corrected amount at the tier of today.
    expect(sql().prepare('SELECT points_rate FROM points_ledger WHERE id = ?').pluck().get(r.value.id)).toBe(1500);
  });

  it('earnVisit: refuses a second earning for the same visit, free and future visits and other customers’ visits', async () => {
    const before = writes();
    expect(await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: 'v-paid' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'visitId', reason: 'already_earned' } } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: 'v-free' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'visitId', reason: 'free_visit' } } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: 'v-future' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'visitId' } } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: 'v-wife' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'visitId' } } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-gold', visitId: '' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'visitId' } } });
    expect(writes()).toEqual(before);
    const account = await c.call('points', 'account', { customerId: 'c-gold' });
    expect(account.value).toMatchObject({ balance: 1851, valueFen: 1851 * 20, earnable: [] });
  });

  it('earnVisit: mileage earns 10 points per 100 km since the highest earlier reading, with the spend or alone', async () => {
    const account = await c.call('points', 'account', { customerId: 'c-km' });
    // A car is paid from its first known reading (v-km1, 10,000 km: nothing to count from) to its highest earned one.
    // v-km3 alone: ¥500 x 1 = 500, and 10,000 -> 10,950 km = 9 marks of 100 km = 90 (the 9,000 typed too low moves nothing).
    // v-km4 alone: free, 10,000 -> 11,500 km = 150. v-km1 and v-km2 earn nothing and are not offered.
    expect(account.value.earnable).toEqual([
      { id: 'v-km4', date: '2026-11-10', amountFen: 0, plate: '粤C22222', points: 150, mileagePoints: 150, readingHeld: null },
      { id: 'v-km3', date: '2026-11-01', amountFen: 50_000, plate: '粤C22222', points: 590, mileagePoints: 90, readingHeld: null },
    ]);
    // The newer one first pays all 150; v-km3 then earns its spend (its kilometres are paid): any order, the same 150.
    const before = writes();
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km4' })).toMatchObject({ ok: true, value: { kind: 'mileage', points: 150, note: '10,000 → 11,500 km' } });
    expect(writes()).toEqual({ ledger: before.ledger + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km3' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 500 } });
    expect(writes()).toEqual({ ledger: before.ledger + 2, audit: before.audit + 2, outbox: before.outbox + 2 });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km3' })).toMatchObject({ ok: false, error: { details: { reason: 'already_earned' } } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km2' })).toMatchObject({ ok: false, error: { details: { field: 'visitId', reason: 'free_visit' } } });
    const after = await c.call('points', 'account', { customerId: 'c-km' });
    expect(after.value).toMatchObject({ balance: 650, earnable: [] });
    expect(after.value.entries.map((e: { kind: string; points: number }) => [e.kind, e.points]).sort()).toEqual([['earn_visit', 500], ['mileage', 150]]);
    const duplicate = () =>
      sql().prepare("INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, visit_id, created_at) VALUES ('dup-km', 'store-1', 'c-km', '2026-11-24', 'mileage', 1, 'v-km4', 'x')").run();
    expect(duplicate).toThrow(/UNIQUE/);
  });

  it('account: a paid repair behind a run of free checks whose kilometres are paid is still offered', async () => {
    const visit = carVisits('c-other');
    visit.run('v-rep', '2026-01-05', 200_000, null);
    for (let i = 0; i < 11; i++) visit.run(`v-chk${i}`, `2026-${String(i + 2).padStart(2, '0')}-05`, 0, 61_000 + i * 1_000);
    // The latest check earned its kilometres: the ten before it have none left to earn.
    sql().prepare("INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, visit_id, note, created_at) VALUES ('m-chk', 'store-1', 'c-other', '2026-12-05', 'mileage', 1000, 'v-chk10', '61,000 → 71,000 km', 'x')").run();
    const account = await c.call('points', 'account', { customerId: 'c-other' });
    expect(account.value.earnable).toEqual([{ id: 'v-rep', date: '2026-01-05', amountFen: 200_000, plate: '粤B11111', points: 2_000, mileagePoints: 0, readingHeld: null }]);
    sql().prepare("DELETE FROM points_ledger WHERE id = 'm-chk'").run();
    sql().prepare("DELETE FROM visits WHERE customer_id = 'c-other' AND (id = 'v-rep' OR id LIKE 'v-chk%')").run();
  });

  it('earnVisit: a visit that arrives late, dated before visits already earned, counts mileage only above the highest reading counted', async () => {
    // After the test above: 10,000 -> 11,500 km counted (v-km3 and v-km4). The dealer system sends two older visits now.
    const late = carVisits('c-km');
    late.run('v-km5', '2026-10-15', 10_000, 11_200); // below what was counted: its spend only
    late.run('v-km6', '2026-10-20', 0, 12_000); // above it: 11,500 -> 12,000 = 50
    const account = await c.call('points', 'account', { customerId: 'c-km' });
    expect(account.value.earnable).toEqual([
      { id: 'v-km6', date: '2026-10-20', amountFen: 0, plate: '粤C22222', points: 50, mileagePoints: 50, readingHeld: null },
      { id: 'v-km5', date: '2026-10-15', amountFen: 10_000, plate: '粤C22222', points: 100, mileagePoints: 0, readingHeld: null },
    ]);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km5' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 100 } });
    expect(await c.call('points', 'earnVisit', { customerId: 'c-km', visitId: 'v-km6' })).toMatchObject({ ok: true, value: { kind: 'mileage', points: 50, note: '11,500 → 12,000 km' } });
    // 10,000 -> 12,000 km is 20 marks of 100 km: 200 points in all, each kilometre counted once.
    const mileage = sql().prepare("SELECT sum(points) FROM points_ledger WHERE customer_id = 'c-km' AND kind = 'mileage'").pluck().get();
    expect(mileage).toBe(200);
  });

  it('earnVisit: a visit the dealer system moved to another customer after it earned keeps its kilometres counted for the customer who earned them', async () => {
    const visit = carVisits('c-sold');
    visit.run('v-mv1', '2026-01-10', 0, 60_000);
    visit.run('v-mv2', '2026-04-10', 30_000, 65_000);
    visit.run('v-mv3', '2026-07-10', 10_000, 70_000);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-sold', visitId: 'v-mv2' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 300 } });
    expect(sql().prepare("SELECT points, note FROM points_ledger WHERE visit_id = 'v-mv2' AND kind = 'mileage'").get()).toEqual({ points: 500, note: '60,000 → 65,000 km' });
    // The April repair order was the buyer's: the pull brings it under the other customer (HQ's ingest moved it).
    sql().prepare("UPDATE visits SET customer_id = 'c-buyer' WHERE id = 'v-mv2'").run();
    // July: 60,000 -> 70,000 km is 1,000 points, of which the April entries (still this customer's) hold 500.
    const account = await c.call('points', 'account', { customerId: 'c-sold' });
    expect(account.value.earnable).toEqual([{ id: 'v-mv3', date: '2026-07-10', amountFen: 10_000, plate: '沪A90086', points: 600, mileagePoints: 500, readingHeld: null }]);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-sold', visitId: 'v-mv3' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 100 } });
    expect(sql().prepare("SELECT points, note FROM points_ledger WHERE visit_id = 'v-mv3' AND kind = 'mileage'").get()).toEqual({ points: 500, note: '65,000 → 70,000 km' });
    expect(sql().prepare("SELECT sum(points) FROM points_ledger WHERE customer_id = 'c-sold' AND kind = 'mileage'").pluck().get()).toBe(1_000);
    // The buyer's account does not offer the moved visit again (it earned) and holds none of its points.
    expect((await c.call('points', 'account', { customerId: 'c-buyer' })).value).toMatchObject({ balance: 0, earnable: [] });
  });

  it('earnVisit: a car whose first reading was on a visit moved to another customer after it earned counts from that reading, as HQ does', async () => {
    const visit = carVisits('c-first');
    visit.run('v-f1', '2026-01-10', 10_000, 60_000);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-first', visitId: 'v-f1' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 100 } });
    sql().prepare("UPDATE visits SET customer_id = 'c-buyer' WHERE id = 'v-f1'").run();
    visit.run('v-f2', '2026-04-10', 10_000, 65_000);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-first', visitId: 'v-f2' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 100 } });
    // Before, the moved visit's reading was not read: April was the car's first and earned no kilometres.
    expect(sql().prepare("SELECT points, note FROM points_ledger WHERE visit_id = 'v-f2' AND kind = 'mileage'").get()).toEqual({ points: 500, note: '60,000 → 65,000 km' });
  });

  it("a store's points programme start (stores.points_from): older visits are not offered and are refused by name; a car counts from its first reading in the programme", async () => {
    const visit = carVisits('c-buyer');
    // Dealer history imported at go-live, then visits after the programme started on 2026-07-01.
    visit.run('v-h1', '2025-03-01', 200_000, 30_000);
    visit.run('v-h2', '2026-05-01', 0, 40_000);
    visit.run('v-n1', '2026-08-01', 50_000, 46_050);
    visit.run('v-n2', '2026-10-01', 0, 50_000);
    const before = (await c.call('points', 'account', { customerId: 'c-buyer' })).value;
    // Without a start, the history is offered: 30,000 -> 50,000 km and the 2025 spend, most of it from before the programme.
    expect(before).toMatchObject({ pointsFrom: null, earnable: [{ id: 'v-n2', points: 2_000 }, { id: 'v-n1', points: 500 + 1_600 }, { id: 'v-h2', points: 1_000 }, { id: 'v-h1', points: 2_000 }] });
    sql().prepare("UPDATE stores SET points_from = '2026-07-01'").run();
    try {
      const account = (await c.call('points', 'account', { customerId: 'c-buyer' })).value;
      // v-n1 is the car's first reading in the programme: its spend only; v-n2 then counts 46,050 -> 50,000 km.
      expect(account).toMatchObject({ pointsFrom: '2026-07-01', earnable: [{ id: 'v-n2', points: 400, mileagePoints: 400 }, { id: 'v-n1', points: 500, mileagePoints: 0 }] });
      expect(account.earnable).toHaveLength(2);
      const refused = await c.call('points', 'earnVisit', { customerId: 'c-buyer', visitId: 'v-h1' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'visitId', reason: 'before_points_start', pointsFrom: '2026-07-01' } } });
      expect(await c.call('points', 'earnVisit', { customerId: 'c-buyer', visitId: 'v-n2' })).toMatchObject({ ok: true, value: { kind: 'mileage', points: 400, note: '46,050 → 50,000 km' } });
      expect(await c.call('points', 'earnVisit', { customerId: 'c-buyer', visitId: 'v-n1' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 500 } });
      expect(sql().prepare("SELECT count(*) FROM points_ledger WHERE visit_id = 'v-n1' AND kind = 'mileage'").pluck().get()).toBe(0);
      // A referral made before the start is not offered either, nor earned (c-other referred 刘女士 on 2026-10-02).
      sql().prepare("UPDATE stores SET points_from = '2026-10-03'").run();
      expect((await c.call('points', 'account', { customerId: 'c-other' })).value.referrals).toEqual([]);
      expect(await c.call('points', 'earnReferral', { customerId: 'c-other', referralId: 'r-ok' })).toMatchObject({ ok: false, error: { details: { field: 'referralId', reason: 'before_points_start' } } });
    } finally {
      sql().prepare('UPDATE stores SET points_from = NULL').run();
    }
  });

  it('earnVisit: a reading further on than a car is driven since the one before (a digit too many) earns its spend only, and the offer says why', async () => {
    const visit = carVisits('c-typo');
    visit.run('v-ty1', '2026-05-10', 20_000, 60_000);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-typo', visitId: 'v-ty1' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 200 } });
    // 70,000 typed 700,000: 640,000 km in 184 days. Before, the desk offered and paid 64,000 points (12,800 CNY) for it.
    visit.run('v-ty2', '2026-11-10', 50_000, 700_000);
    const held = { km: 700_000, from: { km: 60_000, date: '2026-05-10' }, days: 184 };
    expect((await c.call('points', 'account', { customerId: 'c-typo' })).value.earnable).toEqual([
      { id: 'v-ty2', date: '2026-11-10', amountFen: 50_000, plate: '沪A90088', points: 500, mileagePoints: 0, readingHeld: held },
    ]);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-typo', visitId: 'v-ty2' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 500 } });
    expect(sql().prepare("SELECT count(*) FROM points_ledger WHERE customer_id = 'c-typo' AND kind = 'mileage'").pluck().get()).toBe(0);
    // The next visit's true reading leaves it out: 60,000 -> 71,000 km is paid on it, once.
    visit.run('v-ty3', '2026-11-20', 10_000, 71_000);
    expect(await c.call('points', 'earnVisit', { customerId: 'c-typo', visitId: 'v-ty3' })).toMatchObject({ ok: true, value: { kind: 'earn_visit', points: 100 } });
    expect(sql().prepare("SELECT points, note FROM points_ledger WHERE visit_id = 'v-ty3' AND kind = 'mileage'").get()).toEqual({ points: 1_100, note: '60,000 → 71,000 km' });
  });

  it('account: HQ\'s corrections say what they follow, a corrected amount or a corrected reading (the entry it adjusts)', async () => {
    const mileageEntry = sql().prepare("SELECT id FROM points_ledger WHERE visit_id = 'v-km6' AND kind = 'mileage'").pluck().get() as string;
    const pulled = sql().prepare(
      `INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, visit_id, reverses_id, note, created_at) VALUES (?, 'store-1', 'c-km', '2026-11-24', 'adjustment', ?, ?, ?, ?, ?)`,
    );
    pulled.run('adj-km', -30, 'v-km6', mileageEntry, '12,000 → 11,700 km', '2026-11-24T03:00:00.000Z');
    pulled.run('adj-amount', -20, 'v-km5', null, null, '2026-11-24T04:00:00.000Z');
    const entries = (await c.call('points', 'account', { customerId: 'c-km' })).value.entries as { id: string; corrects: string | null; note: string | null }[];
    expect(entries.filter((e) => e.id.startsWith('adj-')).map((e) => [e.id, e.corrects, e.note])).toEqual([['adj-amount', 'amount', null], ['adj-km', 'mileage', '12,000 → 11,700 km']]);
    expect(entries.filter((e) => !e.id.startsWith('adj-')).every((e) => e.corrects === null)).toBe(true);
  });

  it('earnActivity: the configured points for an activity, with the advisor\'s note; unknown or empty activities name the field', async () => {
    const account = await c.call('points', 'account', { customerId: 'c-other' });
    expect(account.value.activities).toEqual([{ code: 'survey_completed', points: 100 }, { code: 'event_attended', points: 200 }]);
    const before = writes();
    const r = await c.call('points', 'earnActivity', { customerId: 'c-other', activity: 'event_attended', note: '11 月车主品鉴会' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'activity', points: 200, note: 'event_attended: 11 月车主品鉴会', createdBy: '李顾问' } });
    expect(writes()).toEqual({ ledger: before.ledger + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    for (const activity of ['karaoke', '', '   ']) {
      expect(await c.call('points', 'earnActivity', { customerId: 'c-other', activity })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'activity' } } });
    }
    expect(await c.call('points', 'earnActivity', { customerId: 'nobody', activity: 'event_attended' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
    expect(writes()).toEqual({ ledger: before.ledger + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect((await c.call('points', 'account', { customerId: 'c-other' })).value.balance).toBe(200);
  });

  it('earnReferral: 6,000 points once for a referral HQ recorded as successful, naming the customer referred', async () => {
    const account = await c.call('points', 'account', { customerId: 'c-other' });
    expect(account.value.referrals).toEqual([{ id: 'r-ok', name: '刘芳', referredOn: '2026-10-02', points: 6000 }]);
    const before = writes();
    expect(await c.call('points', 'earnReferral', { customerId: 'c-other', referralId: 'r-ok' })).toMatchObject({
      ok: true, value: { kind: 'referral', points: 6000, counterparty: { id: 'c-wife', name: '刘芳' } },
    });
    expect(await c.call('points', 'earnReferral', { customerId: 'c-other', referralId: 'r-ok' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'referralId', reason: 'already_earned' } } });
    expect(await c.call('points', 'earnReferral', { customerId: 'c-other', referralId: 'r-pending' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'referralId', reason: 'not_successful' } } });
    expect(await c.call('points', 'earnReferral', { customerId: 'c-other', referralId: 'r-gold' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'referralId' } } });
    expect(writes()).toEqual({ ledger: before.ledger + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect((await c.call('points', 'account', { customerId: 'c-other' })).value).toMatchObject({ referrals: [] });
    const twice = () =>
      sql().prepare("INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, counterparty_id, created_at) VALUES ('dup-r', 'store-1', 'c-other', '2026-11-24', 'referral', 6000, 'c-wife', 'x')").run();
    expect(twice).toThrow(/UNIQUE/);
  });

  it('redeem: above the balance is refused on field points with the balance; bad amounts name the field', async () => {
    const before = writes();
    expect(await c.call('points', 'redeem', { customerId: 'c-gold', points: 2000, forWhat: '保养工时' })).toMatchObject({
      ok: false, error: { code: 'validation', details: { field: 'points', balance: 1851, reason: 'insufficient_balance' } },
    });
    for (const points of [0, -5, 1.5, '100', null]) {
      expect(await c.call('points', 'redeem', { customerId: 'c-gold', points, forWhat: '保养' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'points' } } });
    }
    expect(await c.call('points', 'redeem', { customerId: 'c-gold', points: 100, forWhat: '   ' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'forWhat' } } });
    expect(await c.call('points', 'redeem', { customerId: 'nobody', points: 100, forWhat: '保养' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
    expect(writes()).toEqual(before);
  });

  it('redeem: within the balance writes a negative entry with what it was for', async () => {
    const r = await c.call('points', 'redeem', { customerId: 'c-gold', points: 1000, forWhat: '抵扣保养工时费' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'redeem', points: -1000, note: '抵扣保养工时费', createdBy: '李顾问' } });
    expect((await c.call('points', 'account', { customerId: 'c-gold' })).value.balance).toBe(851);
  });

  it('transfer: to family only, two entries and the family link in one transaction; refuses self, unknown, not family, above-balance', async () => {
    const before = writes();
    const family = () => sql().prepare('SELECT customer_id, relation, name, linked_customer_id FROM family_members ORDER BY customer_id, name').all();
    const familyBefore = family();
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-gold', points: 10 })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'toCustomerId' } } });
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'ghost', points: 10 })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'toCustomerId' } } });
    // Not on file as family, and no relation given: refused naming the relation (DOMAIN.md: to family members).
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-wife', points: 10 })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'relation', reason: 'not_family' } } });
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-wife', points: 10, relation: 'cousin' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'relation' } } });
    // Above the balance: nothing written, not even the family link.
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-wife', points: 852, relation: 'spouse' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'points', balance: 851 } } });
    expect(writes()).toEqual(before);
    expect(family()).toEqual(familyBefore);

    const r = await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-wife', points: 800, note: '给太太', relation: 'spouse' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'transfer_out', points: -800, counterparty: { id: 'c-wife', name: '刘芳' } } });
    expect(writes()).toEqual({ ledger: before.ledger + 2, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect(family()).toEqual([...familyBefore, { customer_id: 'c-gold', relation: 'spouse', name: '刘芳', linked_customer_id: 'c-wife' }]);
    const wife = await c.call('points', 'account', { customerId: 'c-wife' });
    expect(wife.value.balance).toBe(800);
    expect(wife.value.entries[0]).toMatchObject({ kind: 'transfer_in', points: 800, counterparty: { id: 'c-gold', name: '王伟' }, createdBy: '李顾问' });
    // Family either way round, the relation as each sees it.
    expect(wife.value.family).toEqual([{ customerId: 'c-gold', name: '王伟', phone: '13812345678', relation: 'spouse' }]);
    expect((await c.call('points', 'account', { customerId: 'c-gold' })).value).toMatchObject({ balance: 51, entryCount: 3, family: [{ customerId: 'c-wife', relation: 'spouse' }] });
    expect(await c.call('points', 'transfer', { customerId: 'c-wife', toCustomerId: 'c-gold', points: 10 })).toMatchObject({ ok: true });

    // A family member on file before they became a customer is linked, not added again; a child seen from the child is a parent.
    // (Of two of that name, the one of the relation named.)
    sql().prepare("INSERT INTO family_members (id, store_id, customer_id, relation, name, created_at, updated_at) VALUES ('f-a', 'store-1', 'c-gold', 'other', '赵强', 'x', 'x'), ('f-son', 'store-1', 'c-gold', 'child', '赵强', 'x', 'x')").run();
    expect(await c.call('points', 'transfer', { customerId: 'c-gold', toCustomerId: 'c-other', points: 1, relation: 'child' })).toMatchObject({ ok: true });
    expect(sql().prepare("SELECT id, linked_customer_id FROM family_members WHERE customer_id = 'c-gold' AND name = '赵强' ORDER BY id").all()).toEqual([{ id: 'f-a', linked_customer_id: null }, { id: 'f-son', linked_customer_id: 'c-other' }]);
    expect((await c.call('points', 'account', { customerId: 'c-other' })).value.family).toEqual([{ customerId: 'c-gold', name: '王伟', phone: '13812345678', relation: 'parent' }]);
  });

  it('the database refuses a second earn_visit entry for a visit whoever writes it', () => {
    const insert = () =>
      sql()
        .prepare("INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, visit_id, created_at) VALUES (?, 'store-1', 'c-gold', '2026-11-24', 'earn_visit', 1, 'v-paid', 'x')")
        .run('dup-1');
    expect(insert).toThrow(/UNIQUE/);
  });
});

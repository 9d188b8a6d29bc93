import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { addCustomer, addVisit, createTestStore } from '../testing/fixture';
import { runPlanner, runPlannerInBatches } from './run';
import { plannedId } from './ids';

const ctx = (today: string, customerIds?: string[]) => ({ today, rules: DEFAULT_RULES, now: `${today}T01:00:00.000Z`, customerIds });

describe('planner on a real SQLite file', () => {
  let store: Awaited<ReturnType<typeof createTestStore>>;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.cleanup());

  const tasks = () =>
    store.opened.sqlite.prepare('SELECT customer_id, advisor_id, rule, occurrence, kind, due_date, status FROM tasks ORDER BY customer_id, rule, occurrence').all() as {
      customer_id: string; advisor_id: string; rule: string; occurrence: string; kind: string; due_date: string; status: string;
    }[];

  it('gives a new owner the D3 call, and re-running changes nothing', async () => {
    await addCustomer(store.opened, { id: 'c-new', name: '赵敏', phone: '13800000001', plates: ['粤A11111'], deliveryDate: '2026-11-20', memberSince: '2026-11-20' });
    const first = runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    expect(tasks()).toContainEqual(expect.objectContaining({ customer_id: 'c-new', rule: 'd3_call', kind: 'call', due_date: '2026-11-23', status: 'open' }));
    expect(first.tasksCreated).toBeGreaterThan(0);
    const before = tasks();
    const again = runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    expect(again).toMatchObject({ tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0 });
    expect(tasks()).toEqual(before);
  });

  it('plans a care call after 90 quiet days and voids it once the customer visits', async () => {
    await addCustomer(store.opened, { id: 'c-quiet', name: '钱多多', phone: '13800000002', plates: ['粤A22222'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    await addVisit(store.opened, { id: 'v-1', customerId: 'c-quiet', date: '2026-08-01', amountFen: 80_000 });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    const care = tasks().find((t) => t.rule === 'care_call_90');
    expect(care).toMatchObject({ status: 'open', occurrence: '2026-08-01', due_date: '2026-10-30' });

    await addVisit(store.opened, { id: 'v-2', customerId: 'c-quiet', date: '2026-11-24', amountFen: 50_000 });
    const counts = runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-quiet']));
    expect(counts.tasksVoided).toBeGreaterThanOrEqual(1);
    expect(tasks().find((t) => t.rule === 'care_call_90')).toMatchObject({ status: 'void' });
  });

  it("keeps a new car's first-service reminder when the customer's other car comes in, and ends it when the new car does", async () => {
    await addCustomer(store.opened, { id: 'c-two', name: '孙两车', phone: '13800000017', plates: ['粤A17171', '粤A17172'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    const sqlite = store.opened.sqlite;
    sqlite.prepare("UPDATE vehicles SET delivery_date = '2026-10-01' WHERE id = 'c-two-v1'").run();
    await addVisit(store.opened, { id: 'c-two-old-car', customerId: 'c-two', date: '2026-10-20', amountFen: 60_000 }); // with c-two-v0
    const d30 = () => tasks().find((t) => t.customer_id === 'c-two' && t.rule === 'd30_first_service');
    const survey = () => tasks().find((t) => t.customer_id === 'c-two' && t.rule === 'first_service_survey');
    await runPlannerInBatches(sqlite, ctx('2026-11-02'));
    expect(d30()).toMatchObject({ occurrence: '2026-10-01', due_date: '2026-10-31', status: 'open' });
    expect(survey()).toBeUndefined();
    // The next day's run reads the facts kept by the first one (planner-inputs-cached.ts): the same answer.
    await runPlannerInBatches(sqlite, ctx('2026-11-03'), { fullRunEveryDays: 0 });
    expect(d30()).toMatchObject({ status: 'open' });
    sqlite
      .prepare("INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at) VALUES ('c-two-new-car', 'store-1', 'c-two', 'c-two-v1', '2026-11-03', 'maintenance', 0, 'x', 'x')")
      .run();
    runPlanner(sqlite, ctx('2026-11-03', ['c-two']));
    expect(d30()).toMatchObject({ status: 'void' });
    expect(survey()).toMatchObject({ occurrence: '2026-11-03', due_date: '2026-11-10', status: 'open' });
  });

  it('opens a voided task again when its reason comes back (the visit that voided it is deleted), and queues the reopening of one HQ holds', async () => {
    await addCustomer(store.opened, { id: 'c-back', name: '钱进', phone: '13800000015', plates: ['粤A15151'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    await addCustomer(store.opened, { id: 'c-held', name: '钱出', phone: '13800000016', plates: ['粤A16161'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    for (const id of ['c-back', 'c-held']) await addVisit(store.opened, { id: `${id}-v1`, customerId: id, date: '2026-08-01', amountFen: 80_000 });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    const care = (id: string) => store.opened.sqlite.prepare("SELECT id, status FROM tasks WHERE customer_id = ? AND rule = 'care_call_90'").get(id) as { id: string; status: string };
    expect([care('c-back').status, care('c-held').status]).toEqual(['open', 'open']);
    for (const id of ['c-back', 'c-held']) await addVisit(store.opened, { id: `${id}-v2`, customerId: id, date: '2026-11-24', amountFen: 50_000 });
    runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-back', 'c-held']));
    expect([care('c-back').status, care('c-held').status]).toEqual(['void', 'void']);
    store.opened.sqlite.prepare("INSERT INTO sync_held (tbl, pk) VALUES ('tasks', ?)").run(care('c-held').id);
    store.opened.sqlite.prepare("UPDATE visits SET deleted_at = '2026-11-24T09:00:00.000Z' WHERE id IN ('c-back-v2', 'c-held-v2')").run();
    const counts = runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-back', 'c-held']));
    expect(counts.tasksUpdated).toBeGreaterThanOrEqual(1);
    expect([care('c-back').status, care('c-held').status]).toEqual(['open', 'open']);
    // Only the row HQ holds goes to HQ, as the planner's change (HQ opens a task a planner voided: hq/sync/align.ts).
    const queued = store.opened.sqlite.prepare("SELECT name, ops FROM outbox").all() as { name: string; ops: string }[];
    expect(queued.map((q) => q.name)).toEqual(['planner.align']);
    expect(JSON.parse(queued[0]!.ops)).toEqual([expect.objectContaining({ op: 'update', table: 'tasks', pk: care('c-held').id, fields: expect.objectContaining({ status: 'open' }) })]);
    expect(runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-back', 'c-held'])).tasksUpdated).toBe(0);
  });

  it('keeps work an advisor completed, and moves open work when the customer changes advisor', async () => {
    await addCustomer(store.opened, { id: 'c-move', name: '孙悦', phone: '13800000003', plates: ['粤A33333'], deliveryDate: '2026-11-20', memberSince: '2026-11-20' });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    store.opened.sqlite.prepare("UPDATE tasks SET status = 'done', completed_by = 'adv-1' WHERE rule = 'd3_call'").run();
    store.opened.sqlite.prepare("UPDATE customers SET advisor_id = 'mgr-1' WHERE id = 'c-move'").run();
    runPlanner(store.opened.sqlite, ctx('2026-11-25', ['c-move']));
    const all = tasks();
    expect(all.find((t) => t.rule === 'd3_call')).toMatchObject({ status: 'done', advisor_id: 'adv-1' });
    const open = all.filter((t) => t.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((t) => t.advisor_id === 'mgr-1')).toBe(true);
  });

  it('keeps a task a manager moved by hand with that advisor when the customer is planned again', async () => {
    await addCustomer(store.opened, { id: 'c-pin', name: '钱多', phone: '13800000013', plates: ['粤A13131'], deliveryDate: '2026-11-20', memberSince: '2026-11-20' });
    runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-pin']));
    const [moved, other] = store.opened.sqlite.prepare("SELECT id FROM tasks WHERE customer_id = 'c-pin' AND status = 'open' ORDER BY id").pluck().all() as string[];
    expect(other).toBeDefined();
    store.opened.sqlite.prepare("UPDATE tasks SET advisor_id = 'mgr-1', advisor_pinned = 1 WHERE id = ?").run(moved);
    store.opened.sqlite.prepare("UPDATE customers SET advisor_id = 'adv-1' WHERE id = 'c-pin'").run();
    runPlanner(store.opened.sqlite, ctx('2026-11-26', ['c-pin']));
    const advisorOf = (id: string) => store.opened.sqlite.prepare('SELECT advisor_id FROM tasks WHERE id = ?').pluck().get(id);
    expect(advisorOf(moved!)).toBe('mgr-1');
    expect(advisorOf(other!)).toBe('adv-1');
  });

  it('plans a handwritten birthday card due 7 days before, and never contacts an opted-out customer', async () => {
    await addCustomer(store.opened, { id: 'c-bday', name: '李雷', phone: '13800000004', plates: ['粤A44444'], birthDate: '1985-12-05', deliveryDate: '2022-06-01' });
    await addCustomer(store.opened, { id: 'c-optout', name: '韩梅梅', phone: '13800000005', plates: ['粤A55555'], birthDate: '1986-12-05', deliveryDate: '2026-11-20', doNotContact: true });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    const cards = store.opened.sqlite.prepare('SELECT customer_id, occasion, occasion_date, due_date, status FROM card_reminders').all();
    expect(cards).toContainEqual({ customer_id: 'c-bday', occasion: 'birthday', occasion_date: '2026-12-05', due_date: '2026-11-28', status: 'to_write' });
    expect(cards.filter((c) => (c as { customer_id: string }).customer_id === 'c-optout')).toEqual([]);
    // Contact that is marketing or relationship: none. Service notices stay (consent.ts): the new car's first-service reminder.
    const optedOut = tasks().filter((t) => t.customer_id === 'c-optout' && ['call', 'invite', 'offer', 'message', 'survey', 'visit'].includes(t.kind));
    expect(optedOut.map((t) => t.rule)).toEqual(['d30_first_service']);
  });

  it('a card it lapsed is to write again once wanted again (opted out, then in; a birthday corrected, then back), and the reopening of one HQ holds is queued', async () => {
    await addCustomer(store.opened, { id: 'c-card', name: '李梅', phone: '13800000024', plates: ['粤A24242'], birthDate: '1985-12-05', deliveryDate: '2022-06-01' });
    const sql = store.opened.sqlite;
    const plan = () => runPlanner(sql, ctx('2026-11-24', ['c-card']));
    const card = (date: string) => sql.prepare("SELECT id, status, skip_reason, due_date FROM card_reminders WHERE customer_id = 'c-card' AND occasion = 'birthday' AND occasion_date = ?").get(date) as { id: string; status: string; skip_reason: string | null; due_date: string };
    plan();
    expect(card('2026-12-05')).toMatchObject({ status: 'to_write', due_date: '2026-11-28' });
    sql.prepare("INSERT INTO sync_held (tbl, pk) VALUES ('card_reminders', ?)").run(card('2026-12-05').id);
    sql.prepare("UPDATE customers SET do_not_contact = 1 WHERE id = 'c-card'").run();
    expect(plan().cardsLapsed).toBe(1);
    expect(card('2026-12-05')).toMatchObject({ status: 'skipped', skip_reason: 'lapsed' });
    sql.prepare("UPDATE customers SET do_not_contact = 0 WHERE id = 'c-card'").run();
    expect(plan().cardsUpdated).toBe(1);
    expect(card('2026-12-05')).toMatchObject({ status: 'to_write', skip_reason: null, due_date: '2026-11-28' });
    const reopened = (sql.prepare("SELECT ops FROM outbox WHERE name = 'planner.align'").pluck().all() as string[]).map((o) => JSON.parse(o) as { table: string; fields: Record<string, unknown> }[]).at(-1);
    expect(reopened, 'HQ holds it: the reopening is pushed').toEqual([expect.objectContaining({ table: 'card_reminders', fields: expect.objectContaining({ status: 'to_write', skip_reason: null }) })]);
    // The birthday corrected to the 10th (the card for the 5th lapses), then back.
    sql.prepare("UPDATE customers SET birth_date = '1985-12-10' WHERE id = 'c-card'").run();
    plan();
    expect([card('2026-12-05').status, card('2026-12-10').status]).toEqual(['skipped', 'to_write']);
    sql.prepare("UPDATE customers SET birth_date = '1985-12-05' WHERE id = 'c-card'").run();
    plan();
    expect([card('2026-12-05').status, card('2026-12-10').status]).toEqual(['to_write', 'skipped']);
    // A card a person skipped stays skipped.
    sql.prepare("UPDATE card_reminders SET status = 'skipped', skip_reason = '客户搬家' WHERE id = ?").run(card('2026-12-05').id);
    expect(plan().cardsUpdated).toBe(0);
    expect(card('2026-12-05')).toMatchObject({ status: 'skipped', skip_reason: '客户搬家' });
  });

  it.each([
    ['written', null],
    ['mailed', null],
    ['handed_over', null],
    ['skipped', '客户不需要'],
  ])('asks no second card for an occasion whose date is corrected after its card was %s (one card a year)', async (status, skipReason) => {
    await addCustomer(store.opened, { id: 'c-moved', name: '王芳', phone: '13800000031', plates: ['粤A31313'], birthDate: '1985-12-05', deliveryDate: '2022-12-01' });
    const sql = store.opened.sqlite;
    const plan = (today: string) => runPlanner(sql, ctx(today, ['c-moved']));
    const cards = (occasion: string) => sql.prepare("SELECT occasion_date, status FROM card_reminders WHERE customer_id = 'c-moved' AND occasion = ? ORDER BY occasion_date").all(occasion);
    plan('2026-11-24');
    expect(cards('purchase_anniversary')).toEqual([{ occasion_date: '2026-12-01', status: 'to_write' }]);
    expect(cards('birthday')).toEqual([{ occasion_date: '2026-12-05', status: 'to_write' }]);
    sql.prepare("UPDATE card_reminders SET status = ?, skip_reason = ? WHERE customer_id = 'c-moved'").run(status, skipReason);
    // The dealer system corrects the delivery date, the advisor the birthday: both a few days later.
    sql.prepare("UPDATE vehicles SET delivery_date = '2022-12-04' WHERE customer_id = 'c-moved'").run();
    sql.prepare("UPDATE customers SET birth_date = '1985-12-09' WHERE id = 'c-moved'").run();
    expect(plan('2026-11-27')).toMatchObject({ cardsCreated: 0, cardsLapsed: 0 });
    expect(cards('purchase_anniversary')).toEqual([{ occasion_date: '2026-12-01', status }]);
    expect(cards('birthday')).toEqual([{ occasion_date: '2026-12-05', status }]);
    // Next year's occasions are other ones: their cards come on the corrected dates.
    plan('2027-11-27');
    expect(cards('purchase_anniversary')).toEqual([{ occasion_date: '2026-12-01', status }, { occasion_date: '2027-12-04', status: 'to_write' }]);
    expect(cards('birthday')).toEqual([{ occasion_date: '2026-12-05', status }, { occasion_date: '2027-12-09', status: 'to_write' }]);
  });

  it("lapses the corrected day's card when another desk's written card arrives after the correction (any sync order, one card)", async () => {
    await addCustomer(store.opened, { id: 'c-order', name: '王琴', phone: '13800000033', plates: ['粤A33333'], deliveryDate: '2022-12-01' });
    const sql = store.opened.sqlite;
    const cards = () => sql.prepare("SELECT occasion_date, status FROM card_reminders WHERE customer_id = 'c-order' AND occasion = 'purchase_anniversary' ORDER BY occasion_date").all();
    runPlanner(sql, ctx('2026-11-24', ['c-order']));
    // The correction is pulled first: the card for the 1st lapses, one for the 4th is to write.
    sql.prepare("UPDATE vehicles SET delivery_date = '2022-12-04' WHERE customer_id = 'c-order'").run();
    runPlanner(sql, ctx('2026-11-25', ['c-order']));
    expect(cards()).toEqual([{ occasion_date: '2026-12-01', status: 'skipped' }, { occasion_date: '2026-12-04', status: 'to_write' }]);
    // Then another desk's push: the card for the 1st was written there before it pulled the correction.
    const marked = () => sql.prepare("SELECT wake_on FROM planner_wake WHERE customer_id = 'c-order'").pluck().get();
    expect(marked()).not.toBe('');
    sql.prepare("UPDATE card_reminders SET status = 'written', skip_reason = NULL WHERE customer_id = 'c-order' AND occasion_date = '2026-12-01'").run();
    expect(marked(), 'planned after the sync round (migration 0034)').toBe('');
    expect(runPlanner(sql, ctx('2026-11-26', ['c-order'])).cardsLapsed).toBe(1);
    expect(cards()).toEqual([{ occasion_date: '2026-12-01', status: 'written' }, { occasion_date: '2026-12-04', status: 'skipped' }]);
  });

  it('asks no membership card on the day of a car anniversary whose card was written, after the delivery date moved off it', async () => {
    await addCustomer(store.opened, { id: 'c-member', name: '王军', phone: '13800000034', plates: ['粤A34343'], deliveryDate: '2022-12-01', memberSince: '2022-12-01' });
    const sql = store.opened.sqlite;
    const cards = () => sql.prepare("SELECT occasion, occasion_date, status FROM card_reminders WHERE customer_id = 'c-member' ORDER BY occasion, occasion_date").all();
    runPlanner(sql, ctx('2026-11-24', ['c-member']));
    expect(cards()).toEqual([{ occasion: 'purchase_anniversary', occasion_date: '2026-12-01', status: 'to_write' }]);
    sql.prepare("UPDATE card_reminders SET status = 'mailed' WHERE customer_id = 'c-member'").run();
    sql.prepare("UPDATE vehicles SET delivery_date = '2022-12-04' WHERE customer_id = 'c-member'").run();
    expect(runPlanner(sql, ctx('2026-11-27', ['c-member'])).cardsCreated).toBe(0);
    expect(cards()).toEqual([{ occasion: 'purchase_anniversary', occasion_date: '2026-12-01', status: 'mailed' }]);
  });

  it('re-dates an unwritten card to a corrected delivery date', async () => {
    await addCustomer(store.opened, { id: 'c-open', name: '王刚', phone: '13800000032', plates: ['粤A32323'], deliveryDate: '2022-12-01' });
    const sql = store.opened.sqlite;
    runPlanner(sql, ctx('2026-11-24', ['c-open']));
    sql.prepare("UPDATE vehicles SET delivery_date = '2022-12-04' WHERE customer_id = 'c-open'").run();
    runPlanner(sql, ctx('2026-11-27', ['c-open']));
    const cards = sql.prepare("SELECT occasion_date, status, skip_reason FROM card_reminders WHERE customer_id = 'c-open' AND occasion = 'purchase_anniversary' ORDER BY occasion_date").all();
    expect(cards).toEqual([{ occasion_date: '2026-12-01', status: 'skipped', skip_reason: 'lapsed' }, { occasion_date: '2026-12-04', status: 'to_write', skip_reason: null }]);
  });

  it('upgrades a tier at once when trailing spend crosses a threshold', async () => {
    await addCustomer(store.opened, { id: 'c-tier', name: '周杰', phone: '13800000006', plates: ['粤A66666'], deliveryDate: '2024-01-01', memberSince: '2024-01-01' });
    await addVisit(store.opened, { id: 'v-t1', customerId: 'c-tier', date: '2026-06-01', amountFen: 500_000 });
    await addVisit(store.opened, { id: 'v-t2', customerId: 'c-tier', date: '2026-10-01', amountFen: 300_000 });
    const counts = runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    expect(counts.tierChanges).toBe(1);
    expect(store.opened.sqlite.prepare("SELECT tier, tier_since FROM customers WHERE id = 'c-tier'").get()).toEqual({ tier: 'gold', tier_since: '2026-11-24' });
  });

  it('reviews a tier at the first daily run after a membership anniversary nobody planned (the desk was off)', async () => {
    await addCustomer(store.opened, { id: 'c-down', name: '郑爽', phone: '13800000008', plates: ['粤A88888'], deliveryDate: '2022-09-15', memberSince: '2022-09-15', tier: 'gold' });
    await addCustomer(store.opened, { id: 'c-kept', name: '郑和', phone: '13800000018', plates: ['粤A88889'], deliveryDate: '2022-10-15', memberSince: '2022-10-15', tier: 'gold' });
    store.opened.sqlite.prepare("UPDATE customers SET tier_since = '2025-10-01'").run();
    const tier = (id: string) => store.opened.sqlite.prepare('SELECT tier, tier_since FROM customers WHERE id = ?').get(id);
    const daily = (today: string) => runPlannerInBatches(store.opened.sqlite, { today, rules: DEFAULT_RULES, now: `${today}T01:00:00.000Z` }, { workers: 0 });
    await daily('2026-09-10');
    await daily('2026-09-11');
    expect(tier('c-down')).toEqual({ tier: 'gold', tier_since: '2025-10-01' });
    // Off from 09-12 to 09-17; c-down's anniversary (09-15) was missed: the run of 09-18 reviews it.
    expect((await daily('2026-09-18')).tierChanges).toBe(1);
    expect(tier('c-down')).toEqual({ tier: 'silver', tier_since: '2026-09-18' });
    expect((await daily('2026-09-19')).tierChanges).toBe(0);
    // On time, a review is made on the day only: c-kept's anniversary (10-15) is planned on the day.
    await daily('2026-10-14');
    expect((await daily('2026-10-15')).tierChanges).toBe(1);
    expect(tier('c-kept')).toEqual({ tier: 'silver', tier_since: '2026-10-15' });
    expect(tier('c-down')).toEqual({ tier: 'silver', tier_since: '2026-09-18' });
  });

  it("reviews a missed anniversary with the twelve months up to the anniversary, not up to the day of the run", async () => {
    await addCustomer(store.opened, { id: 'c-late', name: '郑重', phone: '13800000019', plates: ['粤A88890'], deliveryDate: '2022-09-15', memberSince: '2022-09-15', tier: 'gold' });
    store.opened.sqlite.prepare("UPDATE customers SET tier_since = '2025-10-01' WHERE id = 'c-late'").run();
    // 8,000 CNY on 2025-09-16: inside the twelve months up to the anniversary (2026-09-15), outside those up to 09-18.
    await addVisit(store.opened, { id: 'v-late', customerId: 'c-late', date: '2025-09-16', amountFen: 800_000 });
    const tier = () => store.opened.sqlite.prepare("SELECT tier, tier_since FROM customers WHERE id = 'c-late'").get();
    const daily = (today: string) => runPlannerInBatches(store.opened.sqlite, { today, rules: DEFAULT_RULES, now: `${today}T01:00:00.000Z` }, { workers: 0 });
    await daily('2026-09-11');
    // Off from 09-12 to 09-17: on its anniversary the customer still held Gold by spend, so Gold stays.
    expect((await daily('2026-09-18')).tierChanges).toBe(0);
    expect(tier()).toEqual({ tier: 'gold', tier_since: '2025-10-01' });
    // Held until the next anniversary: later runs do not review it again.
    expect((await daily('2026-09-19')).tierChanges).toBe(0);
    expect(tier()).toEqual({ tier: 'gold', tier_since: '2025-10-01' });
  });

  it('counts a membership without member_since (HQ import) from the first car: tier review and the first-year surprise', async () => {
    await addCustomer(store.opened, { id: 'c-hq', name: '冯巩', phone: '13800000009', plates: ['粤A99999'], deliveryDate: '2025-11-30', tier: 'silver' });
    store.opened.sqlite.prepare("UPDATE customers SET tier_since = '2026-01-10' WHERE id = 'c-hq'").run();
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    expect(tasks().filter((t) => t.customer_id === 'c-hq' && t.rule === 'surprise_membership_year')).toEqual([
      expect.objectContaining({ occurrence: '2026-11-30', due_date: '2026-11-30', status: 'open' }),
    ]);
    runPlanner(store.opened.sqlite, ctx('2026-11-30'));
    expect(store.opened.sqlite.prepare("SELECT tier FROM customers WHERE id = 'c-hq'").pluck().get()).toBe('normal');
    // The car's anniversary card is the one card of that day: no membership card beside it.
    const cards = store.opened.sqlite.prepare("SELECT occasion FROM card_reminders WHERE customer_id = 'c-hq' AND occasion_date = '2026-11-30'").pluck().all();
    expect(cards).toEqual(['purchase_anniversary']);
  });

  it('takes unwritten cards off the list when the customer opts out', async () => {
    await addCustomer(store.opened, { id: 'c-card', name: '陈红', phone: '13800000010', plates: ['粤A10101'], birthDate: '1985-12-05', deliveryDate: '2022-06-01' });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    const card = () => store.opened.sqlite.prepare("SELECT status, skip_reason FROM card_reminders WHERE customer_id = 'c-card' AND occasion = 'birthday'").get();
    expect(card()).toEqual({ status: 'to_write', skip_reason: null });
    store.opened.sqlite.prepare("UPDATE customers SET do_not_contact = 1 WHERE id = 'c-card'").run();
    const counts = runPlanner(store.opened.sqlite, ctx('2026-11-25', ['c-card']));
    expect(counts.cardsLapsed).toBe(1);
    expect(card()).toEqual({ status: 'skipped', skip_reason: 'lapsed' });
  });

  it('keeps the 1,000th-visitor prize with the customer who got it when visits arrive later', async () => {
    const sqlite = store.opened.sqlite;
    for (const [id, phone, plate] of [['c-old', '13800000011', '粤B00001'], ['c-a', '13800000012', '粤B00002'], ['c-b', '13800000013', '粤B00003']] as const) {
      await addCustomer(store.opened, { id, name: `客${id}`, phone, plates: [plate], deliveryDate: '2020-01-01', memberSince: '2020-01-01' });
    }
    const visit = sqlite.prepare(
      `INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, advisor_id, note, created_at, updated_at, deleted_at)
       VALUES (?, 'store-1', ?, ?, ?, 'maintenance', 100, NULL, 'adv-1', NULL, 'x', 'x', NULL)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < 999; i++) visit.run(`old-${String(i).padStart(4, '0')}`, 'c-old', 'c-old-v0', '2025-01-01');
    })();
    const prizes = () => sqlite.prepare("SELECT customer_id, occurrence, status FROM tasks WHERE rule = 'surprise_nth_visitor' ORDER BY customer_id").all();
    visit.run('v-zzz', 'c-a', 'c-a-v0', '2026-06-10');
    runPlanner(sqlite, ctx('2026-06-10'));
    expect(prizes()).toEqual([{ customer_id: 'c-a', occurrence: '1000', status: 'open' }]);
    // Later the same day a visit with a smaller id comes in: it would now be number 1,000.
    visit.run('v-aaa', 'c-b', 'c-b-v0', '2026-06-10');
    runPlanner(sqlite, ctx('2026-06-10'));
    runPlanner(sqlite, ctx('2026-06-11', ['c-a', 'c-b']));
    expect(prizes()).toEqual([{ customer_id: 'c-a', occurrence: '1000', status: 'open' }]);
    // Given, then an older visit typed in late: still one winner.
    sqlite.prepare("UPDATE tasks SET status = 'done' WHERE rule = 'surprise_nth_visitor'").run();
    visit.run('late-1', 'c-old', 'c-old-v0', '2026-06-01');
    runPlanner(sqlite, ctx('2026-06-12'));
    expect(prizes()).toEqual([{ customer_id: 'c-a', occurrence: '1000', status: 'done' }]);
  });

  it('gives a key ring for each 10,000 km a car crossed, none for a reading typed a digit long (it listed 64)', async () => {
    const sqlite = store.opened.sqlite;
    await addCustomer(store.opened, { id: 'c-km', name: '钱多', phone: '13800000019', plates: ['粤B00019'], deliveryDate: '2022-01-01' });
    const visit = sqlite.prepare(
      `INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, advisor_id, note, created_at, updated_at, deleted_at)
       VALUES (?, 'store-1', 'c-km', 'c-km-v0', ?, 'maintenance', 100, ?, 'adv-1', NULL, 'x', 'x', NULL)`,
    );
    const rings = () => sqlite.prepare("SELECT occurrence FROM tasks WHERE customer_id = 'c-km' AND rule = 'surprise_mileage_milestone' ORDER BY occurrence").pluck().all();
    visit.run('km-1', '2026-05-10', 58_000);
    visit.run('km-2', '2026-11-10', 650_000); // 65,000 typed with a digit too many
    runPlanner(sqlite, ctx('2026-11-12'));
    expect(rings()).toEqual([]);
    // The next reading is the car's own: it crossed 60,000 since May.
    visit.run('km-3', '2026-11-20', 65_300);
    runPlanner(sqlite, ctx('2026-11-20', ['c-km']));
    expect(rings()).toEqual(['c-km-v0:60000']);
  });

  it('gives a top referrer their surprise due on a fixed day, not moved to each day it is planned', async () => {
    await addCustomer(store.opened, { id: 'c-ref', name: '王强', phone: '13800000014', plates: ['粤B00004'], deliveryDate: '2024-01-01', memberSince: '2024-01-01', doNotContact: true });
    const referral = store.opened.sqlite.prepare(
      `INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on, status, created_at, updated_at)
       VALUES (?, 'store-1', 'c-ref', NULL, ?, ?, 'success', 'x', 'x')`,
    );
    for (const [i, on] of ['2026-01-05', '2026-02-10', '2026-03-15', '2026-05-20', '2026-06-02'].entries()) referral.run(`r${i}`, `朋友${i}`, on);
    const prize = () => store.opened.sqlite.prepare("SELECT due_date, status FROM tasks WHERE customer_id = 'c-ref' AND rule = 'surprise_top_referrer'").all();
    runPlanner(store.opened.sqlite, ctx('2026-06-10'));
    expect(prize()).toEqual([{ due_date: '2026-06-02', status: 'open' }]);
    expect(runPlanner(store.opened.sqlite, ctx('2026-06-11', ['c-ref'])).tasksUpdated).toBe(0);
    expect(prize()).toEqual([{ due_date: '2026-06-02', status: 'open' }]);
  });

  it("thanks a top referrer whose fifth friend bought weeks after the referral (HQ records the success with the purchase)", async () => {
    await addCustomer(store.opened, { id: 'c-ref5', name: '陈刚', phone: '13800000015', plates: ['粤B00005'], deliveryDate: '2024-01-01', memberSince: '2024-01-01' });
    // The fifth friend, referred on 1 March, took delivery on 15 April; the import came the next day.
    await addCustomer(store.opened, { id: 'c-friend', name: '林峰', phone: '13800000016', plates: ['粤B00006'], deliveryDate: '2026-04-15', memberSince: '2026-04-15' });
    const referral = store.opened.sqlite.prepare(
      `INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on, status, created_at, updated_at)
       VALUES (?, 'store-1', 'c-ref5', ?, ?, ?, 'success', 'x', 'x')`,
    );
    for (const [i, on] of ['2025-06-05', '2025-08-10', '2025-10-15', '2026-01-20'].entries()) referral.run(`rr${i}`, null, `朋友${i}`, on);
    referral.run('rr4', 'c-friend', '林峰', '2026-03-01');
    const prize = () => store.opened.sqlite.prepare("SELECT due_date, status FROM tasks WHERE customer_id = 'c-ref5' AND rule = 'surprise_top_referrer'").all();
    runPlanner(store.opened.sqlite, ctx('2026-04-16', ['c-ref5']));
    expect(prize()).toEqual([{ due_date: '2026-04-15', status: 'open' }]);
    // The whole-store readers agree with the scoped one.
    runPlanner(store.opened.sqlite, ctx('2026-04-16'));
    expect(prize()).toEqual([{ due_date: '2026-04-15', status: 'open' }]);
  });

  it("thanks a top referrer whose fifth friend's delivery is imported after the referrer was planned", async () => {
    const sqlite = store.opened.sqlite;
    await addCustomer(store.opened, { id: 'c-ref6', name: '赵敏', phone: '13800000017', plates: ['粤B00007'], deliveryDate: '2024-01-01', memberSince: '2024-01-01' });
    // The fifth friend is on file (referred on 1 February), their car not yet.
    await addCustomer(store.opened, { id: 'c-friend6', name: '周杰', phone: '13800000018', plates: [], memberSince: '2026-02-01' });
    const referral = sqlite.prepare(
      `INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on, status, created_at, updated_at)
       VALUES (?, 'store-1', 'c-ref6', ?, ?, ?, 'success', 'x', 'x')`,
    );
    for (const [i, on] of ['2025-06-05', '2025-08-10', '2025-10-15', '2025-11-20'].entries()) referral.run(`r6-${i}`, null, `朋友${i}`, on);
    referral.run('r6-4', 'c-friend6', '周杰', '2026-02-01');
    const prize = () => sqlite.prepare("SELECT due_date, status FROM tasks WHERE customer_id = 'c-ref6' AND rule = 'surprise_top_referrer'").all();
    // Planned daily; by 20 March the surprise (from 1 February, 30 days' grace) has gone.
    await runPlannerInBatches(sqlite, ctx('2026-02-02'));
    await runPlannerInBatches(sqlite, ctx('2026-03-20'));
    expect(prize()).toEqual([{ due_date: '2026-02-01', status: 'void' }]);
    // HQ imports the friend's car, delivered on 15 April: the referral succeeded that day.
    sqlite.prepare(`INSERT INTO vehicles (id, store_id, customer_id, plate, vin, brand, model, delivery_date, created_at, updated_at) VALUES ('v-friend6', 'store-1', 'c-friend6', '粤B00008', 'LSVAA4182E2000608', 'Volkswagen', 'Passat', '2026-04-15', 'x', 'x')`).run();
    expect(sqlite.prepare("SELECT wake_on FROM planner_wake WHERE customer_id = 'c-ref6'").pluck().get()).toBe('');
    await runPlannerInBatches(sqlite, ctx('2026-04-16'));
    expect(prize()).toContainEqual({ due_date: '2026-04-15', status: 'open' });
    // A correction of that delivery reaches the referrer as well.
    const wake = () => sqlite.prepare("SELECT wake_on FROM planner_wake WHERE customer_id = 'c-ref6'").pluck().get();
    sqlite.prepare("UPDATE vehicles SET first_delivery_date = delivery_date, delivery_date = '2026-04-18' WHERE id = 'v-friend6'").run();
    expect(wake()).toBe('');
    // And so does a referral that names another customer, or another day.
    await runPlannerInBatches(sqlite, ctx('2026-04-18'));
    sqlite.prepare("UPDATE referrals SET referred_customer_id = NULL WHERE id = 'r6-4'").run();
    expect(wake()).toBe('');
  });

  it('keeps a purchase-anniversary gift given before the dealer system corrected the delivery date given, and re-dates the open invite', async () => {
    await addCustomer(store.opened, { id: 'c-anniv', name: '李梅', phone: '13800000025', plates: ['粤A25252'], deliveryDate: '2023-12-10', memberSince: '2023-12-10' });
    const sql = store.opened.sqlite;
    const plan = () => runPlanner(sql, ctx('2026-12-04', ['c-anniv']));
    const rows = () => sql.prepare("SELECT rule, occurrence, due_date, status FROM tasks WHERE customer_id = 'c-anniv' AND rule IN ('purchase_anniversary_gift', 'yearly_inspection') ORDER BY rule, occurrence").all();
    plan();
    expect(rows()).toEqual([
      { rule: 'purchase_anniversary_gift', occurrence: '2026-12-10', due_date: '2026-12-03', status: 'open' },
      { rule: 'yearly_inspection', occurrence: '2026-12-10', due_date: '2026-12-10', status: 'open' },
    ]);
    sql.prepare("UPDATE tasks SET status = 'done', completed_at = '2026-12-04T02:00:00.000Z' WHERE customer_id = 'c-anniv' AND rule = 'purchase_anniversary_gift'").run();
    // HQ imports the corrected delivery date, keeping the first one beside it (ingest).
    sql.prepare("UPDATE vehicles SET first_delivery_date = delivery_date, delivery_date = '2023-12-20' WHERE customer_id = 'c-anniv'").run();
    plan();
    expect(rows()).toEqual([
      { rule: 'purchase_anniversary_gift', occurrence: '2026-12-10', due_date: '2026-12-03', status: 'done' },
      { rule: 'yearly_inspection', occurrence: '2026-12-10', due_date: '2026-12-20', status: 'open' },
    ]);
  });

  it('does not ask again for an anniversary gift given under the occurrence an earlier planner gave it (the corrected date)', async () => {
    await addCustomer(store.opened, { id: 'c-anniv7', name: '李雷', phone: '13800000026', plates: ['粤A26262'], deliveryDate: '2023-12-20', memberSince: '2023-12-10' });
    const sql = store.opened.sqlite;
    sql.prepare("UPDATE vehicles SET first_delivery_date = '2023-12-10' WHERE customer_id = 'c-anniv7'").run();
    // What planner 7 left: the 2026 gift and invite keyed by the corrected date's anniversary, the gift given.
    const reason = JSON.stringify({ code: 'delivery_anniversary', deliveredOn: '2023-12-20', years: 3 });
    const planned7 = sql.prepare(
      `INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, channel, due_date, status, reason, created_at, updated_at)
       VALUES (?, 'store-1', 'c-anniv7', NULL, ?, '2026-12-20', ?, NULL, ?, ?, ?, 'x', 'x')`,
    );
    planned7.run(plannedId('c-anniv7', 'purchase_anniversary_gift', '2026-12-20'), 'purchase_anniversary_gift', 'gift', '2026-12-13', 'done', reason);
    planned7.run(plannedId('c-anniv7', 'yearly_inspection', '2026-12-20'), 'yearly_inspection', 'invite', '2026-12-20', 'open', reason);
    runPlanner(sql, ctx('2026-12-15', ['c-anniv7']));
    const rows = sql.prepare("SELECT rule, occurrence, due_date, status FROM tasks WHERE customer_id = 'c-anniv7' AND rule IN ('purchase_anniversary_gift', 'yearly_inspection') ORDER BY rule, occurrence").all();
    expect(rows).toEqual([
      { rule: 'purchase_anniversary_gift', occurrence: '2026-12-20', due_date: '2026-12-13', status: 'done' },
      { rule: 'yearly_inspection', occurrence: '2026-12-10', due_date: '2026-12-20', status: 'open' },
      { rule: 'yearly_inspection', occurrence: '2026-12-20', due_date: '2026-12-20', status: 'void' },
    ]);
  });

  it('keeps a care call made before the dealer system corrected the delivery date made, and one made under the occurrence planner 8 gave it', async () => {
    const sql = store.opened.sqlite;
    const care = (id: string) => sql.prepare(`SELECT occurrence, due_date, status FROM tasks WHERE customer_id = ? AND rule = 'care_call_90' ORDER BY occurrence`).all(id);
    await addCustomer(store.opened, { id: 'c-care', name: '孙丽', phone: '13800000027', plates: ['粤A27272'], deliveryDate: '2026-03-10', memberSince: '2026-03-10' });
    runPlanner(sql, ctx('2026-06-10', ['c-care']));
    expect(care('c-care')).toEqual([{ occurrence: '2026-03-10', due_date: '2026-06-08', status: 'open' }]);
    sql.prepare("UPDATE tasks SET status = 'done', completed_at = '2026-06-10T02:00:00.000Z' WHERE customer_id = 'c-care' AND rule = 'care_call_90'").run();
    sql.prepare("UPDATE vehicles SET first_delivery_date = delivery_date, delivery_date = '2026-03-12' WHERE customer_id = 'c-care'").run();
    runPlanner(sql, ctx('2026-06-12', ['c-care']));
    expect(care('c-care')).toEqual([{ occurrence: '2026-03-10', due_date: '2026-06-08', status: 'done' }]);
    // Planner 8 keyed it by the corrected date: made under that key, it is not asked again either.
    await addCustomer(store.opened, { id: 'c-care8', name: '孙明', phone: '13800000028', plates: ['粤A28282'], deliveryDate: '2026-03-12', memberSince: '2026-03-10' });
    sql.prepare("UPDATE vehicles SET first_delivery_date = '2026-03-10' WHERE customer_id = 'c-care8'").run();
    sql.prepare(
      `INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, channel, due_date, status, reason, created_at, updated_at)
       VALUES (?, 'store-1', 'c-care8', NULL, 'care_call_90', '2026-03-12', 'call', NULL, '2026-06-10', 'done', ?, 'x', 'x')`,
    ).run(plannedId('c-care8', 'care_call_90', '2026-03-12'), JSON.stringify({ code: 'no_visit', since: '2026-03-12', quietDays: 90 }));
    runPlanner(sql, ctx('2026-06-12', ['c-care8']));
    expect(care('c-care8')).toEqual([{ occurrence: '2026-03-12', due_date: '2026-06-10', status: 'done' }]);
    // Open under that key, snoozed and moved by a manager: the new one keeps both.
    await addCustomer(store.opened, { id: 'c-care9', name: '孙亮', phone: '13800000029', plates: ['粤A29292'], deliveryDate: '2026-03-12', memberSince: '2026-03-10' });
    sql.prepare("UPDATE vehicles SET first_delivery_date = '2026-03-10' WHERE customer_id = 'c-care9'").run();
    sql.prepare(
      `INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, channel, due_date, status, reason, snoozed_until, advisor_pinned, created_at, updated_at)
       VALUES (?, 'store-1', 'c-care9', 'adv-2', 'care_call_90', '2026-03-12', 'call', NULL, '2026-06-10', 'open', ?, '2026-06-15', 1, 'x', 'x')`,
    ).run(plannedId('c-care9', 'care_call_90', '2026-03-12'), JSON.stringify({ code: 'no_visit', since: '2026-03-12', quietDays: 90 }));
    runPlanner(sql, ctx('2026-06-12', ['c-care9']));
    expect(sql.prepare("SELECT occurrence, status, snoozed_until, advisor_id, advisor_pinned FROM tasks WHERE customer_id = 'c-care9' AND rule = 'care_call_90' ORDER BY occurrence").all()).toEqual([
      { occurrence: '2026-03-10', status: 'open', snoozed_until: '2026-06-15', advisor_id: 'adv-2', advisor_pinned: 1 },
      { occurrence: '2026-03-12', status: 'void', snoozed_until: '2026-06-15', advisor_id: 'adv-2', advisor_pinned: 1 },
    ]);
    // Once: a snooze the advisor changes on the new one stays.
    sql.prepare("UPDATE tasks SET snoozed_until = NULL WHERE customer_id = 'c-care9' AND occurrence = '2026-03-10'").run();
    runPlanner(sql, ctx('2026-06-13', ['c-care9']));
    expect(sql.prepare("SELECT snoozed_until FROM tasks WHERE customer_id = 'c-care9' AND occurrence = '2026-03-10'").pluck().get()).toBeNull();
    // A desk that pulls the old one already voided (another desk planned first) creates the new one the same.
    sql.prepare("DELETE FROM tasks WHERE customer_id = 'c-care9' AND occurrence = '2026-03-10'").run();
    runPlanner(sql, ctx('2026-06-13', ['c-care9']));
    expect(sql.prepare("SELECT status, snoozed_until, advisor_id, advisor_pinned FROM tasks WHERE customer_id = 'c-care9' AND occurrence = '2026-03-10'").get()).toEqual({
      status: 'open', snoozed_until: '2026-06-15', advisor_id: 'adv-2', advisor_pinned: 1,
    });
  });

  it('lets the open work of a customer deleted since go when they are planned again', async () => {
    await addCustomer(store.opened, { id: 'c-gone', name: '吴用', phone: '13800000007', plates: ['粤A77777'], deliveryDate: '2026-11-20', memberSince: '2026-11-20' });
    runPlanner(store.opened.sqlite, ctx('2026-11-24'));
    expect(tasks().filter((t) => t.customer_id === 'c-gone' && t.status === 'open').length).toBeGreaterThan(0);
    store.opened.sqlite.prepare("UPDATE customers SET deleted_at = '2026-11-24T02:00:00.000Z' WHERE id = 'c-gone'").run();
    const counts = runPlanner(store.opened.sqlite, ctx('2026-11-24', ['c-gone']));
    expect(counts.customers).toBe(0);
    expect(tasks().filter((t) => t.customer_id === 'c-gone' && t.status === 'open')).toEqual([]);
  });

  it.each([
    ['the next daily run (the customer marked due)', { fullRunEveryDays: 7 }],
    ['a whole-store run (it plans the customers there are)', { fullRunEveryDays: 0 }],
  ])("lets a deleted customer's open work go at %s, cards too", async (_when, options) => {
    await addCustomer(store.opened, { id: 'c-gone', name: '吴用', phone: '13800000007', plates: ['粤A77777'], deliveryDate: '2026-11-20', memberSince: '2026-11-20', birthDate: '1980-11-28' });
    const sqlite = store.opened.sqlite;
    await runPlannerInBatches(sqlite, ctx('2026-11-24'));
    const openCards = () => sqlite.prepare("SELECT count(*) FROM card_reminders WHERE customer_id = 'c-gone' AND status = 'to_write'").pluck().get();
    expect(tasks().filter((t) => t.customer_id === 'c-gone' && t.status === 'open').length).toBeGreaterThan(0);
    expect(openCards()).toBe(1);
    sqlite.prepare("UPDATE customers SET deleted_at = '2026-11-24T02:00:00.000Z' WHERE id = 'c-gone'").run();
    await runPlannerInBatches(sqlite, ctx('2026-11-25'), options);
    expect(tasks().filter((t) => t.customer_id === 'c-gone' && t.status === 'open')).toEqual([]);
    expect(openCards()).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/calendar/dates';
import { DEFAULT_RULES, type RulesConfig } from '../../../shared/domain/rules/config';
import { computeMetrics, type Metric } from '../../../shared/domain/rules/metrics';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { addCustomer, addSurvey, addVisit, createTestStore, setReferrer, tempDbFile } from '../testing/fixture';
import { loadMetricCustomers } from './metric-inputs';
import { storeMetrics } from './store-metrics';

const reference = (opened: OpenedDatabase, today: string, rules: RulesConfig) => computeMetrics(loadMetricCustomers(opened.sqlite), today, rules);

/** Rules that move every window and threshold, and take the less usual branches of the SQL. */
const ODD_RULES: RulesConfig = {
  ...DEFAULT_RULES,
  trailingDays: 200,
  // Churn risk only after 500 days: recency then reads further back than the previous window.
  radar: { ...DEFAULT_RULES.radar, yellowMinDays: 45, redAfterDays: 500 },
  metrics: { ...DEFAULT_RULES.metrics, shortRetentionDays: 120, mediumRetentionDays: 14, npsPromoterMin: 8, npsDetractorMax: 5 },
};
/** Not valid (parseRulesConfig refuses yellow after red), yet computeMetrics takes it: so must the SQL. */
const UNCHECKED_RULES: RulesConfig = { ...DEFAULT_RULES, radar: { ...DEFAULT_RULES.radar, yellowMinDays: 200, redAfterDays: 100 } };

/**
 * Rows the demo does not write: deleted customers (with their visits, surveys and the customers
 * they referred), deleted visits, vehicles and surveys, same-day repeat purchases, a customer with
 * no vehicle and no visit. Chosen by id order, so the same for every run.
 */
function roughenDemo(opened: OpenedDatabase): void {
  const at = '2026-01-01T00:00:00.000Z';
  const pick = (table: string, n: number, offset: number, where = 'deleted_at IS NULL') =>
    `(SELECT id FROM ${table} WHERE ${where} ORDER BY id LIMIT ${n} OFFSET ${offset})`;
  opened.sqlite.exec(`
    UPDATE customers SET referred_by_id = (SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 7) WHERE id IN ${pick('customers', 6, 40)};
    UPDATE customers SET referred_by_id = (SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 8) WHERE id IN ${pick('customers', 2, 60)};
    UPDATE customers SET deleted_at = '${at}' WHERE id IN ${pick('customers', 4, 5)};
    UPDATE visits SET deleted_at = '${at}' WHERE id IN ${pick('visits', 60, 200)};
    UPDATE vehicles SET deleted_at = '${at}' WHERE id IN ${pick('vehicles', 15, 30)};
    UPDATE surveys SET deleted_at = '${at}' WHERE id IN ${pick('surveys', 10, 3)};
    INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, created_at, updated_at)
      SELECT 'same-day-' || id, store_id, customer_id, NULL, visit_date, 'repair', 9900, created_at, updated_at
      FROM visits WHERE id IN ${pick('visits', 30, 500, 'deleted_at IS NULL AND amount_fen > 0')};
    INSERT INTO customers (id, store_id, name, phone, created_at, updated_at)
      SELECT 'no-vehicle', id, '无车客户', '13900000000', '${at}', '${at}' FROM stores;
  `);
}

describe('storeMetrics equals computeMetrics on demo stores', () => {
  const stores: { opened: OpenedDatabase; cleanup(): void }[] = [];
  beforeAll(() => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const tmp = tempDbFile();
      const opened = openDatabase(tmp.file);
      generateDemoStore(opened, { customers: 300, seed, today: '2026-11-20' });
      if (seed % 2 === 1) roughenDemo(opened);
      stores.push({ opened, cleanup: () => (opened.sqlite.close(), tmp.cleanup()) });
    }
  }, 120_000);
  afterAll(() => stores.forEach((s) => s.cleanup()));

  // The history's last day, days before it (later visits are in the future), after it, and a year boundary.
  const todays = ['2026-11-20', '2026-01-01', '2025-12-31', '2026-06-15', '2024-03-01', addDays('2026-11-20', 400)];

  it.each([1, 2, 3, 4, 5])('seed %i, default rules, every today', (seed) => {
    const { opened } = stores[seed - 1]!;
    for (const today of todays) expect([today, storeMetrics(opened.sqlite, today, DEFAULT_RULES)]).toEqual([today, reference(opened, today, DEFAULT_RULES)]);
  });

  it.each([1, 2])('seed %i, rules with other windows and thresholds', (seed) => {
    const { opened } = stores[seed - 1]!;
    for (const rules of [ODD_RULES, UNCHECKED_RULES]) {
      for (const today of todays) expect([today, storeMetrics(opened.sqlite, today, rules)]).toEqual([today, reference(opened, today, rules)]);
    }
  });

  it('the demo data reaches every metric (no comparison of empty values)', () => {
    const ms = storeMetrics(stores[0]!.opened.sqlite, '2026-11-20', DEFAULT_RULES);
    for (const m of ms) expect([m.key, m.numerator > 0 && m.denominator > 0]).toEqual([m.key, true]);
  });
});

describe('storeMetrics: hand-computed store', () => {
  // T = 2026-06-30. Trailing 12 months 2025-07-01..2026-06-30, previous 2024-07-01..2025-06-30;
  // active from 2026-04-02, silent 2026-01-01..2026-04-01; 30-day cohort first <= 2026-05-31, 90-day <= 2026-04-01.
  const T = '2026-06-30';
  let store: Awaited<ReturnType<typeof createTestStore>>;
  let metrics: Metric[];
  beforeAll(async () => {
    store = await createTestStore();
    const o = store.opened;
    const customer = async (id: string, deliveryDate: string | null, visits: [string, number][], surveys: [string, number][] = []) => {
      await addCustomer(o, { id, name: `客户${id}`, phone: `1380000000${id.charCodeAt(0) % 10}`, plates: deliveryDate ? [`粤A${id}0001`] : [], deliveryDate: deliveryDate ?? undefined });
      for (const [i, [date, amountFen]] of visits.entries()) await addVisit(o, { id: `${id}-visit-${i}`, customerId: id, date, amountFen });
      for (const [i, [date, score]] of surveys.entries()) await addSurvey(o, { id: `${id}-survey-${i}`, customerId: id, date, score });
    };
    // A loyal: 2 purchases in the previous window (300,000), 2 in the trailing one (200,000) + a free visit. First 2024-08-10,
    //   next 2025-01-15 (158 days). Active. Promoter. Referred B and C (and E, deleted).
    await customer('A', '2022-03-01', [['2024-08-10', 200_000], ['2025-01-15', 100_000], ['2026-03-10', 150_000], ['2026-05-01', 0], ['2026-06-20', 50_000]], [['2026-06-21', 10]]);
    // B new owner, back after 20 days: retained in the 30-day cohort. Passive.
    await customer('B', '2026-04-15', [['2026-04-20', 20_000], ['2026-05-10', 30_000]], [['2026-05-11', 8]]);
    // C only a free visit: no purchase, so active from its delivery.
    await customer('C', '2026-06-01', [['2026-06-10', 0]]);
    // D two purchases on one day in 2023: a repeat buyer who never came back. Churn risk. Detractor.
    await customer('D', '2019-05-01', [['2023-05-05', 80_000], ['2023-05-05', 20_000]], [['2025-08-01', 3]]);
    // E deleted: nothing of it counts.
    await customer('E', '2024-01-01', [['2025-09-01', 500_000], ['2026-06-01', 500_000]], [['2026-06-02', 0]]);
    // F one purchase 365 days ago (last day of the previous window), a deleted visit since: churned, churn risk. Referred by E.
    await customer('F', '2025-06-30', [['2025-06-30', 40_000], ['2026-06-01', 70_000]]);
    // G no vehicle, no visit: a customer in no band.
    await customer('G', null, []);
    // H only a visit after today (ignored): churn risk from its 2024-05-01 delivery. Promoter on the window's first day.
    await customer('H', '2024-05-01', [['2026-07-05', 60_000]], [['2026-07-01', 0], ['2025-07-01', 9]]);
    // I silent: 2025-05-01 (previous window) and 2026-02-15. Passive.
    await customer('I', '2023-01-10', [['2025-05-01', 60_000], ['2026-02-15', 90_000]], [['2026-02-16', 7]]);
    for (const id of ['B', 'C', 'E']) await setReferrer(o, id, 'A');
    await setReferrer(o, 'F', 'E');
    o.sqlite.prepare(`UPDATE customers SET deleted_at = '2026-06-03T00:00:00.000Z' WHERE id = 'E'`).run();
    o.sqlite.prepare(`UPDATE visits SET deleted_at = '2026-06-02T00:00:00.000Z' WHERE id = 'F-visit-1'`).run();
    metrics = storeMetrics(o.sqlite, T, DEFAULT_RULES);
  });
  afterAll(async () => store.cleanup());

  it.each([
    // key, numerator, denominator, value
    ['retention_30d', 1, 5, 0.2], // B of A B D F I
    ['retention_90d', 0, 4, 0], // of A D F I
    ['retention_12m', 2, 4, 0.5], // A I of A D F I
    ['monthly_visit_frequency', 7, 96, 7 / 96], // A 3, B 2, C 1, I 1 / 8 customers / 12
    ['annual_spend_per_customer', 340_000, 3, 340_000 / 3], // A 200,000, B 50,000, I 90,000
    ['active_ratio', 3, 8, 3 / 8], // A B C
    ['silent_ratio', 1, 8, 1 / 8], // I
    ['churn_risk_count', 3, 8, 3], // D F H
    ['annual_churn_rate', 1, 3, 1 / 3], // F of A F I
    ['repurchase_rate', 4, 5, 0.8], // A B D I of A B D F I
    ['ltv_growth', 290_000, 360_000, 290_000 / 360_000 - 1], // retained A I
    ['average_ticket_growth', 290_000 / 3, 120_000, 290_000 / 3 / 120_000 - 1],
    ['nps', 1, 5, 20], // promoters A H, detractor D, passives B I
    ['referral_conversion', 1, 8, 1 / 8], // A (E is deleted)
    ['referred_new_customers', 3, 8, 3], // B C F
  ] as const)('%s = %d / %d', (key, numerator, denominator, value) => {
    const m = metrics.find((x) => x.key === key);
    expect(m).toMatchObject({ key, numerator, denominator, value });
  });

  it('equals the reference', () => {
    expect(metrics).toEqual(reference(store.opened, T, DEFAULT_RULES));
    expect(storeMetrics(store.opened.sqlite, T, ODD_RULES)).toEqual(reference(store.opened, T, ODD_RULES));
  });
});

describe('storeMetrics: empty store', () => {
  it('has no values, like the reference', async () => {
    const store = await createTestStore();
    try {
      expect(storeMetrics(store.opened.sqlite, '2026-06-30', DEFAULT_RULES)).toEqual(computeMetrics([], '2026-06-30', DEFAULT_RULES));
    } finally {
      await store.cleanup();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { addDays } from './days';
import { computeMetrics, customerSince, type Metric, type MetricCustomer } from './metrics';

const T = '2026-06-30';
// Windows, worked out by hand:
//   trailing 12 months  2025-07-01 .. 2026-06-30      previous 12 months  2024-07-01 .. 2025-06-30
//   active: last purchase >= 2026-04-02 (0-89 days)     silent: 2026-01-01 .. 2026-04-01 (90-180 days)
//   churn risk: before 2026-01-01 (181+ days)
//   30-day retention cohort: first purchase <= 2026-05-31; 90-day: <= 2026-04-01; 12-month: < 2025-07-01
const v = (date: string, amountFen: number) => ({ date, amountFen });
const s = (date: string, score0to10: number) => ({ date, score0to10 });
const customer = (c: Partial<MetricCustomer>): MetricCustomer => ({ visits: [], surveys: [], deliveryDates: [], referredSince: [], referredBy: null, ...c });

const FIXTURE: MetricCustomer[] = [
  // C1 loyal. Purchases 08-10 and 01-15 in the previous window (300,000), 3 in the trailing one (500,000) + a free visit.
  //   first 2024-08-10, second 2025-01-15 (158 days): in the 30/90 cohorts, not retained; 12-month cohort, retained.
  //   4 trailing visits; active; promoter (10 on 2026-06-21; the 2025-03-01 survey is outside the window); referrer.
  customer({
    deliveryDates: ['2022-03-01'],
    visits: [v('2024-08-10', 200_000), v('2025-01-15', 100_000), v('2025-08-01', 300_000), v('2026-03-10', 150_000), v('2026-05-01', 0), v('2026-06-20', 50_000)],
    surveys: [s('2026-06-21', 10), s('2025-03-01', 9)],
    referredSince: ['2026-04-15', '2026-06-01'],
  }),
  // C2 new owner, back after 20 days: 30-day cohort retained; too young for 90-day. 2 trailing visits, 50,000; active; passive (8); referred.
  customer({ deliveryDates: ['2026-04-15'], visits: [v('2026-05-10', 30_000), v('2026-04-20', 20_000)], surveys: [s('2026-05-11', 8)], referredBy: 'C1' }),
  // C3 new owner, only a free visit: no purchase, so last purchase = delivery 2026-06-01 -> active. 1 trailing visit; referred.
  customer({ deliveryDates: ['2026-06-01'], visits: [v('2026-06-10', 0)], referredBy: 'C1' }),
  // C4 churned: 2024-09-01 and 2024-09-20 (19 days): retained in the 30 and 90 cohorts; 12-month cohort not retained;
  //   bought in the previous window only -> churned; churn risk; detractor (3 on 2025-08-01).
  customer({ deliveryDates: ['2019-05-01'], visits: [v('2024-09-01', 80_000), v('2024-09-20', 20_000)], surveys: [s('2025-08-01', 3)] }),
  // C5 silent: 2025-05-01 (previous window, 60,000) and 2026-02-15 (trailing, 90,000), 290 days apart: in the 30/90 cohorts,
  //   not retained; 12-month retained; retained for LTV; silent; passive (7); referrer.
  customer({ deliveryDates: ['2023-01-10'], visits: [v('2025-05-01', 60_000), v('2026-02-15', 90_000)], surveys: [s('2026-02-16', 7)], referredSince: ['2020-01-01'] }),
  // C6 one purchase exactly 365 days ago (2025-06-30): outside the trailing window, last day of the previous one.
  //   30/90/12-month cohorts, none retained; churned; churn risk; a buyer without a repeat.
  customer({ deliveryDates: ['2025-06-30'], visits: [v('2025-06-30', 40_000)] }),
  // C7 first purchase on the window's first day (2025-07-01), second exactly 30 days later: retained in the 30 and 90 cohorts;
  //   not in the 12-month cohort. 3 trailing visits (one free), 20,000. The free visit (2026-04-01) does not make it active:
  //   last purchase 2025-07-31 -> churn risk.
  customer({ deliveryDates: ['2025-06-01'], visits: [v('2025-07-01', 10_000), v('2025-07-31', 10_000), v('2026-04-01', 0)] }),
  // C8 no purchase before today (a customer since a free visit in 2020, outside both windows): a visit and a survey after
  //   today are ignored, a survey on 2025-06-30 is outside the window, the one on 2025-07-01 is in (promoter, 9). No recency band. Referred.
  customer({ visits: [v('2020-01-01', 0), v('2026-07-05', 50_000)], surveys: [s('2026-07-01', 0), s('2025-06-30', 10), s('2025-07-01', 9)], referredBy: 'C5' }),
];

describe('computeMetrics: hand-computed fixture of 8 customers', () => {
  const metrics = computeMetrics(FIXTURE, T, DEFAULT_RULES);
  const get = (key: Metric['key']) => metrics.find((m) => m.key === key);

  it.each([
    // key, numerator, denominator, value, met
    ['retention_30d', 3, 6, 0.5, false], // C2, C4, C7 of C1 C2 C4 C5 C6 C7
    ['retention_90d', 2, 5, 0.4, false], // C4, C7 of C1 C4 C5 C6 C7
    ['retention_12m', 2, 4, 0.5, false], // C1, C5 of C1 C4 C5 C6 (0.5 is not > 50%)
    ['monthly_visit_frequency', 11, 96, 11 / 96, false], // 4+2+1+0+1+0+3+0 visits / 8 customers / 12
    ['annual_spend_per_customer', 660_000, 4, 165_000, false], // (500,000 + 50,000 + 90,000 + 20,000) / C1 C2 C5 C7
    ['active_ratio', 3, 8, 0.375, false], // C1 C2 C3
    ['silent_ratio', 1, 8, 0.125, true], // C5; alarm only above 20%
    ['churn_risk_count', 3, 8, 3, null], // C4 C6 C7
    ['annual_churn_rate', 2, 4, 0.5, false], // C4 C6 of C1 C4 C5 C6
    ['repurchase_rate', 5, 6, 5 / 6, true], // C1 C2 C4 C5 C7 of those six plus C6
    ['ltv_growth', 590_000, 360_000, 590_000 / 360_000 - 1, true], // retained C1 C5: (500,000+90,000) vs (300,000+60,000) = +63.9%
    ['average_ticket_growth', 147_500, 120_000, 147_500 / 120_000 - 1, true], // 590,000/4 purchases vs 360,000/3 = +22.9%
    ['nps', 1, 5, 20, false], // promoters C1 C8, detractor C4, passives C2 C5: (2 - 1) / 5 x 100
    ['referral_conversion', 2, 8, 0.25, false], // C1 C5 (0.25 is not > 25%)
    ['referred_new_customers', 3, 8, 3, null], // C2 C3 C8
  ] as const)('%s = %i / %i', (key, numerator, denominator, value, met) => {
    const m = get(key);
    expect(m).toMatchObject({ key, numerator, denominator, met });
    expect(m?.value).toBeCloseTo(value, 12);
    expect(m?.target).toEqual(DEFAULT_RULES.metrics.targets[key].target);
  });

  it('returns every metric of DOMAIN.md, once', () => {
    expect(metrics.map((m) => m.key)).toEqual(Object.keys(DEFAULT_RULES.metrics.targets));
  });
});

describe('computeMetrics: boundaries', () => {
  const bands = (daysAgo: number) => {
    const ms = computeMetrics([customer({ visits: [v(addDays(T, -daysAgo), 100)] })], T, DEFAULT_RULES);
    return ['active_ratio', 'silent_ratio', 'churn_risk_count'].map((k) => ms.find((m) => m.key === k)?.numerator);
  };

  it.each([
    [0, [1, 0, 0]],
    [89, [1, 0, 0]],
    [90, [0, 1, 0]],
    [180, [0, 1, 0]],
    [181, [0, 0, 1]],
  ])('last purchase %i days ago -> [active, silent, churn risk] = %j', (days, expected) => {
    expect(bands(days)).toEqual(expected);
  });

  it('an empty store has no values and nothing met', () => {
    const ms = computeMetrics([], T, DEFAULT_RULES);
    for (const m of ms.filter((x) => x.comparator !== 'watch')) expect([m.key, m.value, m.met]).toEqual([m.key, null, null]);
    expect(ms.find((m) => m.key === 'churn_risk_count')?.value).toBe(0);
  });

  it('a second purchase on the same day as the first is not a return', () => {
    const ms = computeMetrics([customer({ visits: [v('2026-01-10', 100), v('2026-01-10', 200)] })], T, DEFAULT_RULES);
    expect(ms.find((m) => m.key === 'retention_30d')).toMatchObject({ numerator: 0, denominator: 1 });
    expect(ms.find((m) => m.key === 'repurchase_rate')).toMatchObject({ numerator: 1, denominator: 1 });
  });
});

describe('computeMetrics: all customers as of the day asked (a month-end of the trend, a period start)', () => {
  // R since 2024; N referred by R, a customer from the delivery of their car on 2026-05-01; P with no visit and no car (always counted).
  const customers = [
    customer({ visits: [v('2024-03-01', 50_000)], referredSince: ['2026-05-01'] }),
    customer({ deliveryDates: ['2026-05-01'], referredBy: 'R' }),
    customer({}),
  ];
  const at = (day: string, key: Metric['key']) => {
    const m = computeMetrics(customers, day, DEFAULT_RULES).find((x) => x.key === key)!;
    return [m.numerator, m.denominator];
  };

  it('counts a customer from their first visit or delivery on, and a referral from the referred customer\'s', () => {
    expect(at('2026-04-30', 'referral_conversion')).toEqual([0, 2]);
    expect(at('2026-04-30', 'referred_new_customers')[0]).toBe(0);
    expect(at('2026-05-01', 'referral_conversion')).toEqual([1, 3]);
    expect(at('2026-05-01', 'referred_new_customers')[0]).toBe(1);
    // N's delivery makes them active from that day: 1 of the 3 customers then, 0 of 2 the day before (R went quiet in 2024).
    expect(at('2026-04-30', 'active_ratio')).toEqual([0, 2]);
    expect(at('2026-05-01', 'active_ratio')).toEqual([1, 3]);
  });

  it('finds the first visit or delivery whichever comes first, and none for a customer with neither', () => {
    expect(customerSince([{ date: '2026-03-02' }, { date: '2025-01-09' }], ['2025-02-01'])).toBe('2025-01-09');
    expect(customerSince([{ date: '2026-03-02' }], ['2025-02-01', '2024-12-31'])).toBe('2024-12-31');
    expect(customerSince([], [])).toBeNull();
  });
});

describe('computeMetrics: scale', () => {
  // 100,000 customers x 15 visits = 1.5M visits. The budget is the test timeout (generous for CI):
  // computeMetrics itself takes ~0.2-0.35 s here; anything quadratic would never finish.
  it('handles 1.5M visits in one pass', { timeout: 20_000 }, () => {
    const dates = Array.from({ length: 1460 }, (_, d) => addDays(T, -d));
    const customers: MetricCustomer[] = [];
    for (let i = 0; i < 100_000; i++) {
      const visits = [];
      for (let k = 0; k < 15; k++) visits.push(v(dates[(i * 7 + k * 97) % 1460] ?? T, (k % 3) * 10_000));
      customers.push(customer({ visits, surveys: [s(dates[i % 400] ?? T, i % 11)], referredSince: i % 4 === 0 ? [null] : [] }));
    }
    const ms = computeMetrics(customers, T, DEFAULT_RULES);
    expect(ms).toHaveLength(15);
    expect(ms.find((m) => m.key === 'referral_conversion')?.value).toBe(0.25);
  });
});

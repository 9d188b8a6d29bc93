import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../shared/domain/rules/metrics';
import { cardLines, metricLines, pathWords, riskWhy, taskLines, taskWhy } from './export-text';

describe('desk export in words', () => {
  it.each([
    [{ code: 'new_owner', deliveredOn: '2026-11-01', day: 3 }, 'day 3 after delivery on 2026-11-01'],
    [{ code: 'no_visit', since: '2026-03-02', quietDays: 90 }, 'no visit since 2026-03-02 (the last visit, or a car delivered since)'],
    [{ code: 'at_risk', since: '2025-01-02', quietDays: 180, deliveredOn: null }, 'at risk: no visit since 2025-01-02'],
    [{ code: 'at_risk', since: '2024-06-03', quietDays: 180, deliveredOn: '2024-06-03' }, 'at risk: no visit since the car delivered on 2024-06-03'],
    [{ code: 'festival_visit', festival: 'mid_autumn', date: '2026-09-25' }, 'visit on the Mid-Autumn Festival (2026-09-25)'],
    [{ code: 'delivery_anniversary', deliveredOn: '2024-12-05', years: 2 }, '2 years since delivery on 2024-12-05'],
    [{ code: 'delivery_anniversary', deliveredOn: '2025-12-05', years: 1 }, '1 year since delivery on 2025-12-05'],
    [{ code: 'mileage_milestone', vehicleId: 'v', km: 50000 }, '50,000 km reached'],
    [{ code: 'top_referrer', referrals: 5, threshold: 5 }, '5 successful referrals'],
    [{ code: 'text', text: 'call back after the trip' }, 'call back after the trip'],
    [{ code: 'something_new', x: 1 }, '{"code":"something_new","x":1}'],
  ])('a task reason %j reads "%s"', (reason, words) => {
    expect(taskWhy(reason)).toBe(words);
  });

  it.each([
    [{ code: 'days_since_purchase', days: 95, since: '2026-08-29', basis: 'purchase' } as const, '95 days since the last paid visit (2026-08-29)'],
    [{ code: 'days_since_purchase', days: 200, since: '2026-05-16', basis: 'delivery' } as const, '200 days since delivery (2026-05-16), nothing bought since'],
    [{ code: 'satisfaction', score: 60, surveyedOn: '2026-10-01' } as const, 'satisfaction 6/10 on 2026-10-01'],
    [{ code: 'complaint_open', openedOn: '2026-11-20' } as const, 'complaint open since 2026-11-20'],
  ])('a radar reason %j reads "%s"', (reason, words) => {
    expect(riskWhy(reason)).toBe(words);
  });

  it('says the way to the next tier as money or visits, and nothing past the top', () => {
    expect(pathWords({ next: 'gold', spendFenMissing: 120_000, visitsMissing: 2 })).toBe('¥1,200 or 2 visits to gold');
    expect(pathWords({ next: 'silver', spendFenMissing: 51, visitsMissing: 1 })).toBe('¥0.51 or 1 visit to silver');
    expect(pathWords({ next: 'diamond', spendFenMissing: 1_708_250, visitsMissing: 3 })).toBe('¥17,082.50 or 3 visits to diamond');
    expect(pathWords(null)).toBe('top tier');
  });

  it('writes one tab-separated line per row under a header, with no tab or newline inside a cell', () => {
    const lines = taskLines([
      { id: 't1', customerId: 'c1', name: '王\t伟', advisorId: null, rule: 'care_call_90', occurrence: '2026-08-01', kind: 'call', dueDate: '2026-10-30', status: 'open', reason: { code: 'no_visit', since: '2026-08-01', quietDays: 90 } },
    ]);
    expect(lines).toEqual(['due\tstatus\tkind\trule\tcustomer\twhy\ttask id', '2026-10-30\topen\tcall\tcare_call_90\t王 伟\tno visit since 2026-08-01 (the last visit, or a car delivered since)\tt1']);
  });

  it('says whose occasion a card is for when it is not the customer\'s own', () => {
    const card = { id: 'k1', customerId: 'c1', name: '王伟', subjectId: 'x', occasionDate: '2026-12-05', lunarLabel: null, dueDate: '2026-11-28', status: 'to_write' };
    expect(cardLines([{ ...card, occasion: 'child_birthday', subject: '王小明' }, { ...card, occasion: 'purchase_anniversary', subject: '粤A12345' }, { ...card, occasion: 'birthday', subjectId: null, subject: null }]).slice(1)).toEqual([
      '2026-11-28\tto_write\tchild_birthday\t2026-12-05\t王伟\tchild 王小明\tk1',
      '2026-11-28\tto_write\tpurchase_anniversary\t2026-12-05\t王伟\tcar 粤A12345\tk1',
      '2026-11-28\tto_write\tbirthday\t2026-12-05\t王伟\t\tk1',
    ]);
  });

  it('shows metrics in their units, with the target and whether it is met', () => {
    const metrics: Metric[] = [
      { key: 'retention_90d', value: 0.7, target: 0.65, comparator: '>', met: true, numerator: 70, denominator: 100 },
      { key: 'annual_spend_per_customer', value: 523_012, target: 500_000, comparator: '>', met: true, numerator: 52_301_200, denominator: 100 },
      { key: 'churn_risk_count', value: 12, target: null, comparator: 'watch', met: null, numerator: 12, denominator: 100 },
      { key: 'nps', value: null, target: 60, comparator: '>', met: null, numerator: 0, denominator: 0 },
    ];
    expect(metricLines(metrics).slice(1)).toEqual([
      'retention_90d\t70.0%\t> 65.0%\tyes\t70 / 100',
      'annual_spend_per_customer\t¥5,230\t> ¥5,000\tyes\t¥523,012 / 100',
      'churn_risk_count\t12\twatch\t\t12 / 100',
      'nps\t\t> 60.0\t\t0 / 0',
    ]);
  });
});

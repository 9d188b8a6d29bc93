import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { metricBands } from '../../../shared/domain/rules/metrics';
import { labelsFor } from './labels';
import { customersSheet } from './sheets';

describe('export labels: risk reasons', () => {
  it('a customer who never bought counts from the delivery, and says so; one who did, from the purchase', () => {
    const delivery = { code: 'days_since_purchase' as const, days: 200, basis: 'delivery' as const, since: '2025-01-01' };
    const purchase = { code: 'days_since_purchase' as const, days: 200, basis: 'purchase' as const, since: '2025-01-01' };
    // They may have come in since (a free check): "未到店" (no visit) would contradict the row's last-visit column.
    expect(labelsFor('zh-CN').reason(delivery)).toBe('交车 200 天，尚未消费');
    expect(labelsFor('en').reason(delivery)).toBe('200 days since delivery, no purchase yet');
    expect(labelsFor('zh-CN').reason(purchase)).toBe('200 天未消费');
    expect(labelsFor('en').reason(purchase)).toBe('200 days since last purchase');
  });

  it("names the retention metrics with the rules' windows", () => {
    const bands = { ...metricBands(DEFAULT_RULES), shortDays: 45 };
    expect(labelsFor('zh-CN').metricName('retention_30d', bands)).toBe('45天留存率');
    expect(labelsFor('en').metricName('retention_90d', bands)).toBe('90-day retention');
    expect(labelsFor('en').metricName('nps', bands)).toBe('NPS');
  });
});

describe('export sheets: a customer list', () => {
  it("joins a customer's reasons in the language of the file", () => {
    const reasons = [
      { code: 'days_since_purchase' as const, days: 200, basis: 'purchase' as const, since: '2025-01-01' },
      { code: 'complaint_open' as const, openedOn: '2026-11-01' },
    ];
    const row = { id: 'c', name: '王伟', plate: '粤A12345', tier: 'gold' as const, flag: 'red' as const, reasons, advisorName: '李', lastVisitOn: '2025-01-01' };
    expect(customersSheet('x', [row], labelsFor('en')).rows[0]![4]).toBe('200 days since last purchase; complaint open (2026-11-01)');
    expect(customersSheet('x', [row], labelsFor('zh-CN')).rows[0]![4]).toBe('200 天未消费；投诉未解决（2026-11-01）');
  });
});

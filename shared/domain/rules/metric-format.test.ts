import { describe, expect, it } from 'vitest';
import { changeVerdict, chartValue, formatMetric, higherIsBetter } from './metric-format';

describe('metric formatting', () => {
  it('reads shares as percent, money in yuan from fen, counts and NPS as numbers', () => {
    expect(formatMetric('retention_30d', 0.825, 'en')).toBe('82.5%');
    expect(formatMetric('silent_ratio', 0.2, 'zh-CN')).toBe('20.0%');
    expect(formatMetric('annual_spend_per_customer', 523_049, 'en')).toBe('¥5,230');
    expect(formatMetric('monthly_visit_frequency', 0.4166, 'en')).toBe('0.42');
    expect(formatMetric('churn_risk_count', 1204, 'en')).toBe('1,204');
    expect(formatMetric('nps', 61.25, 'en')).toBe('61.3');
    expect(formatMetric('ltv_growth', -0.052, 'en')).toBe('-5.2%');
  });

  it('shows a dash for an undefined value, never 0 or NaN', () => {
    expect(formatMetric('retention_12m', null, 'en')).toBe('—');
    expect(formatMetric('nps', Number.NaN, 'en')).toBe('—');
    expect(chartValue('nps', null)).toBeNull();
  });

  it('plots shares in percent and money in yuan', () => {
    expect(chartValue('active_ratio', 0.61234)).toBe(61.2);
    expect(chartValue('annual_spend_per_customer', 523_049)).toBe(5230);
    expect(chartValue('churn_risk_count', 12)).toBe(12);
  });

  it('judges a change by the comparator: churn down is better, retention down is worse, watch says nothing', () => {
    expect(higherIsBetter('>')).toBe(true);
    expect(higherIsBetter('<=')).toBe(false);
    expect(changeVerdict('<', 0.3, 0.2)).toBe('better');
    expect(changeVerdict('>', 0.7, 0.6)).toBe('worse');
    expect(changeVerdict('>', 0.7, 0.7)).toBe('same');
    expect(changeVerdict('watch', 10, 20)).toBeNull();
    expect(changeVerdict('>', null, 0.5)).toBeNull();
  });
});

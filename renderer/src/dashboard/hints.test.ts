import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRulesConfig } from '../../../shared/domain/rules/config';
import { metricBands } from '../../../shared/domain/rules/metrics';
import { i18next } from '../i18n';

const zh = i18next.getFixedT('zh-CN');
const en = i18next.getFixedT('en');

describe("the metrics' explanations say the rules' numbers", () => {
  it('the DOMAIN.md defaults', () => {
    const bands = metricBands(DEFAULT_RULES);
    expect(zh('dashboard.hint.active_ratio', { ...bands })).toBe('最近一次消费在89天以内的客户占比');
    expect(zh('dashboard.hint.silent_ratio', { ...bands })).toBe('最近一次消费在90–180天前的客户占比');
    expect(en('dashboard.hint.nps', { ...bands })).toBe('% promoters (9–10) − % detractors (0–6), surveys of the last 12 months');
  });

  it('a store whose HQ set other bands reads those, not the defaults', () => {
    const parsed = parseRulesConfig({ ...DEFAULT_RULES, radar: { ...DEFAULT_RULES.radar, yellowMinDays: 60, redAfterDays: 150 }, metrics: { ...DEFAULT_RULES.metrics, shortRetentionDays: 45 } });
    expect(parsed.ok).toBe(true);
    const bands = metricBands(parsed.ok ? parsed.config : DEFAULT_RULES);
    expect(zh('dashboard.hint.active_ratio', { ...bands })).toBe('最近一次消费在59天以内的客户占比');
    expect(zh('dashboard.hint.churn_risk_count', { ...bands })).toBe('最近一次消费超过150天的客户数');
    expect(en('dashboard.hint.retention_30d', { ...bands })).toBe('Of customers whose first purchase is 45+ days old, share who bought again within 45 days');
    expect(zh('dashboard.metric.retention_30d', { ...bands })).toBe('45天留存率');
  });
});

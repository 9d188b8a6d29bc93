import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardMetric } from '../../../shared/api/areas/dashboard';
import { Chart } from '../ui/Chart';
import { trendOption } from './chart-options';
import { formatMetric } from '../../../shared/domain/rules/metric-format';
import type { MetricBands } from '../../../shared/domain/rules/metrics';

/** The words for a metric's target: "目标 > 80%", "警戒线 > 20%" for the silent ratio, "观察指标" for watch metrics. */
export function targetText(m: Pick<DashboardMetric, 'key' | 'target' | 'comparator'>, t: (k: string, o?: Record<string, unknown>) => string, language: string): string {
  if (m.comparator === 'watch' || m.target === null) return t('dashboard.watch');
  const value = formatMetric(m.key, m.target, language);
  if (m.comparator === '<=') return t('dashboard.alarmAbove', { value });
  return t('dashboard.target', { cmp: m.comparator, value });
}

/** One metric: its value now, the target, whether it is met, and its last 12 months. */
export function MetricCard({ metric, bands }: { metric: DashboardMetric; bands: MetricBands }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const option = useMemo(
    () => trendOption(metric.key, metric.trend, metric.target, metric.comparator, language, t('dashboard.trend.target')),
    [metric, language, t],
  );
  const state = metric.met === null ? 'watch' : metric.met ? 'met' : 'missed';
  return (
    <article className={`panel db-card db-${state}`} data-testid="metric-card" data-metric={metric.key}>
      <header className="db-card-head">
        <h3 title={t(`dashboard.hint.${metric.key}`, { ...bands })}>{t(`dashboard.metric.${metric.key}`, { ...bands })}</h3>
        {metric.met !== null && (
          <span className={metric.met ? 'db-badge met' : 'db-badge missed'} data-testid="metric-met">
            {metric.met ? t('dashboard.met') : t('dashboard.notMet')}
          </span>
        )}
      </header>
      <div className="db-value-row">
        <strong className="db-value" data-testid="metric-value" title={metric.value === null ? t('dashboard.noValueWhy') : undefined}>
          {formatMetric(metric.key, metric.value, language)}
        </strong>
        <span className="db-target" data-testid="metric-target">
          {targetText(metric, t, language)}
        </span>
      </div>
      <Chart option={option} height={96} label={`${t(`dashboard.metric.${metric.key}`, { ...bands })} · ${t('dashboard.trend.title')}`} testId="metric-trend" />
    </article>
  );
}

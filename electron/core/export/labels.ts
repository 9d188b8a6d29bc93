import type { MetricKey } from '../../../shared/domain/rules/config';
import type { RiskFlag, RiskReason } from '../../../shared/domain/rules/radar';
import type { MetricBands } from '../../../shared/domain/rules/metrics';
import type { Tier } from '../../../shared/domain/types';

/** Export headers and labels, Simplified Chinese (default) and English; the same metric names as the dashboard screen. */
export type ExportLanguage = 'zh-CN' | 'en';

/** How a metric's number is written: a share (0..1 as a percent), money (CNY), a plain number, NPS points, a count. */
export type MetricUnit = 'share' | 'cny' | 'number' | 'points' | 'count';

export const METRIC_UNITS: Record<MetricKey, MetricUnit> = {
  retention_30d: 'share', retention_90d: 'share', retention_12m: 'share', monthly_visit_frequency: 'number', annual_spend_per_customer: 'cny',
  active_ratio: 'share', silent_ratio: 'share', churn_risk_count: 'count', annual_churn_rate: 'share', repurchase_rate: 'share',
  ltv_growth: 'share', average_ticket_growth: 'share', nps: 'points', referral_conversion: 'share', referred_new_customers: 'count',
};

/** The figure as a number in the file: shares stay 0..1 (formatted as %), money in fen becomes CNY. */
export function metricCell(key: MetricKey, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return METRIC_UNITS[key] === 'cny' ? value / 100 : value;
}

const zh = {
  sheets: { dashboard: '指标', tiers: '会员等级', team: '团队', customers: '客户' },
  reasonSep: '；',
  metric: {
    retention_30d: '30天留存率', retention_90d: '90天留存率', retention_12m: '12个月留存率', monthly_visit_frequency: '月均到店频次',
    annual_spend_per_customer: '年人均消费（元）', active_ratio: '活跃客户占比', silent_ratio: '沉默客户占比', churn_risk_count: '流失风险客户',
    annual_churn_rate: '年流失率', repurchase_rate: '复购率', ltv_growth: '客户价值同比增长', average_ticket_growth: '客单价同比增长', nps: '净推荐值 NPS',
    referral_conversion: '转介绍率', referred_new_customers: '转介绍新客户',
  } satisfies Record<MetricKey, string>,
  /** A metric's name with the rules' day counts (the retention windows are the config's). */
  metricName: (key: MetricKey, b: MetricBands): string =>
    key === 'retention_30d' ? `${b.shortDays}天留存率` : key === 'retention_90d' ? `${b.mediumDays}天留存率` : zh.metric[key],
  dashboardHeaders: ['指标', '当前值', '目标', '达标', '警报'],
  asOf: '截至',
  yes: '是', no: '否', watch: '观察',
  silentAlarm: '沉默客户占比超过警戒线',
  tierHeaders: ['等级', '客户数', '占比'],
  tierMonthHeaders: ['月份', '升级', '降级'],
  tier: { normal: '普通', silver: '银卡', gold: '金卡', diamond: '钻石' } satisfies Record<Tier, string>,
  teamHeaders: ['顾问', '在职', '客户数', '已完成任务', '待办任务', '逾期任务', '已写卡片', '平均逾期天数', '红灯客户未跟进'],
  period: { week: '本周', month: '本月' },
  unassigned: '未分配客户',
  customerHeaders: ['客户', '车牌', '等级', '风险', '原因', '顾问', '最近到店'],
  flag: { red: '红灯', yellow: '黄灯', green: '绿灯' } satisfies Record<RiskFlag, string>,
  reason: (r: RiskReason): string => {
    switch (r.code) {
      // No purchase yet: the days count from the first car's delivery (DOMAIN.md), not from a visit.
      case 'days_since_purchase': return r.basis === 'delivery' ? `交车 ${r.days} 天，尚未消费` : `${r.days} 天未消费`;
      case 'satisfaction': return `满意度 ${r.score}`;
      case 'complaint_open': return `投诉未解决（${r.openedOn}）`;
      case 'complaint_recent': return `近期投诉（${r.openedOn}）`;
    }
  },
  lists: { red: '红灯客户', yellow: '黄灯客户', red_without_win_back: '红灯客户（未启动挽回）', vip_without_advisor: '无专属顾问的金卡/钻石客户', advisor: '顾问的客户', ids: '所选客户' },
  fileName: '门店数据',
  formerAdvisor: (name: string): string => `${name}（已离职）`,
};

const en: typeof zh = {
  sheets: { dashboard: 'Metrics', tiers: 'Tiers', team: 'Team', customers: 'Customers' },
  reasonSep: '; ',
  metric: {
    retention_30d: '30-day retention', retention_90d: '90-day retention', retention_12m: '12-month retention', monthly_visit_frequency: 'Monthly visit frequency',
    annual_spend_per_customer: 'Annual spend per customer (CNY)', active_ratio: 'Active ratio', silent_ratio: 'Silent ratio', churn_risk_count: 'Churn-risk customers',
    annual_churn_rate: 'Annual churn rate', repurchase_rate: 'Repurchase rate', ltv_growth: 'LTV growth', average_ticket_growth: 'Average ticket growth', nps: 'NPS',
    referral_conversion: 'Referral conversion', referred_new_customers: 'Referred new customers',
  },
  metricName: (key: MetricKey, b: MetricBands): string =>
    key === 'retention_30d' ? `${b.shortDays}-day retention` : key === 'retention_90d' ? `${b.mediumDays}-day retention` : en.metric[key],
  dashboardHeaders: ['Metric', 'Value', 'Target', 'Met', 'Alarm'],
  asOf: 'As of',
  yes: 'yes', no: 'no', watch: 'watch',
  silentAlarm: 'Silent ratio above the alarm line',
  tierHeaders: ['Tier', 'Customers', 'Share'],
  tierMonthHeaders: ['Month', 'Upgrades', 'Downgrades'],
  tier: { normal: 'Normal', silver: 'Silver', gold: 'Gold', diamond: 'Diamond' },
  teamHeaders: ['Advisor', 'Active', 'Customers', 'Tasks done', 'Tasks due', 'Tasks overdue', 'Cards written', 'Avg days overdue', 'Red without follow-up'],
  period: { week: 'This week', month: 'This month' },
  unassigned: 'Unassigned customers',
  customerHeaders: ['Customer', 'Plate', 'Tier', 'Risk', 'Reasons', 'Advisor', 'Last visit'],
  flag: { red: 'Red', yellow: 'Yellow', green: 'Green' },
  reason: (r: RiskReason): string => {
    switch (r.code) {
      case 'days_since_purchase': return r.basis === 'delivery' ? `${r.days} days since delivery, no purchase yet` : `${r.days} days since last purchase`;
      case 'satisfaction': return `satisfaction ${r.score}`;
      case 'complaint_open': return `complaint open (${r.openedOn})`;
      case 'complaint_recent': return `recent complaint (${r.openedOn})`;
    }
  },
  lists: { red: 'Red customers', yellow: 'Yellow customers', red_without_win_back: 'Red, no win-back plan', vip_without_advisor: 'Gold/diamond without an advisor', advisor: "Advisor's customers", ids: 'Chosen customers' },
  fileName: 'store-report',
  formerAdvisor: (name: string): string => `${name} (left)`,
};

export type Labels = typeof zh;
export const labelsFor = (language: ExportLanguage): Labels => (language === 'en' ? en : zh);

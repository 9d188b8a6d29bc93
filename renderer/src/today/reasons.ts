import type { RiskReason } from '../../../shared/domain/rules/radar';
import { daysBetween } from '../../../shared/domain/rules/days';
import type { TodayTask } from '../../../shared/domain/today';

type T = (key: string, o?: Record<string, unknown>) => string;

/** Why this task exists, in words ("193 天未到店（上次 2026-05-15）"). */
export function taskReason(task: Pick<TodayTask, 'reason' | 'dueDate'>, today: string, t: T): string {
  const r = task.reason as Record<string, unknown> & { code: string };
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const n = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0);
  switch (r.code) {
    case 'new_owner':
      return t('today.reason.new_owner', { day: n('day'), date: s('deliveredOn') });
    case 'first_service':
      return t('today.reason.first_service', { date: s('servicedOn') });
    case 'growth_stage':
      return t('today.reason.growth_stage', { date: s('deliveredOn') });
    case 'no_visit':
      return t('today.reason.no_visit', { days: s('since') ? daysBetween(s('since'), today) : n('quietDays'), date: s('since') });
    case 'at_risk':
      // Listed in the week before it falls due: the customer is not in win-back yet.
      return t(task.dueDate > today ? 'today.reason.at_risk_soon' : 'today.reason.at_risk', {
        days: s('since') ? daysBetween(s('since'), today) : n('quietDays'), date: s('since'), on: task.dueDate,
      });
    case 'delivery_anniversary':
      return t('today.reason.delivery_anniversary', { years: n('years'), date: s('deliveredOn') });
    case 'koi':
      return t('today.reason.koi');
    case 'nth_visitor':
      return t('today.reason.nth_visitor', { n: n('n') });
    case 'mileage_milestone':
      return t('today.reason.mileage_milestone', { km: n('km').toLocaleString() });
    case 'membership_year':
      return t('today.reason.membership_year', { years: n('years'), date: s('on') });
    case 'top_referrer':
      return t('today.reason.top_referrer', { count: n('referrals') });
    case 'festival_visit':
      return t('today.reason.festival_visit', { date: s('date') });
    case 'manual_follow_up':
      return s('nextStep') ? t('today.reason.manual_follow_up', { step: s('nextStep') }) : '';
    case 'suggestion_adopted':
      return t('today.reason.suggestion_adopted', { suggestion: s('suggestion') });
    case 'complaint_opened':
      return t('today.reason.complaint_opened', { date: s('openedOn'), summary: s('summary') });
    case 'low_satisfaction':
      return t('today.reason.low_satisfaction', { date: s('surveyedOn'), score: n('score') });
    default:
      return '';
  }
}

/** One radar reason in words. */
export function riskReason(r: RiskReason, t: T): string {
  switch (r.code) {
    case 'days_since_purchase':
      return r.basis === 'delivery' ? t('today.risk.days_since_delivery', { days: r.days }) : t('today.risk.days_since_purchase', { days: r.days, date: r.since });
    case 'satisfaction':
      return t('today.risk.satisfaction', { score: r.score, date: r.surveyedOn });
    case 'complaint_open':
      return t('today.risk.complaint_open', { date: r.openedOn });
    case 'complaint_recent':
      return t('today.risk.complaint_recent', { date: r.openedOn });
  }
}

/**
 * Why no channel of a task may be used, channel by channel when the reasons differ (calls opted out,
 * messages without marketing consent): one reason for all would name the wrong one for some.
 */
export function blockedReason(task: Pick<TodayTask, 'blocked' | 'refused'>, t: T): string {
  if (task.blocked === null) return '';
  const byReason = new Map<string, string[]>();
  for (const r of task.refused) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), t(`today.channel.${r.channel}`)]);
  if (byReason.size <= 1) return t(`today.blocked.${task.blocked}`);
  return [...byReason].map(([reason, channels]) => t('today.blockedOn', { channels: channels.join(t('today.channelSep')), reason: t(`today.blocked.${reason}`) })).join(t('today.reasonSep'));
}

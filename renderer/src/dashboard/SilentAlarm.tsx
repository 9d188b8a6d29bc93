import { useTranslation } from 'react-i18next';
import type { SilentAlarm as Alarm } from '../../../shared/api/areas/dashboard';
import { useNav } from '../state/nav';
import { formatMetric } from '../../../shared/domain/rules/metric-format';

/** DOMAIN.md: the silent ratio above 20% is an alarm, not just a missed target. */
export function SilentAlarm({ alarm }: { alarm: Alarm }) {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  if (!alarm.on) return null;
  return (
    <div className="db-alarm" role="alert" data-testid="silent-alarm">
      <span className="db-alarm-icon" aria-hidden>
        !
      </span>
      <div>
        <strong>{t('dashboard.alarm.title')}</strong>
        <p>{t('dashboard.alarm.body', { value: formatMetric('silent_ratio', alarm.value, i18n.language), limit: formatMetric('silent_ratio', alarm.threshold, i18n.language) })}</p>
      </div>
      <button onClick={() => go({ screen: 'radar' })}>{t('dashboard.alarm.action')} →</button>
    </div>
  );
}

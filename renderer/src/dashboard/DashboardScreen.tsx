import { useTranslation } from 'react-i18next';
import { desk } from '../desk/connect';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { ExportButtons } from '../ui/ExportButtons';
import { MetricCard } from './MetricCard';
import { ProgramCompare } from './ProgramCompare';
import { SilentAlarm } from './SilentAlarm';
import { TierCharts } from './TierCharts';
import '../team/team.css';
import './dashboard.css';

const TABLES = ['customers', 'visits', 'surveys', 'vehicles', 'referrals'];

/** Every DOMAIN.md metric against its target with its 12-month trend; the silent alarm; tiers; program effect. */
export function DashboardScreen() {
  const { t } = useTranslation();
  const { live } = useLive(() => desk.dashboard.metrics({}), 'metrics', TABLES);
  return (
    <section className="screen" data-testid="dashboard">
      <header className="tm-head">
        <h1>{t('dashboard.title')}</h1>
        {live.state === 'ok' && <span className="muted">{t('dashboard.asOf', { date: live.value.today })}</span>}
        <span className="tm-actions">
          <ExportButtons
            request={{ what: ['dashboard', 'team'] }}
            formats={[
              { format: 'xlsx', label: t('dashboard.export.xlsx') },
              { format: 'csv', label: t('dashboard.export.csv') },
            ]}
            testId="export-dashboard"
          />
        </span>
      </header>
      {live.state === 'loading' && <p className="muted">{t('dashboard.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <>
          <SilentAlarm alarm={live.value.silentAlarm} />
          <p className="muted tm-small">{t('dashboard.trend.hint')}</p>
          <div className="db-cards" data-testid="metric-cards">
            {live.value.metrics.map((m) => (
              <MetricCard key={m.key} metric={m} bands={live.value.bands} />
            ))}
          </div>
          <TierCharts />
          <ProgramCompare today={live.value.today} bands={live.value.bands} />
        </>
      )}
    </section>
  );
}

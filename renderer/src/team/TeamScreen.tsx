import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdvisorWork } from '../../../shared/api/areas/team';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { ExportButtons } from '../ui/ExportButtons';
import { sortAdvisors, type TeamSortKey } from './sort';
import { useTeamUi } from './ui-state';
import { VipWithoutAdvisorPanel } from './VipWithoutAdvisor';
import './team.css';

export const TEAM_TABLES = ['customers', 'tasks', 'card_reminders', 'interactions', 'customer_assignments', 'staff', 'visits', 'surveys', 'complaints'];

const COLUMNS: { key: TeamSortKey; label: string; hint?: string }[] = [
  { key: 'name', label: 'team.col.advisor' },
  { key: 'customers', label: 'team.col.customers' },
  { key: 'tasksDone', label: 'team.col.done', hint: 'team.colHint.done' },
  { key: 'tasksDue', label: 'team.col.due', hint: 'team.colHint.due' },
  { key: 'tasksOverdue', label: 'team.col.overdue', hint: 'team.colHint.overdue' },
  { key: 'cardsWritten', label: 'team.col.cardsWritten' },
  { key: 'avgDaysOverdue', label: 'team.col.avgDaysOverdue' },
  { key: 'redWithoutFollowUp', label: 'team.col.redNoFollowUp', hint: 'team.colHint.redNoFollowUp' },
];

function Count({ n, bad }: { n: number; bad?: boolean }) {
  return <span className={n === 0 ? 'tm-zero' : bad ? 'tm-bad' : undefined}>{n.toLocaleString()}</span>;
}

/** The store manager's team table: per advisor, the period's work; click an advisor to see their customers. */
export function TeamScreen() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const { period, setPeriod, sort, sortBy } = useTeamUi();
  const { live } = useLive(() => desk.team.overview({ period }), period, TEAM_TABLES);

  const rows = useMemo(() => (live.state === 'ok' ? sortAdvisors(live.value.advisors, sort.key, sort.desc) : []), [live, sort]);
  // The customers with no advisor are a row of their own: the total is then the store's (it left out their open work).
  const unassigned = live.state === 'ok' ? live.value.unassigned : null;
  const sum = (k: keyof Pick<AdvisorWork, 'customers' | 'tasksDone' | 'tasksDue' | 'tasksOverdue' | 'cardsWritten' | 'redWithoutFollowUp'>) =>
    rows.reduce((s, r) => s + r[k], 0) + (unassigned && k in unassigned ? unassigned[k as keyof typeof unassigned] ?? 0 : 0);
  const overdueTotal = sum('tasksOverdue');
  const weightedDays = rows.reduce((s, r) => s + (r.avgDaysOverdue ?? 0) * r.tasksOverdue, 0) + (unassigned ? (unassigned.avgDaysOverdue ?? 0) * unassigned.tasksOverdue : 0);

  return (
    <section className="screen" data-testid="team">
      <header className="tm-head">
        <h1>{t('team.title')}</h1>
        <div className="segmented" role="group" aria-label={t('team.periodLabel')}>
          {(['week', 'month'] as const).map((p) => (
            <button key={p} className={p === period ? 'active' : ''} aria-pressed={p === period} onClick={() => setPeriod(p)} data-testid={`period-${p}`}>
              {t(`team.period.${p}`)}
            </button>
          ))}
        </div>
        {live.state === 'ok' && (
          <span className="muted">
            {live.value.from} – {live.value.to}
          </span>
        )}
        <span className="tm-actions">
          <ExportButtons
            request={{ what: ['team'], period }}
            formats={[
              { format: 'xlsx', label: t('team.export.team') },
              { format: 'csv', label: t('team.export.teamCsv') },
            ]}
            testId="export-team"
          />
        </span>
      </header>
      {live.state === 'loading' && <p className="muted">{t('team.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <div className="panel">
          {rows.length === 0 ? (
            <p className="muted">{t('team.none')}</p>
          ) : (
            <table className="tm-table" data-testid="team-table">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c.key} title={c.hint ? t(c.hint, { days: live.value.recentFollowUpDays }) : undefined} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                      <button className={sort.key === c.key ? 'tm-sort active' : 'tm-sort'} onClick={() => sortBy(c.key)} data-testid={`team-sort-${c.key}`}>
                        {t(c.label)}
                        {sort.key === c.key && <span aria-hidden>{sort.desc ? ' ↓' : ' ↑'}</span>}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.advisorId} onClick={() => go({ screen: 'team', advisorId: r.advisorId })} data-testid="team-row" data-advisor-id={r.advisorId} data-overdue={r.tasksOverdue}>
                    <td>
                      <button className="tm-link" onClick={(e) => { e.stopPropagation(); go({ screen: 'team', advisorId: r.advisorId }); }}>
                        {r.name}
                      </button>
                    </td>
                    <td data-col="customers">{r.customers.toLocaleString()}</td>
                    <td data-col="done"><Count n={r.tasksDone} /></td>
                    <td data-col="due"><Count n={r.tasksDue} /></td>
                    <td data-col="overdue"><Count n={r.tasksOverdue} bad /></td>
                    <td data-col="cards"><Count n={r.cardsWritten} /></td>
                    <td data-col="avgDays">{r.avgDaysOverdue === null ? <span className="tm-zero">—</span> : t('team.days', { days: r.avgDaysOverdue.toFixed(1) })}</td>
                    <td data-col="redNoFollowUp"><Count n={r.redWithoutFollowUp} bad /></td>
                  </tr>
                ))}
                {unassigned && (
                  <tr className="tm-unassigned" data-testid="team-unassigned">
                    <td>{t('team.unassignedRow')}</td>
                    <td>{unassigned.customers.toLocaleString()}</td>
                    <td><span className="tm-zero">—</span></td>
                    <td><Count n={unassigned.tasksDue} /></td>
                    <td><Count n={unassigned.tasksOverdue} bad /></td>
                    <td><span className="tm-zero">—</span></td>
                    <td>{unassigned.avgDaysOverdue === null ? <span className="tm-zero">—</span> : t('team.days', { days: unassigned.avgDaysOverdue.toFixed(1) })}</td>
                    <td><Count n={unassigned.redWithoutFollowUp} bad /></td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr>
                  <td>{t('team.total')}</td>
                  <td>{sum('customers').toLocaleString()}</td>
                  <td>{sum('tasksDone').toLocaleString()}</td>
                  <td>{sum('tasksDue').toLocaleString()}</td>
                  <td>{overdueTotal.toLocaleString()}</td>
                  <td>{sum('cardsWritten').toLocaleString()}</td>
                  <td>{overdueTotal === 0 ? '—' : t('team.days', { days: (weightedDays / overdueTotal).toFixed(1) })}</td>
                  <td>{sum('redWithoutFollowUp').toLocaleString()}</td>
                </tr>
              </tfoot>
            </table>
          )}
          {live.value.unassignedCustomers > 0 && <p className="muted tm-small">{t('team.unassigned', { count: live.value.unassignedCustomers })}</p>}
        </div>
      )}
      <VipWithoutAdvisorPanel />
    </section>
  );
}

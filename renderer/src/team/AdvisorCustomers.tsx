import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADVISOR_CUSTOMER_FILTERS } from '../../../shared/api/areas/team';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { ExportButtons } from '../ui/ExportButtons';
import { CustomerHistory } from './CustomerHistory';
import { CustomerList } from './CustomerList';
import { ReassignDialog } from './ReassignDialog';
import { TEAM_TABLES } from './TeamScreen';
import { useDrillState } from './ui-state';
import { useActiveAdvisors } from './use-advisors';
import '../roster/roster.css';
import './team.css';

/** Drill-down: one advisor's customers (filtered by the core), select many, reassign them with a reason or export them. */
export function AdvisorCustomers({ advisorId }: { advisorId: string }) {
  const { t } = useTranslation();
  const back = useNav((s) => s.back);
  const advisors = useActiveAdvisors();
  const { filter, text, set: setDrill } = useDrillState(advisorId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState(false);
  const [notice, setNotice] = useState('');
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const { live, reload } = useLive(() => desk.team.advisorCustomers({ advisorId, filter }), `${advisorId}:${filter}`, TEAM_TABLES);

  const rows = useMemo(() => {
    const all = live.state === 'ok' ? live.value.rows : [];
    const q = text.trim().toLowerCase();
    return q ? all.filter((r) => r.name.toLowerCase().includes(q) || (r.plate ?? '').toLowerCase().includes(q)) : all;
  }, [live, text]);
  const total = live.state === 'ok' ? live.value.rows.length : 0;
  const visibleSelected = [...selected].filter((id) => rows.some((r) => r.id === id));

  return (
    <section className="screen tm-drill" data-testid="advisor-customers">
      <header className="tm-head">
        <button className="back" onClick={back}>
          ← {t('team.drill.back')}
        </button>
        <h1>{live.state === 'ok' ? t('team.drill.title', { name: live.value.advisorName }) : t('team.title')}</h1>
        {live.state === 'ok' && (
          <span className="muted" data-testid="drill-count">
            {rows.length === total ? t('team.drill.count', { count: total }) : t('team.drill.shown', { shown: rows.length, count: total })}
          </span>
        )}
      </header>
      <div className="rs-filters">
        <input className="rs-input rs-text" type="search" placeholder={t('team.drill.filter')} aria-label={t('team.drill.filter')} value={text} onChange={(e) => setDrill({ text: e.target.value })} />
        <div className="rs-group" role="group">
          {ADVISOR_CUSTOMER_FILTERS.map((f) => (
            <button key={f} className={f === filter ? 'rs-chip active' : 'rs-chip'} aria-pressed={f === filter} onClick={() => setDrill({ filter: f })} data-testid={`drill-filter-${f}`}>
              {t(`team.drill.filters.${f}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="tm-bar" data-testid="drill-selection">
        {visibleSelected.length > 0 ? (
          <>
            <strong>{t('team.drill.selected', { count: visibleSelected.length })}</strong>
            <button className="primary" onClick={() => setDialog(true)} data-testid="reassign-open">
              {t('team.drill.reassign')}
            </button>
            <ExportButtons request={{ what: ['customers'], customerIds: visibleSelected }} formats={[{ format: 'xlsx', label: t('team.export.customers') }]} testId="export-selected" />
            <button className="link" onClick={() => setSelected(new Set())}>
              {t('team.drill.clear')}
            </button>
          </>
        ) : (
          <ExportButtons request={{ what: ['customers'], customerList: 'advisor', advisorId }} formats={[{ format: 'xlsx', label: t('team.export.advisor') }]} testId="export-advisor" />
        )}
        {visibleSelected.length === 0 && <span className="muted tm-keys">{t('team.drill.keys')}</span>}
        <span className="tm-notice" role="status" aria-live="polite" data-testid="drill-notice">
          {notice}
        </span>
      </div>
      {dialog && (
        <ReassignDialog
          customerIds={visibleSelected}
          advisors={advisors}
          fromAdvisorId={advisorId}
          onCancel={() => setDialog(false)}
          onDone={(r, to) => {
            setDialog(false);
            setSelected(new Set());
            setNotice(t('team.reassign.saved', { count: r.moved, name: to.name, tasks: r.tasksMoved }));
            reload();
          }}
        />
      )}
      {historyOf && <CustomerHistory customerId={historyOf} onClose={() => setHistoryOf(null)} />}
      {live.state === 'loading' && <p className="muted">{t('team.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <CustomerList
          rows={rows}
          today={live.value.today}
          selected={selected}
          onToggle={(id) =>
            setSelected((s) => {
              const next = new Set(s);
              if (!next.delete(id)) next.add(id);
              return next;
            })
          }
          onSelectAll={(all) => setSelected(all ? new Set(rows.map((r) => r.id)) : new Set())}
          onHistory={setHistoryOf}
        />
      )}
    </section>
  );
}

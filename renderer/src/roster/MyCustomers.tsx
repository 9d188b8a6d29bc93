import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyRoster, type RosterFilter } from '../../../shared/domain/roster';
import { DEFAULT_CALENDAR_RULES } from '../../../shared/domain/calendar/config';
import { addDays } from '../../../shared/domain/rules/days';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { BatchFollowUp } from './BatchFollowUp';
import { Filters } from './Filters';
import { Grid } from './Grid';
import { useRosterUi } from './ui-state';
import './roster.css';

const TABLES = ['customers', 'visits', 'surveys', 'complaints', 'tasks', 'card_reminders', 'vehicles'];

/** The customers assigned to me: a virtualised list of thousands of rows, filtered and sorted at once. */
export function MyCustomers() {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff);
  const ui = useRosterUi();
  const { advisorId, filter, sort, selected } = ui;
  const setAdvisorId = (id: string) => ui.set({ advisorId: id, activeId: null });
  const setFilter = (f: RosterFilter) => ui.set({ filter: f, activeId: null });
  const setSort = (update: (s: typeof sort) => typeof sort) => ui.set({ sort: update(sort), activeId: null });
  const setSelected = ui.select;
  const staff = useDeskQuery(() => desk.staff.list({}), []);
  const advisors = staff.state === 'ok' ? staff.value.filter((s) => s.role === 'advisor') : [];
  // Another advisor's list is a manager's view: an advisor's is their own whatever was left chosen.
  const whose = me?.role === 'manager' ? (advisorId ?? advisors[0]?.id) : undefined;
  const { live } = useLive(() => desk.roster.list({ advisorId: whose }), whose ?? '', TABLES);
  const [batchOpen, setBatchOpen] = useState(false);
  const [notice, setNotice] = useState('');

  const rows = live.state === 'ok' ? live.value.rows : [];
  const today = live.state === 'ok' ? live.value.today : '';
  const shown = useMemo(() => (today ? applyRoster(rows, today, filter, sort) : []), [rows, today, filter, sort]);

  // A selection never holds customers no longer listed.
  useEffect(() => {
    if (live.state !== 'ok') return;
    const ids = new Set(rows.map((r) => r.id));
    setSelected((s) => (Array.from(s).every((id) => ids.has(id)) ? s : new Set(Array.from(s).filter((id) => ids.has(id)))));
  }, [rows, live.state, setSelected]);

  const filtered = filter.tiers.length + filter.flags.length > 0 || filter.noVisitDays !== null || filter.birthdayWithinDays !== null || filter.text.trim() !== '';

  return (
    <section className="screen roster-screen" data-testid="roster">
      <header className="roster-head">
        <h1>{t('roster.title')}</h1>
        {live.state === 'ok' && (
          <span className="muted" data-testid="roster-count">
            {filtered ? t('roster.shown', { shown: shown.length.toLocaleString(), total: rows.length.toLocaleString() }) : t('roster.total', { total: rows.length.toLocaleString() })}
          </span>
        )}
        {me?.role === 'manager' && advisors.length > 0 && (
          <select className="rs-input rs-advisor" value={whose ?? ''} onChange={(e) => setAdvisorId(e.target.value)} aria-label={t('today.viewing')}>
            {advisors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
      </header>
      <Filters filter={filter} onChange={setFilter} filtered={filtered} />
      <div className="rs-selection" data-testid="roster-selection">
        {selected.size > 0 ? (
          <>
            <strong>{t('roster.selected', { count: selected.size })}</strong>
            <button className="primary" onClick={() => setBatchOpen(true)} data-testid="batch-log">
              {t('roster.batch.log')}
            </button>
            <button
              onClick={() => today && useNav.getState().go({ screen: 'cardsPrint', from: addDays(today, -7), to: addDays(today, DEFAULT_CALENDAR_RULES.occasionHorizonDays), customerIds: [...selected] })}
              data-testid="batch-print"
            >
              {t('roster.batch.print')}
            </button>
            <button className="link" onClick={() => setSelected(new Set())}>
              {t('roster.clearSelection')}
            </button>
          </>
        ) : (
          <span className="muted">{t('roster.keys')}</span>
        )}
        {shown.length > 0 && (
          <button className="link rs-select-all" onClick={() => setSelected(new Set(shown.map((r) => r.id)))} data-testid="select-all">
            {t('roster.selectAll')}
          </button>
        )}
        <span className="rs-notice" role="status" aria-live="polite" data-testid="roster-notice">
          {notice}
        </span>
      </div>
      {batchOpen && (
        <BatchFollowUp
          ids={Array.from(selected)}
          onCancel={() => setBatchOpen(false)}
          onLeaveOut={(out) => setSelected((s) => new Set([...s].filter((id) => !out.includes(id))))}
          onDone={(n) => {
            setBatchOpen(false);
            setSelected(new Set());
            setNotice(t('roster.batch.saved', { count: n }));
          }}
        />
      )}
      {live.state === 'loading' && <p className="muted">{t('roster.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <Grid
          rows={shown}
          today={today}
          sort={sort}
          resetKey={JSON.stringify([whose, filter, sort])}
          activeId={ui.activeId}
          onActive={(id) => ui.set({ activeId: id })}
          onSort={(key) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' && key !== 'nextOccasion' }))}
          selected={selected}
          onToggle={(id) =>
            setSelected((s) => {
              const next = new Set(s);
              if (!next.delete(id)) next.add(id);
              return next;
            })
          }
          onSelectShown={(select) =>
            setSelected((s) => {
              const next = new Set(s);
              for (const r of shown) {
                if (select) next.add(r.id);
                else next.delete(r.id);
              }
              return next;
            })
          }
          empty={rows.length === 0 ? t('roster.none') : t('roster.empty')}
        />
      )}
    </section>
  );
}

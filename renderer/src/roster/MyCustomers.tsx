import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { applyRoster, type RosterFilter, type RosterRow, type RosterSortKey } from '../../../shared/domain/roster';
import { DEFAULT_CALENDAR_RULES } from '../../../shared/domain/calendar/config';
import { addDays, daysBetween } from '../../../shared/domain/rules/days';
import type { RiskFlag } from '../../../shared/domain/rules/radar';
import { TASK_OUTCOMES, type TaskOutcome } from '../../../shared/domain/tasks';
import { CHANNELS, TIERS, type Channel, type Tier } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { riskReason } from '../today/reasons';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { TierBadge } from '../ui/TierBadge';
import './roster.css';

const ROW_HEIGHT = 44;
const OVERSCAN = 8;
const FLAGS: RiskFlag[] = ['red', 'yellow', 'green'];
const NO_VISIT_OPTIONS = [30, 60, 90, 180, 365];
const TABLES = ['customers', 'visits', 'surveys', 'complaints', 'tasks', 'card_reminders', 'vehicles'];
const EMPTY_FILTER: RosterFilter = { tiers: [], flags: [], noVisitDays: null, birthdayWithinDays: null, text: '' };

const COLUMNS: { key: RosterSortKey | null; label: string; className?: string }[] = [
  { key: 'name', label: 'name' },
  { key: null, label: 'plate' },
  { key: 'tier', label: 'tier' },
  { key: 'flag', label: 'flag' },
  { key: 'lastVisitOn', label: 'lastVisit' },
  { key: 'nextOccasion', label: 'nextOccasion' },
  { key: 'openTasks', label: 'openTasks', className: 'num' },
];

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** The customers assigned to me: a virtualised list of thousands of rows, filtered and sorted at once. */
export function MyCustomers() {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff);
  const [advisorId, setAdvisorId] = useState<string | undefined>(undefined);
  const staff = useDeskQuery(() => desk.staff.list({}), []);
  const advisors = staff.state === 'ok' ? staff.value.filter((s) => s.role === 'advisor') : [];
  const whose = advisorId ?? (me?.role === 'manager' ? advisors[0]?.id : undefined);
  const { live } = useLive(() => desk.roster.list({ advisorId: whose }), whose ?? '', TABLES);
  const [filter, setFilter] = useState<RosterFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<{ key: RosterSortKey; desc: boolean }>({ key: 'flag', desc: true });
  const [selected, setSelected] = useState<Set<string>>(new Set());
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
  }, [rows, live.state]);

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

function Filters({ filter, onChange, filtered }: { filter: RosterFilter; onChange(f: RosterFilter): void; filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="rs-filters" data-testid="roster-filters">
      <input className="rs-input rs-text" type="search" placeholder={t('roster.filter.text')} value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} aria-label={t('roster.filter.text')} />
      <div className="rs-group" role="group" aria-label={t('roster.filter.tier')}>
        <span className="rs-label">{t('roster.filter.tier')}</span>
        {TIERS.map((tier: Tier) => (
          <button key={tier} className={filter.tiers.includes(tier) ? 'rs-chip active' : 'rs-chip'} aria-pressed={filter.tiers.includes(tier)} onClick={() => onChange({ ...filter, tiers: toggle(filter.tiers, tier) })}>
            {t(`tier.${tier}`)}
          </button>
        ))}
      </div>
      <div className="rs-group" role="group" aria-label={t('roster.filter.risk')}>
        <span className="rs-label">{t('roster.filter.risk')}</span>
        {FLAGS.map((flag) => (
          <button
            key={flag}
            className={filter.flags.includes(flag) ? `rs-chip active flag-${flag}` : `rs-chip flag-${flag}`}
            aria-pressed={filter.flags.includes(flag)}
            onClick={() => onChange({ ...filter, flags: toggle(filter.flags, flag) })}
            data-testid={`filter-flag-${flag}`}
          >
            <span className={`rs-dot dot-${flag}`} />
            {t(`roster.flag.${flag}`)}
          </button>
        ))}
      </div>
      <label className="rs-group">
        <span className="rs-label">{t('roster.filter.noVisit')}</span>
        <select
          className="rs-input"
          value={filter.noVisitDays ?? ''}
          onChange={(e) => onChange({ ...filter, noVisitDays: e.target.value ? Number(e.target.value) : null })}
          data-testid="filter-no-visit"
        >
          <option value="">{t('roster.filter.any')}</option>
          {NO_VISIT_OPTIONS.map((d) => (
            <option key={d} value={d}>
              {t('roster.filter.noVisitDays', { days: d })}
            </option>
          ))}
        </select>
      </label>
      <div className="rs-group">
        <span className="rs-label">{t('roster.filter.birthday')}</span>
        <button
          className={filter.birthdayWithinDays !== null ? 'rs-chip active' : 'rs-chip'}
          aria-pressed={filter.birthdayWithinDays !== null}
          onClick={() => onChange({ ...filter, birthdayWithinDays: filter.birthdayWithinDays === null ? 30 : null })}
          data-testid="filter-birthday"
        >
          {t('roster.filter.birthdaySoon')}
        </button>
      </div>
      {filtered && (
        <button className="link" onClick={() => onChange(EMPTY_FILTER)}>
          {t('roster.filter.clear')}
        </button>
      )}
    </div>
  );
}

function Grid({
  rows,
  today,
  sort,
  onSort,
  selected,
  onToggle,
  onSelectShown,
  empty,
}: {
  rows: RosterRow[];
  today: string;
  sort: { key: RosterSortKey; desc: boolean };
  onSort(key: RosterSortKey): void;
  selected: Set<string>;
  onToggle(id: string): void;
  onSelectShown(select: boolean): void;
  empty: string;
}) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });

  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
  }, [rows, virtualizer]);

  function moveTo(i: number) {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const row = rows[active];
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') moveTo(active + 1);
    else if (e.key === 'ArrowUp') moveTo(active - 1);
    else if (e.key === 'PageDown') moveTo(active + page);
    else if (e.key === 'PageUp') moveTo(active - page);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else if (e.key === ' ' && row) onToggle(row.id);
    else if (e.key === 'Enter' && row) go({ screen: 'customer', customerId: row.id });
    else return;
    e.preventDefault();
  }

  const allShownSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div className="rs-table" role="grid" aria-rowcount={rows.length} data-testid="roster-grid">
      <div className="rs-row rs-header" role="row">
        <span role="columnheader" className="rs-check">
          <input
            type="checkbox"
            checked={allShownSelected}
            aria-label={t('roster.selectAll')}
            onChange={() => onSelectShown(!allShownSelected)}
          />
        </span>
        {COLUMNS.map((c) => (
          <span key={c.label} role="columnheader" className={c.className} aria-sort={c.key && sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
            {c.key ? (
              <button className={sort.key === c.key ? 'rs-sort active' : 'rs-sort'} onClick={() => onSort(c.key!)} data-testid={`sort-${c.key}`}>
                {t(`roster.col.${c.label}`)}
                {sort.key === c.key && <span aria-hidden>{sort.desc ? ' ↓' : ' ↑'}</span>}
              </button>
            ) : (
              t(`roster.col.${c.label}`)
            )}
          </span>
        ))}
      </div>
      <div className="rs-scroller" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} data-testid="roster-scroller">
        {rows.length === 0 && <p className="rs-empty">{empty}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map(({ index: i, start }) => {
            const r = rows[i]!;
            return (
              <div
                key={r.id}
                role="row"
                aria-rowindex={i + 1}
                aria-selected={selected.has(r.id)}
                className={`rs-row${i === active ? ' active' : ''}${selected.has(r.id) ? ' selected' : ''}`}
                style={{ position: 'absolute', top: start, left: 0, right: 0, height: ROW_HEIGHT }}
                onClick={() => setActive(i)}
                data-testid="roster-row"
                data-id={r.id}
              >
                <span className="rs-check">
                  <input type="checkbox" tabIndex={-1} checked={selected.has(r.id)} onChange={() => onToggle(r.id)} aria-label={r.name} />
                </span>
                <span>
                  <button className="rs-name" tabIndex={-1} onClick={() => go({ screen: 'customer', customerId: r.id })}>
                    {r.name}
                  </button>
                </span>
                <span>{r.plate ? <span className="plate">{r.plate}</span> : <span className="muted">—</span>}</span>
                <span>
                  <TierBadge tier={r.tier} />
                </span>
                <span className="rs-flag" title={r.reasons.map((x) => riskReason(x, t)).join(t('today.reasonSep'))}>
                  <span className={`rs-dot dot-${r.flag}`} />
                  <span className={`rs-flag-text flag-${r.flag}`}>{t(`roster.flag.${r.flag}`)}</span>
                  {r.flag !== 'green' && r.reasons[0] && <span className="rs-reason">{riskReason(r.reasons[0], t)}</span>}
                </span>
                <span className="rs-date">{r.lastVisitOn ? <>{r.lastVisitOn} <small>{r.lastVisitOn === today ? t('roster.todayShort') : t('roster.daysAgo', { days: daysBetween(r.lastVisitOn, today) })}</small></> : <span className="muted">{t('roster.never')}</span>}</span>
                <span className="rs-date">
                  {r.nextOccasion ? (
                    <>
                      {t(`today.occasions.kind.${r.nextOccasion.occasion}`)} <small>{r.nextOccasion.date === today ? t('roster.todayShort') : t('roster.inDays', { days: daysBetween(today, r.nextOccasion.date) })}</small>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </span>
                <span className="num">{r.openTasks > 0 ? r.openTasks : <span className="muted">0</span>}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function BatchFollowUp({ ids, onCancel, onDone }: { ids: string[]; onCancel(): void; onDone(n: number): void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('wechat');
  const [outcome, setOutcome] = useState<TaskOutcome>('reached');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  async function save() {
    setSaving(true);
    const r = await desk.roster.logFollowUp({ customerIds: ids, channel, outcome, note: note.trim() || undefined });
    setSaving(false);
    if (r.ok) onDone(r.value.logged);
    else setError(r.error);
  }
  return (
    <form
      className="panel rs-batch"
      data-testid="batch-form"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('roster.batch.title', { count: ids.length })}</h2>
      <p className="muted rs-small">{t('roster.batch.hint')}</p>
      <div className="rs-form-row">
        <span className="rs-label">{t('roster.batch.channel')}</span>
        {CHANNELS.map((c) => (
          <button type="button" key={c} className={c === channel ? 'rs-chip active' : 'rs-chip'} aria-pressed={c === channel} onClick={() => setChannel(c)}>
            {t(`today.channel.${c}`)}
          </button>
        ))}
      </div>
      <div className="rs-form-row">
        <span className="rs-label">{t('roster.batch.outcome')}</span>
        {TASK_OUTCOMES.map((o) => (
          <button type="button" key={o} className={o === outcome ? 'rs-chip active' : 'rs-chip'} aria-pressed={o === outcome} onClick={() => setOutcome(o)}>
            {t(`today.outcome.${o}`)}
          </button>
        ))}
      </div>
      <label className="rs-form-row">
        <span className="rs-label">{t('roster.batch.note')}</span>
        <input ref={first} className="rs-input rs-note" value={note} maxLength={500} placeholder={t('roster.batch.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <ErrorNote error={error} />}
      <div className="rs-form-row">
        <button type="submit" className="primary" disabled={saving} data-testid="batch-save">
          {t('roster.batch.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('roster.batch.cancel')}
        </button>
      </div>
    </form>
  );
}

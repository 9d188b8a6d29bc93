import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { type RosterRow, type RosterSortKey } from '../../../shared/domain/roster';
import { daysBetween } from '../../../shared/domain/rules/days';
import { useNav } from '../state/nav';
import { CustomerCells } from './CustomerCells';

const ROW_HEIGHT = 44;
const OVERSCAN = 8;

const COLUMNS: { key: RosterSortKey | null; label: string; className?: string }[] = [
  { key: 'name', label: 'name' },
  { key: null, label: 'plate' },
  { key: 'tier', label: 'tier' },
  { key: 'flag', label: 'flag' },
  { key: 'lastVisitOn', label: 'lastVisit' },
  { key: 'nextOccasion', label: 'nextOccasion' },
  { key: 'openTasks', label: 'openTasks', className: 'num' },
];

/** The virtualised list: sortable columns, keyboard (arrows, PageUp/Down, Home/End, Space selects, Enter opens). */
export function Grid({
  rows,
  today,
  sort,
  resetKey,
  activeId,
  onActive,
  onSort,
  selected,
  onToggle,
  onSelectShown,
  empty,
}: {
  rows: RosterRow[];
  today: string;
  /** Changes when the filter or the order does: the list starts again at the top. */
  resetKey: string;
  /** The row the keyboard was on (kept while a customer is opened and closed), by customer. */
  activeId: string | null;
  onActive(id: string | null): void;
  sort: { key: RosterSortKey; desc: boolean };
  onSort(key: RosterSortKey): void;
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onSelectShown(select: boolean): void;
  empty: string;
}) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const scroller = useRef<HTMLDivElement>(null);
  const at = (id: string | null) => Math.max(0, id === null ? 0 : rows.findIndex((r) => r.id === id));
  const [active, setActiveIndex] = useState(() => at(activeId));
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const setActive = (i: number) => {
    setActiveIndex(i);
    onActive(rows[i]?.id ?? null);
  };

  // Back from a customer: on the row left, in view.
  useEffect(() => {
    if (active > 0) virtualizer.scrollToIndex(active, { align: 'center' });
  }, []); // once, when the list first shows
  // Another filter or order: from the top. A refresh of the same list (a sync, a write) keeps the row and the scroll.
  const shownWith = useRef(resetKey);
  useEffect(() => {
    if (shownWith.current === resetKey) return; // the same list (also React's second mount in development)
    shownWith.current = resetKey;
    setActiveIndex(0);
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);
  useEffect(() => {
    if (activeId === null || rows[active]?.id === activeId) return;
    const i = rows.findIndex((r) => r.id === activeId);
    if (i >= 0) setActiveIndex(i);
  }, [rows, activeId, active]);

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
                <CustomerCells row={r} today={today} focusable={false} />
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

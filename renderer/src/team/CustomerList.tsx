import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { AdvisorCustomerRow } from '../../../shared/api/areas/team';
import { CustomerCells } from '../roster/CustomerCells';
import { useNav } from '../state/nav';

const ROW_HEIGHT = 42;

/** One advisor's customers, virtualised (an advisor can own thousands); click a name to open the customer. */
export function CustomerList({
  rows,
  today,
  selected,
  onToggle,
  onSelectAll,
  onHistory,
}: {
  rows: AdvisorCustomerRow[];
  today: string;
  selected: Set<string>;
  onToggle(id: string): void;
  onSelectAll(all: boolean): void;
  onHistory(id: string): void;
}) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [rows]);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  // Keys as in My customers: arrows move, Space selects, Enter opens the customer, H shows the history.
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const row = rows[active];
    const move = (i: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, i));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === ' ' && row) onToggle(row.id);
    else if (e.key === 'Enter' && row) go({ screen: 'customer', customerId: row.id });
    else if (e.key.toLowerCase() === 'h' && row) onHistory(row.id);
    else return;
    e.preventDefault();
  }
  const col = (k: string) => t(`team.drill.col.${k}`);

  return (
    <div className="tm-list" role="grid" aria-rowcount={rows.length} data-testid="drill-list">
      <div className="tm-row tm-header" role="row">
        <span className="rs-check">
          <input type="checkbox" checked={allSelected} onChange={() => onSelectAll(!allSelected)} aria-label={t('team.drill.selectAll')} data-testid="drill-select-all" />
        </span>
        <span>{col('name')}</span>
        <span>{col('plate')}</span>
        <span>{col('tier')}</span>
        <span>{col('flag')}</span>
        <span>{col('lastVisit')}</span>
        <span className="num">{col('openTasks')}</span>
        <span className="num">{col('overdueTasks')}</span>
        <span className="tm-pad">{col('lastFollowUp')}</span>
        <span />
      </div>
      <div className="tm-scroller" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} aria-label={t('team.drill.keys')}>
        {rows.length === 0 && <p className="rs-empty">{t('team.drill.empty')}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map(({ index, start }) => {
            const r = rows[index]!;
            const on = selected.has(r.id);
            return (
              <div
                key={r.id}
                role="row"
                aria-selected={on}
                className={`tm-row${on ? ' selected' : ''}${index === active ? ' active' : ''}`}
                onClick={() => setActive(index)}
                style={{ position: 'absolute', top: start, left: 0, right: 0, height: ROW_HEIGHT }}
                data-testid="drill-row"
                data-id={r.id}
              >
                <span className="rs-check">
                  <input type="checkbox" checked={on} onChange={() => onToggle(r.id)} aria-label={r.name} />
                </span>
                <CustomerCells row={r} today={today} />
                <span className="num">{r.openTasks > 0 ? r.openTasks : <span className="muted">0</span>}</span>
                <span className="num">{r.overdueTasks > 0 ? <span className="tm-bad">{r.overdueTasks}</span> : <span className="muted">0</span>}</span>
                <span className="rs-date tm-pad">{r.lastFollowUpOn ?? <span className="muted">{t('team.drill.never')}</span>}</span>
                <span>
                  <button className="link tm-history-link" onClick={() => onHistory(r.id)} data-testid="history-open">
                    {t('team.history.show')}
                  </button>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

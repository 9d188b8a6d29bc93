import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { ExportButtons } from '../ui/ExportButtons';
import { TierBadge } from '../ui/TierBadge';
import { useActiveAdvisors } from './use-advisors';

const PAGE = 50;

/** Gold and diamond customers are promised a dedicated advisor: those without one, assigned in bulk. */
export function VipWithoutAdvisorPanel() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const advisors = useActiveAdvisors();
  const { live, reload } = useLive(() => desk.team.unassignedVip({}), 'vip', ['customers', 'staff', 'customer_assignments']);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [to, setTo] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const [notice, setNotice] = useState('');

  const rows = live.state === 'ok' ? live.value : [];
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function assign() {
    const advisor = advisors.find((a) => a.id === to);
    if (!advisor || selected.size === 0) return;
    setSaving(true);
    setError(null);
    const r = await desk.team.reassign({ customerIds: [...selected], toAdvisorId: advisor.id, reason: t('team.vip.reason') });
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setSelected(new Set());
    setNotice(t('team.vip.saved', { count: r.value.moved, name: advisor.name }));
    reload();
  }

  return (
    <section className="panel tm-section" data-testid="vip-panel">
      <div className="tm-section-head">
        <h2>{t('team.vip.title')}</h2>
        {live.state === 'ok' && rows.length > 0 && <span className="muted">{t('team.vip.count', { count: rows.length })}</span>}
        <span className="tm-notice" role="status" data-testid="vip-notice">
          {notice}
        </span>
        {rows.length > 0 && (
          <span className="tm-actions">
            <ExportButtons request={{ what: ['customers'], customerList: 'vip_without_advisor' }} formats={[{ format: 'xlsx', label: t('team.vip.export') }]} testId="export-vip" />
          </span>
        )}
      </div>
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && rows.length === 0 && <p className="muted">{t('team.vip.none')}</p>}
      {rows.length > 0 && (
        <>
          <p className="muted tm-small">{t('team.vip.hint')}</p>
          <div className="tm-bar">
            <label className="tm-check-all">
              <input
                type="checkbox"
                checked={selected.size === rows.length}
                onChange={() => setSelected(selected.size === rows.length ? new Set() : new Set(rows.map((r) => r.id)))}
                data-testid="vip-select-all"
              />
              {t('team.vip.selectAll')}
            </label>
            {selected.size > 0 && <strong>{t('team.drill.selected', { count: selected.size })}</strong>}
            <select className="tm-select" value={to} onChange={(e) => setTo(e.target.value)} aria-label={t('team.vip.assign')} data-testid="vip-advisor">
              <option value="">{t('team.vip.assign')}</option>
              {advisors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <button className="primary" disabled={saving || !to || selected.size === 0} onClick={() => void assign()} data-testid="vip-assign">
              {t('team.vip.assignTo')}
            </button>
          </div>
          {error && <ErrorNote error={error} />}
          <table className="tm-table tm-vip">
            <thead>
              <tr>
                <th />
                <th>{t('team.vip.col.name')}</th>
                <th>{t('team.vip.col.tier')}</th>
                <th>{t('team.vip.col.plate')}</th>
                <th>{t('team.vip.col.advisor')}</th>
                <th>{t('team.vip.col.lastVisit')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((r) => (
                <tr key={r.id} className={selected.has(r.id) ? 'selected' : undefined} onClick={() => toggle(r.id)} data-testid="vip-row">
                  <td>
                    <input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} onClick={(e) => e.stopPropagation()} aria-label={r.name} />
                  </td>
                  <td>
                    <button className="tm-link" onClick={(e) => { e.stopPropagation(); go({ screen: 'customer', customerId: r.id }); }}>
                      {r.name}
                    </button>
                  </td>
                  <td><TierBadge tier={r.tier} /></td>
                  <td>{r.plate ? <span className="plate">{r.plate}</span> : <span className="tm-zero">—</span>}</td>
                  <td className="muted">{r.formerAdvisorName ? t('team.vip.former', { name: r.formerAdvisorName }) : t('team.vip.never')}</td>
                  <td className="muted">{r.lastVisitOn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > shown && (
            <button className="link" onClick={() => setShown((n) => n + PAGE)}>
              {t('team.vip.more', { count: Math.min(PAGE, rows.length - shown) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

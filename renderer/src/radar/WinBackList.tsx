import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RadarAdvisor } from '../../../shared/api/areas/radar';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { riskReason } from '../today/reasons';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { ExportButtons } from '../ui/ExportButtons';
import { TierBadge } from '../ui/TierBadge';
import { RADAR_TABLES } from './RadarScreen';

const PAGE = 50;

/** Red customers whose win-back plan has not started, for the store or one advisor; click one to open them. */
export function WinBackList({ advisor, total, onAll }: { advisor: RadarAdvisor | null; total: number; onAll(): void }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [shown, setShown] = useState(PAGE);
  const advisorId = advisor?.advisorId;
  const { live } = useLive(() => desk.radar.redWithoutWinBack({ advisorId }), advisorId ?? '*', RADAR_TABLES);
  const rows = live.state === 'ok' ? live.value : [];
  const ids = rows.map((r) => r.id);

  return (
    <section className="panel tm-section" data-testid="winback">
      <div className="tm-section-head">
        <h2>{t('radar.winBack.title')}</h2>
        <span className="muted">{t('radar.winBack.count', { count: live.state === 'ok' ? rows.length : total })}</span>
        {advisor && (
          <button className="rs-chip active" onClick={onAll}>
            {t('radar.filterAdvisor', { name: advisor.name ?? t('radar.noAdvisor') })} ✕
          </button>
        )}
        <span className="tm-actions">
          <ExportButtons
            request={advisor && ids.length > 0 ? { what: ['customers'], customerIds: ids } : { what: ['customers'], customerList: 'red_without_win_back' }}
            formats={[{ format: 'xlsx', label: t('radar.export') }]}
            testId="export-winback"
            disabled={ids.length === 0}
          />
        </span>
      </div>
      <p className="muted tm-small">{t('radar.winBack.hint')}</p>
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && rows.length === 0 && <p className="muted">{t('radar.winBack.none')}</p>}
      {rows.length > 0 && (
        <div className="rd-list-wrap">
          <table className="tm-table rd-list">
            <thead>
              <tr>
                <th>{t('radar.winBack.col.name')}</th>
                <th>{t('radar.winBack.col.tier')}</th>
                <th>{t('radar.winBack.col.advisor')}</th>
                <th>{t('radar.winBack.col.reason')}</th>
                <th>{t('radar.winBack.col.lastVisit')}</th>
                <th>{t('radar.winBack.col.task')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((r) => (
                <tr key={r.id} onClick={() => go({ screen: 'customer', customerId: r.id })} data-testid="winback-row">
                  <td>
                    <button className="tm-link">{r.name}</button> {r.plate && <span className="plate">{r.plate}</span>}
                  </td>
                  <td>
                    <TierBadge tier={r.tier} />
                  </td>
                  <td>{r.advisorName ?? <span className="muted">{t('radar.noAdvisor')}</span>}</td>
                  <td className="rd-why">{r.reasons.map((x) => riskReason(x, t)).join(t('today.reasonSep'))}</td>
                  <td>{r.lastVisitOn ?? '—'}</td>
                  <td data-testid="winback-task">{r.openWinBackTaskId ? t('radar.winBack.taskOpen') : <span className="muted">{t('radar.winBack.taskNone')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > shown && (
        <button className="link" onClick={() => setShown((n) => n + PAGE)}>
          {t('radar.winBack.more', { count: Math.min(PAGE, rows.length - shown) })}
        </button>
      )}
    </section>
  );
}
